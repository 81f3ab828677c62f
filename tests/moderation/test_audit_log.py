"""The audit log: every act, append-only, filterable by moderators and managers."""

import pytest

from moderation import services
from moderation.models import BannedPhrase, ModerationAction
from tests import factories

URL = "/moderation/log/"


def test_entries_cannot_be_changed_or_deleted(moderator):
    entry = services.log(kind="warn", actor=moderator, reason="x")
    entry.reason = "rewritten"
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()
    with pytest.raises(RuntimeError):
        ModerationAction.objects.filter(pk=entry.pk).update(reason="y")
    with pytest.raises(RuntimeError):
        ModerationAction.objects.all().delete()
    assert ModerationAction.objects.get(pk=entry.pk).reason == "x"


def test_admin_cannot_change_or_delete(admin_client):
    entry = services.log(kind="warn", reason="x")
    assert admin_client.get(f"/admin/moderation/moderationaction/{entry.pk}/delete/").status_code == 403
    assert admin_client.post(f"/admin/moderation/moderationaction/{entry.pk}/change/",
                             {"reason": "y"}).status_code == 403
    assert ModerationAction.objects.get(pk=entry.pk).reason == "x"


@pytest.mark.parametrize("who,status", [("member", 403), ("agent", 403), ("moderator", 200), ("manager", 200)])
def test_who_reads_the_log(client, staff_mfa_off, db, who, status):
    client.force_login(getattr(factories, who)())
    assert client.get(URL).status_code == status


def test_filters(mod_client, moderator, make_post):
    post = make_post()
    services.content_hide(obj=post, moderator=moderator, reason="unique-hide-reason")
    services.banned_phrase_add(phrase="casino", moderator=moderator, note="unique-rule-note")
    body = mod_client.get(URL, {"kind": "hide"}).content.decode()
    assert "unique-hide-reason" in body and "unique-rule-note" not in body
    body = mod_client.get(URL, {"q": "rule-note"}).content.decode()
    assert "unique-rule-note" in body and "unique-hide-reason" not in body
    body = mod_client.get(URL, {"member": post.author.pk}).content.decode()
    assert "unique-hide-reason" in body and "unique-rule-note" not in body
    body = mod_client.get(URL, {"actor": factories.moderator().pk}).content.decode()
    assert "unique-hide-reason" not in body
    assert mod_client.get(URL, {"since": "not-a-date", "kind": "bogus"}).status_code == 200


@pytest.mark.parametrize("rows", [3, 20])
def test_log_query_count(mod_client, moderator, make_post, rows, django_assert_max_num_queries):
    for _ in range(rows):
        services.content_hide(obj=make_post(), moderator=moderator, reason="r")
    with django_assert_max_num_queries(14):
        response = mod_client.get(URL)
    assert response.content.decode().count("<tr>") == rows + 1


def test_every_act_has_an_entry(moderator, make_post, django_capture_on_commit_callbacks):
    """One pass through every act; each leaves exactly its entry."""
    from django.utils import timezone

    member = factories.member()
    post = make_post(author=member, topic_id=1)
    other = make_post()
    services.flag_create(reporter=factories.member(), obj=post, reason="spam")
    from moderation.models import ReviewItem

    services.review_item_claim(item=ReviewItem.objects.get(object_id=post.pk), moderator=moderator)
    services.review_item_decide(item=ReviewItem.objects.get(object_id=post.pk), moderator=moderator,
                                decision="hide", reason="spam")
    post.refresh_from_db()
    services.appeal_create(obj=post, author=member, note="not spam")
    services.content_restore(obj=post, moderator=moderator, reason="ok")
    services.content_edit(obj=post, moderator=moderator, body="new", reason="typo")
    for action in ("lock", "unlock", "pin", "unpin"):
        services.content_thread_action(obj=post, moderator=moderator, action=action)
    services.content_thread_action(obj=post, moderator=moderator, action="move", topic_id=2)
    services.content_thread_action(obj=other, moderator=moderator, action="merge", into=post)
    s = services.sanction_create(member=member, moderator=moderator, kind="suspension", reason="x",
                                 until=timezone.now() + timezone.timedelta(days=1))
    services.sanction_lift(sanction=s, moderator=moderator)
    services.sanction_create(member=member, moderator=moderator, kind="warning", reason="x")
    services.sanction_create(member=member, moderator=moderator, kind="ban", reason="x")
    rule = services.banned_phrase_add(phrase="casino", moderator=moderator)
    services.banned_phrase_remove(rule=rule, moderator=moderator)
    services.guidelines_save(language="en", body="Be kind", editor=moderator)
    kinds = set(ModerationAction.objects.values_list("kind", flat=True))
    assert kinds == {"flag", "claim", "hide", "appeal", "restore", "edit", "lock", "unlock", "pin", "unpin", "move",
                     "merge", "suspend", "lift", "warn", "ban", "rule_add", "rule_remove", "guidelines"}
    assert not BannedPhrase.objects.exists()
