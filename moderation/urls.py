from django.urls import path

from moderation import views

app_name = "moderation"
urlpatterns = [
    path("queue/", views.queue, name="queue"),
    path("queue/bulk/", views.queue_bulk, name="queue_bulk"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/claim/", views.item_claim, name="item_claim"),
    path("items/<int:pk>/decide/", views.item_decide, name="item_decide"),
    path("content/<int:ct>/<int:pk>/", views.content_detail, name="content"),
    path("content/<int:ct>/<int:pk>/<str:action>/", views.content_action, name="content_action"),
    path("flag/<int:ct>/<int:pk>/", views.flag, name="flag"),
    path("appeal/<int:ct>/<int:pk>/", views.appeal, name="appeal"),
    path("notices/", views.notices, name="notices"),
    path("log/", views.audit_log, name="log"),
    path("members/<int:pk>/", views.member_history, name="member"),
    path("members/<int:pk>/sanction/", views.member_sanction, name="member_sanction"),
    path("sanctions/<int:pk>/lift/", views.sanction_lift, name="sanction_lift"),
    path("rules/", views.rules_page, name="rules"),
    path("rules/<int:pk>/remove/", views.rule_remove, name="rule_remove"),
    path("guidelines/", views.guidelines, name="guidelines"),
    path("guidelines/edit/", views.guidelines_edit, name="guidelines_edit"),
]
