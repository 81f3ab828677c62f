from celery import shared_task

from core.jobs import JobTask


@shared_task(base=JobTask)
def send_notice(notice_id: int) -> bool:
    """Email the member about a moderation decision (idempotent)."""
    from moderation.models import Notice
    from moderation.services import notice_send

    notice = Notice.objects.select_related("member").filter(pk=notice_id).first()
    return bool(notice) and notice_send(notice=notice)


@shared_task(acks_late=True)
def remind_stale_items() -> int:
    """Tell moderators about items that waited longer than MODERATION_REMIND_AFTER_HOURS."""
    from moderation.services import stale_items_remind

    return stale_items_remind()
