from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrandingConfig(AppConfig):
    name = "branding"
    verbose_name = _("Branding")

    def ready(self):
        from branding.services import brand_get
        from core import markdown

        markdown.set_remote_images_policy(lambda: brand_get().allow_remote_images)
