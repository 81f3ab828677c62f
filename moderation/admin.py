from django.contrib import admin

from moderation.models import BannedPhrase, ModerationAction, Sanction


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    """Read only: the audit log is append-only, even for superusers."""

    list_display = ["created_at", "kind", "actor", "member", "content_kind", "object_id"]
    list_filter = ["kind"]
    search_fields = ["reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Sanction)
class SanctionAdmin(admin.ModelAdmin):
    list_display = ["member", "kind", "until", "created_at", "lifted_at"]
    readonly_fields = [f.name for f in Sanction._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(BannedPhrase)
