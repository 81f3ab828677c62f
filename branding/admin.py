from django.contrib import admin
from django.db import models

from branding.forms import LogoField
from branding.models import Brand


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    formfield_overrides = {models.ImageField: {"form_class": LogoField}}
