from datetime import timedelta

from django.core import mail

from moderation import api, tasks
from moderation.models import ReviewItem
from tests import factories


def test_moderators_are_reminded_once_about_stale_items(make_post, moderator, settings):
    settings.MODERATION_REMIND_AFTER_HOURS = 24
    author = factories.member(trust_level=0)
    post = make_post(author=author)
    api.screen(obj=post, author=author, text=post.body)
    assert tasks.remind_stale_items() == 0
    ReviewItem.objects.update(created_at=ReviewItem.objects.get().created_at - timedelta(hours=25))
    assert tasks.remind_stale_items() == 1
    assert [m.to for m in mail.outbox] == [[moderator.email]]
    assert "/moderation/queue/" in mail.outbox[0].body
    assert tasks.remind_stale_items() == 0
    assert len(mail.outbox) == 1


def test_notice_is_emailed_once(make_post, moderator, django_capture_on_commit_callbacks):
    from moderation import services
    from moderation.models import Notice

    post = make_post()
    with django_capture_on_commit_callbacks(execute=True):
        services.content_hide(obj=post, moderator=moderator, reason="r")
    notice = Notice.objects.get()
    assert notice.emailed
    assert tasks.send_notice(notice.pk) is False
    assert len(mail.outbox) == 1


def test_members_who_want_no_email_still_see_the_notice(make_post, moderator, django_capture_on_commit_callbacks):
    from moderation import services
    from moderation.models import Notice

    author = factories.member(email_notifications="never")
    with django_capture_on_commit_callbacks(execute=True):
        services.content_hide(obj=make_post(author=author), moderator=moderator, reason="r")
    assert Notice.objects.filter(member=author).exists()
    assert not mail.outbox
