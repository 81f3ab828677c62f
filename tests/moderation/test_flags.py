"""Flags: once per member, verified members only, auto-hide after N trusted flags."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from moderation import services
from moderation.api import ContentState
from moderation.models import Flag, ModerationAction, ReviewItem
from tests import factories
from tests.moderation.conftest import flaggers


def test_member_flags_a_post_and_it_enters_the_queue(make_post, member):
    post = make_post()
    services.flag_create(reporter=member, obj=post, reason="spam")
    item = ReviewItem.objects.get(object_id=post.pk, state="open")
    assert item.reasons == ["flagged"]
    assert Flag.objects.get(reporter=member).review_item == item
    assert ModerationAction.objects.filter(kind="flag", actor=member, object_id=post.pk).exists()


def test_a_member_flags_an_item_once(make_post, member):
    post = make_post()
    services.flag_create(reporter=member, obj=post, reason="spam")
    with pytest.raises(services.ModerationError, match="already flagged"):
        services.flag_create(reporter=member, obj=post, reason="abusive")
    assert Flag.objects.count() == 1


def test_unverified_member_cannot_flag(make_post):
    unverified = factories.member()
    EmailAddress.objects.filter(user=unverified).update(verified=False)
    with pytest.raises(services.ModerationError, match="Verify"):
        services.flag_create(reporter=unverified, obj=make_post(), reason="spam")
    assert not Flag.objects.exists()


def test_cannot_flag_own_post(make_post, member):
    with pytest.raises(services.ModerationError, match="own post"):
        services.flag_create(reporter=member, obj=make_post(author=member), reason="spam")


def test_other_needs_a_note(make_post, member):
    with pytest.raises(services.ModerationError, match="note"):
        services.flag_create(reporter=member, obj=make_post(), reason="other", note="  ")


def test_three_flags_from_distinct_trusted_members_hide_the_post(make_post):
    post = make_post()
    a, b, c = flaggers(3)
    services.flag_create(reporter=a, obj=post, reason="spam")
    services.flag_create(reporter=b, obj=post, reason="abusive")
    post.refresh_from_db()
    assert post.state == ContentState.PUBLISHED
    services.flag_create(reporter=c, obj=post, reason="spam")
    post.refresh_from_db()
    assert post.state == ContentState.HIDDEN
    item = ReviewItem.objects.get(object_id=post.pk)
    assert item.is_open and item.auto_hidden
    assert ModerationAction.objects.filter(kind="auto_hide", object_id=post.pk, actor=None).count() == 1


def test_flags_from_new_members_do_not_count_toward_auto_hide(make_post):
    post = make_post()
    for reporter in flaggers(2) + flaggers(3, trust_level=0):
        services.flag_create(reporter=reporter, obj=post, reason="spam")
    post.refresh_from_db()
    assert post.state == ContentState.PUBLISHED
    assert Flag.objects.filter(object_id=post.pk).count() == 5


def test_auto_hide_threshold_is_configurable(make_post, settings):
    settings.MODERATION_AUTO_HIDE_FLAGS = 1
    post = make_post()
    services.flag_create(reporter=flaggers(1)[0], obj=post, reason="spam")
    post.refresh_from_db()
    assert post.state == ContentState.HIDDEN


def test_a_fourth_flag_does_not_hide_twice(make_post):
    post = make_post()
    for reporter in flaggers(4):
        services.flag_create(reporter=reporter, obj=post, reason="spam")
    assert ModerationAction.objects.filter(kind="auto_hide").count() == 1


def test_after_approval_old_flags_do_not_hide_again(make_post, moderator):
    post = make_post()
    for reporter in flaggers(3):
        services.flag_create(reporter=reporter, obj=post, reason="spam")
    item = ReviewItem.objects.get(object_id=post.pk)
    services.review_item_decide(item=item, moderator=moderator, decision="approve")
    services.flag_create(reporter=flaggers(1)[0], obj=post, reason="spam")
    post.refresh_from_db()
    assert post.state == ContentState.PUBLISHED


# --- the flag page -----------------------------------------------------------------------


def test_flag_page_happy_path(member_client, make_post, ct):
    post = make_post()
    url = reverse("moderation:flag", args=[ct, post.pk])
    assert member_client.get(url).status_code == 200
    response = member_client.post(url, {"reason": "off_topic", "note": ""})
    assert response.status_code == 302
    assert Flag.objects.filter(object_id=post.pk, reason="off_topic").exists()


def test_flag_page_anonymous_goes_to_login(client, make_post, ct):
    post = make_post()
    response = client.post(reverse("moderation:flag", args=[ct, post.pk]), {"reason": "spam"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Flag.objects.exists()


def test_flag_page_bad_input_keeps_nothing(member_client, make_post, ct):
    post = make_post()
    response = member_client.post(reverse("moderation:flag", args=[ct, post.pk]), {"reason": "other", "note": ""})
    assert response.status_code == 400
    assert b"short note" in response.content
    assert not Flag.objects.exists()


def test_flagging_a_pending_post_of_someone_else_is_404(member_client, make_post, ct):
    post = make_post(state=ContentState.PENDING)
    assert member_client.get(reverse("moderation:flag", args=[ct, post.pk])).status_code == 404


def test_flag_page_over_the_limit_answers_429_with_retry_after(member_client, make_post, ct, settings):
    settings.MODERATION_RATE_LIMITS = {"flag": {"per_day": 1}}
    first, second = make_post(), make_post()
    member_client.post(reverse("moderation:flag", args=[ct, first.pk]), {"reason": "spam"})
    response = member_client.post(reverse("moderation:flag", args=[ct, second.pk]),
                                  {"reason": "other", "note": "looks like an ad"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert b"flag again in" in response.content
    assert b"looks like an ad" in response.content  # what they typed is kept
    assert Flag.objects.count() == 1
