from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.placeholder import section_page

app_name = "support"
urlpatterns = [
    path("", section_page(_("Get help"), _("Describe your problem and we will find an answer.")), name="get_help"),
    path("inbox/", section_page(_("Ticket inbox"), _("Tickets from customers.")), name="inbox"),
]
