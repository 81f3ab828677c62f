from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.placeholder import section_page

app_name = "community"
urlpatterns = [
    path("", section_page(_("Community"), _("Ask other customers and our agents.")), name="home"),
]
