from django.urls import path

from branding import views

app_name = "branding"
urlpatterns = [path("manage/brand/", views.brand_settings, name="settings")]
