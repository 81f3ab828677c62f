from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("Support")

    def ready(self):
        from core import metrics
        from support.webhooks import delivery_metrics

        metrics.state(delivery_metrics)
