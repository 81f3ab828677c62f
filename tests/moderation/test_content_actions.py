"""Acting on content: hide, restore, edit, lock, pin, move, merge. Nothing is lost."""

import pytest
from django.urls import reverse

from moderation import services
from moderation.api import ContentState
from moderation.models import ModerationAction, ReviewItem
from tests import factories
from tests.moderation.conftest import flaggers
from tests.moderation_testapp.models import Post, PostRevision


def _url(ct, post, action=None):
    if action:
        return reverse("moderation:content_action", args=[ct, post.pk, action])
    return reverse("moderation:content", args=[ct, post.pk])


def test_hidden_content_stays_in_the_database_and_can_be_restored(mod_client, moderator, make_post, ct):
    post = make_post(body="Original words the member wrote")
    mod_client.post(_url(ct, post, "hide"), {"reason": "rude"})
    post.refresh_from_db()
    assert post.state == ContentState.HIDDEN and post.body == "Original words the member wrote"
    mod_client.post(_url(ct, post, "restore"), {"reason": "on second look it is fine"})
    post.refresh_from_db()
    assert post.state == ContentState.PUBLISHED and post.body == "Original words the member wrote"
    kinds = list(ModerationAction.objects.filter(object_id=post.pk).order_by("id").values_list("kind", flat=True))
    assert kinds == ["hide", "restore"]


def test_hiding_resolves_the_open_item(mod_client, moderator, make_post, ct):
    post = make_post()
    services.flag_create(reporter=flaggers(1)[0], obj=post, reason="spam")
    mod_client.post(_url(ct, post, "hide"), {"reason": "spam"})
    item = ReviewItem.objects.get(object_id=post.pk)
    assert item.state == "resolved" and item.resolution == "hidden" and item.resolved_by == moderator


def test_hide_without_reason_is_refused(mod_client, make_post, ct):
    post = make_post()
    response = mod_client.post(_url(ct, post, "hide"), {"reason": ""}, follow=True)
    assert b"Give a reason" in response.content
    post.refresh_from_db()
    assert post.state == ContentState.PUBLISHED


def test_edit_keeps_a_revision_and_logs_before_and_after(mod_client, moderator, make_post, ct):
    post = make_post(body="Call me on 06-12345678")
    response = mod_client.post(_url(ct, post, "edit"), {"body": "Call me (number removed)", "reason": "privacy"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "Call me (number removed)"
    assert PostRevision.objects.get(post=post).body == "Call me on 06-12345678"
    entry = ModerationAction.objects.get(kind="edit")
    assert entry.before == {"text": "Call me on 06-12345678"} and entry.after == {"text": "Call me (number removed)"}
    assert entry.reason == "privacy" and entry.actor == moderator


def test_edit_with_empty_text_changes_nothing(mod_client, make_post, ct):
    post = make_post(body="keep me")
    mod_client.post(_url(ct, post, "edit"), {"body": " ", "reason": "x"})
    post.refresh_from_db()
    assert post.body == "keep me" and not ModerationAction.objects.exists()


@pytest.mark.parametrize("action,field,value", [("lock", "locked", True), ("pin", "pinned", True)])
def test_lock_and_pin(mod_client, make_post, ct, action, field, value):
    post = make_post()
    mod_client.post(_url(ct, post, action), {"reason": "heated"})
    post.refresh_from_db()
    assert getattr(post, field) is value
    assert ModerationAction.objects.get(kind=action).after == {field: value}
    mod_client.post(_url(ct, post, "un" + action))
    post.refresh_from_db()
    assert getattr(post, field) is not value
    assert ModerationAction.objects.filter(kind="un" + action).exists()


def test_move_to_another_topic(mod_client, make_post, ct):
    post = make_post(topic_id=1)
    mod_client.post(_url(ct, post, "move"), {"topic": "2", "reason": "wrong topic"})
    post.refresh_from_db()
    assert post.topic_id == 2
    assert ModerationAction.objects.get(kind="move").before == {"topic_id": 1}


def test_move_to_an_unknown_topic_is_refused(mod_client, make_post, ct):
    post = make_post(topic_id=1)
    response = mod_client.post(_url(ct, post, "move"), {"topic": "99"}, follow=True)
    assert b"Choose the topic" in response.content
    post.refresh_from_db()
    assert post.topic_id == 1


def test_merge_keeps_every_reply(mod_client, make_post, ct):
    dup, target = make_post(), make_post()
    replies = [make_post(parent=dup) for _ in range(3)]
    response = mod_client.post(_url(ct, dup, "merge"), {"into": str(target.pk), "reason": "duplicate"})
    assert response.status_code == 302
    assert set(target.replies.values_list("pk", flat=True)) == {r.pk for r in replies}
    dup.refresh_from_db()
    assert dup.merged_into == target and Post.objects.filter(pk=dup.pk).exists()
    assert ModerationAction.objects.get(kind="merge").after["merged_into"] == target.pk


def test_merge_into_itself_is_refused(mod_client, make_post, ct):
    post = make_post()
    response = mod_client.post(_url(ct, post, "merge"), {"into": str(post.pk)}, follow=True)
    assert b"Choose another question" in response.content


def test_member_gets_403_on_content_pages(member_client, make_post, ct):
    post = make_post()
    assert member_client.get(_url(ct, post)).status_code == 403
    assert member_client.post(_url(ct, post, "hide"), {"reason": "x"}).status_code == 403
    post.refresh_from_db()
    assert post.state == ContentState.PUBLISHED


def test_unknown_action_is_404(mod_client, make_post, ct):
    assert mod_client.post(_url(ct, make_post(), "delete")).status_code == 404


def test_content_page_shows_history(mod_client, make_post, ct, django_assert_max_num_queries):
    post = make_post()
    services.content_hide(obj=post, moderator=factories.moderator(), reason="first")
    with django_assert_max_num_queries(14):
        response = mod_client.get(_url(ct, post))
    assert response.status_code == 200 and b"first" in response.content


def test_there_is_no_delete_anywhere(make_post):
    """Moderators hide, never delete: the service layer offers no way to delete a post."""
    assert not [name for name in dir(services) if name.startswith("content_") and "delete" in name]
