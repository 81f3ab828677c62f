from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.placeholder import section_page

app_name = "search"
urlpatterns = [
    path("", section_page(_("Search"), _("Search the knowledge base and the community.")), name="results"),
]
