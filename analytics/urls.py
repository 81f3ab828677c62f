from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.placeholder import section_page

app_name = "analytics"
urlpatterns = [
    path("dashboard/", section_page(_("Dashboard"), _("Deflection and engagement metrics.")), name="dashboard"),
]
