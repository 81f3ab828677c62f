from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.placeholder import section_page

app_name = "moderation"
urlpatterns = [
    path("queue/", section_page(_("Review queue"), _("Posts waiting for a moderator.")), name="queue"),
    path("guidelines/", section_page(_("Community guidelines"), _("Be kind, stay on topic, and help each other.")), name="guidelines"),
]
