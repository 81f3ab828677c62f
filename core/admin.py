from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """The outbox, for operators: what is owed, what failed and why, and a way to
    send failed jobs again once their cause is fixed."""

    list_display = ["pk", "task", "args", "created_at", "sent_at", "sends", "done_at", "failed_at"]
    list_filter = ["task", ("done_at", admin.EmptyFieldListFilter), ("failed_at", admin.EmptyFieldListFilter)]
    readonly_fields = [f.name for f in Job._meta.fields]
    actions = ["send_again"]

    @admin.action(description=_("Send the selected failed or pending jobs again"))
    def send_again(self, request, queryset):
        count = queryset.filter(done_at__isnull=True).update(failed_at=None, running_until=None, sent_at=None, sends=0)
        messages.info(
            request,
            ngettext("%(n)d job will be sent again within a minute.", "%(n)d jobs will be sent again within a minute.",
                     count) % {"n": count},
        )

    def has_add_permission(self, request):
        return False
