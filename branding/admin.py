from django.contrib import admin

from branding.models import Brand

admin.site.register(Brand)
