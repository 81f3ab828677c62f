from django.contrib import admin

from support.models import HelpSession, Ticket, TicketMessage, WebhookDelivery


class TicketMessageInline(admin.TabularInline):
    model = TicketMessage
    extra = 0
    fields = ["author", "internal", "body", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = ["reference", "subject", "status", "source", "requester_email", "assignee", "created_at"]
    list_filter = ["status", "source"]
    search_fields = ["reference", "subject", "requester_email"]
    raw_id_fields = ["requester", "assignee", "help_session"]
    inlines = [TicketMessageInline]


@admin.register(HelpSession)
class HelpSessionAdmin(admin.ModelAdmin):
    list_display = ["token", "user", "query", "outcome", "started_at"]
    list_filter = ["outcome"]
    raw_id_fields = ["user"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "ticket", "state", "attempts", "last_status_code", "created_at"]
    list_filter = ["state"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
