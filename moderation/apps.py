from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("Moderation")

    def ready(self):
        from accounts.profile import register_section
        from moderation.profile import sanctions_section

        register_section(sanctions_section, order=900)
