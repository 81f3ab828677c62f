from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("members/<int:pk>/", views.profile, name="profile"),
    path("settings/", views.settings_view, name="settings"),
    path("language/", views.set_language, name="set_language"),
]
