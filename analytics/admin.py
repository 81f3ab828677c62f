from django.contrib import admin

from analytics.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at", "user", "visitor_id"]
    list_filter = ["name"]
    readonly_fields = [f.name for f in Event._meta.fields]
