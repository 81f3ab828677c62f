from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.placeholder import section_page

app_name = "knowledge_base"
urlpatterns = [
    path("", section_page(_("Knowledge base"), _("Guides and answers written by our team.")), name="home"),
    path("manage/", section_page(_("Manage articles"), _("Write and publish articles.")), name="manage"),
]
