from django.urls import path

from support import views

app_name = "support"
urlpatterns = [
    path("", views.get_help, name="get_help"),
    path("go/<str:token>/", views.open_suggestion, name="open_suggestion"),
    path("solved/<str:token>/", views.solved, name="solved"),
    path("ask/<str:token>/", views.ask_community, name="ask_community"),
    path("contact/", views.contact, name="contact"),
    path("contact/sent/<str:reference>/", views.ticket_sent, name="ticket_sent"),
    path("tickets/", views.my_tickets, name="my_tickets"),
    path("tickets/<int:pk>/", views.ticket_detail, name="ticket"),
    path("tickets/<int:pk>/reply/", views.ticket_reply, name="ticket_reply"),
    path("tickets/<int:pk>/status/", views.ticket_status, name="ticket_status"),
    path("tickets/<int:pk>/assign/", views.ticket_assign, name="ticket_assign"),
    path("tickets/<int:pk>/solve/", views.ticket_solve, name="ticket_solve"),
    path("tickets/<int:pk>/article/", views.ticket_article, name="ticket_article"),
    path("inbox/", views.inbox, name="inbox"),
    path("escalate/<int:question_id>/", views.escalate_question, name="escalate_question"),
    path("customers/<int:user_id>/", views.customer, name="customer"),
    path("helpdesk/deliveries/", views.deliveries, name="deliveries"),
    path("helpdesk/inbound/", views.helpdesk_inbound, name="helpdesk_inbound"),
]
