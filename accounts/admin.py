from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models

from accounts.models import User
from core.images import CleanImageField


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    formfield_overrides = {models.ImageField: {"form_class": CleanImageField}}
    ordering = ["email"]
    list_display = ["email", "display_name", "trust_level", "is_active", "date_joined"]
    search_fields = ["email", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["display_name", "avatar", "bio", "language", "email_notifications"]}),
        ("Community", {"fields": ["trust_level", "suspended_until", "suspension_reason"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
