"""The review queue: who reaches it, what it shows, decisions, the race, bulk and claims."""

import pytest
from django.core import mail
from django.urls import reverse

from moderation import api, services
from moderation.api import ContentState
from moderation.models import ModerationAction, ReviewItem
from tests import factories
from tests.moderation.conftest import flaggers

QUEUE = "/moderation/queue/"


def _held(make_post, n=1, **kwargs):
    posts = []
    for _ in range(n):
        author = factories.member(trust_level=0)
        post = make_post(author=author, state=ContentState.PENDING, **kwargs)
        api.screen(obj=post, author=author, text=post.body)
        posts.append(post)
    return posts


def _item(post):
    return ReviewItem.objects.get(object_id=post.pk, state="open")


def test_queue_url_name():
    assert reverse("moderation:queue") == QUEUE


# --- permission matrix ----------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(QUEUE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["member", "agent"])
def test_customers_and_agents_get_403(client, who, staff_mfa_off, db):
    client.force_login(getattr(factories, who)())
    assert client.get(QUEUE).status_code == 403


@pytest.mark.parametrize("who", ["moderator", "manager"])
def test_moderators_and_managers_reach_the_queue(client, who, staff_mfa_off, db):
    client.force_login(getattr(factories, who)())
    assert client.get(QUEUE).status_code == 200


def test_member_cannot_decide(member_client, make_post):
    post = _held(make_post)[0]
    response = member_client.post(reverse("moderation:item_decide", args=[_item(post).pk]), {"decision": "approve"})
    assert response.status_code == 403
    post.refresh_from_db()
    assert post.state == ContentState.PENDING


def test_anonymous_cannot_decide(client, make_post):
    post = _held(make_post)[0]
    response = client.post(reverse("moderation:item_decide", args=[_item(post).pk]), {"decision": "approve"})
    assert response.status_code == 302
    assert _item(post).is_open


# --- what the queue shows ------------------------------------------------------------------


def test_queue_shows_why_the_content_and_the_author(mod_client, make_post):
    post = _held(make_post)[0]
    for reporter in flaggers(1):
        services.flag_create(reporter=reporter, obj=post, reason="spam", note="selling bikes")
    body = mod_client.get(QUEUE).content.decode()
    assert "First posts of a new member" in body
    assert "Flagged by members" in body and "selling bikes" in body
    assert "My battery drains fast" in body
    assert post.author.name in body
    assert "1 post" in body and "New" in body


def test_queue_is_oldest_first(mod_client, make_post):
    first, second = _held(make_post, 2)
    body = mod_client.get(QUEUE).content.decode()
    assert body.index(f'id="item-{_item(first).pk}"') < body.index(f'id="item-{_item(second).pk}"')


def test_queue_filters_by_reason_topic_and_age(mod_client, make_post):
    held = _held(make_post, topic_id=1)[0]
    flagged = make_post(topic_id=2)
    services.flag_create(reporter=flaggers(1)[0], obj=flagged, reason="spam")
    body = mod_client.get(QUEUE, {"reason": "flagged"}).content.decode()
    assert f'id="item-{_item(flagged).pk}"' in body and f'id="item-{_item(held).pk}"' not in body
    body = mod_client.get(QUEUE, {"topic": "1"}).content.decode()
    assert f'id="item-{_item(held).pk}"' in body and f'id="item-{_item(flagged).pk}"' not in body
    ReviewItem.objects.filter(object_id=held.pk).update(
        created_at=ReviewItem.objects.get(object_id=held.pk).created_at - services.timedelta(days=2))
    body = mod_client.get(QUEUE, {"age": "1d"}).content.decode()
    assert f'id="item-{_item(held).pk}"' in body and f'id="item-{_item(flagged).pk}"' not in body


def _fill(make_post, n):
    posts = _held(make_post, n)
    for post in posts[::2]:
        services.flag_create(reporter=flaggers(1)[0], obj=post, reason="abusive")
    return posts


@pytest.mark.parametrize("rows", [3, 20])
def test_queue_query_count_does_not_grow(mod_client, make_post, django_assert_max_num_queries, rows):
    _fill(make_post, rows)
    with django_assert_max_num_queries(16):
        response = mod_client.get(QUEUE)
    assert response.content.decode().count('class="card review-item"') == rows


# --- decisions --------------------------------------------------------------------------------


def test_approve_publishes_and_logs(mod_client, moderator, make_post):
    post = _held(make_post)[0]
    item = _item(post)
    response = mod_client.post(reverse("moderation:item_decide", args=[item.pk]), {"decision": "approve"})
    assert response.status_code == 302
    post.refresh_from_db()
    item.refresh_from_db()
    assert post.state == ContentState.PUBLISHED
    assert item.state == "resolved" and item.resolution == "approved" and item.resolved_by == moderator
    entry = ModerationAction.objects.get(kind="approve")
    assert entry.actor == moderator and entry.before == {"state": "pending"} and entry.after == {"state": "published"}


def test_hide_needs_a_reason(mod_client, make_post):
    post = _held(make_post)[0]
    response = mod_client.post(reverse("moderation:item_decide", args=[_item(post).pk]), {"decision": "hide"},
                               follow=True)
    assert b"Give a reason" in response.content
    assert _item(post).is_open
    assert not ModerationAction.objects.filter(kind="hide").exists()


def test_hide_tells_the_author_with_reason_and_guidelines(mod_client, moderator, make_post,
                                                          django_capture_on_commit_callbacks):
    post = _held(make_post)[0]
    with django_capture_on_commit_callbacks(execute=True):
        mod_client.post(reverse("moderation:item_decide", args=[_item(post).pk]),
                        {"decision": "hide", "reason": "Advertising is not allowed here"})
    post.refresh_from_db()
    assert post.state == ContentState.HIDDEN
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [post.author.email]
    assert "Advertising is not allowed here" in message.body
    assert "/moderation/guidelines/" in message.body
    assert "/moderation/appeal/" in message.body
    assert api.hide_notice(post).reason == "Advertising is not allowed here"
    assert ModerationAction.objects.get(kind="hide").reason == "Advertising is not allowed here"


def test_htmx_decision_returns_the_fragment(mod_client, make_post):
    post = _held(make_post)[0]
    response = mod_client.post(reverse("moderation:item_decide", args=[_item(post).pk]), {"decision": "approve"},
                               HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b"Approved" in response.content and b"<html" not in response.content


def test_two_moderators_at_once_one_wins_and_nothing_is_done_twice(make_post, django_capture_on_commit_callbacks):
    post = _held(make_post)[0]
    first, second = factories.moderator(), factories.moderator()
    stale_copy_1 = _item(post)
    stale_copy_2 = ReviewItem.objects.get(pk=stale_copy_1.pk)  # both loaded the page before either acted
    with django_capture_on_commit_callbacks(execute=True):
        services.review_item_decide(item=stale_copy_1, moderator=first, decision="hide", reason="spam")
        with pytest.raises(services.AlreadyHandled) as exc:
            services.review_item_decide(item=stale_copy_2, moderator=second, decision="hide", reason="also")
    assert first.name in exc.value.message
    post.refresh_from_db()
    assert post.state == ContentState.HIDDEN
    assert ModerationAction.objects.filter(kind__in=["hide", "approve"]).count() == 1
    assert len(mail.outbox) == 1


def test_the_losing_moderator_is_told_in_the_page(client, staff_mfa_off, make_post):
    post = _held(make_post)[0]
    item = _item(post)
    winner = factories.moderator(display_name="Fatima")
    services.review_item_decide(item=item, moderator=winner, decision="approve")
    client.force_login(factories.moderator())
    response = client.post(reverse("moderation:item_decide", args=[item.pk]),
                           {"decision": "hide", "reason": "nope"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    assert b"Fatima already decided this item" in response.content


def test_claimed_item_cannot_be_taken_by_another(make_post):
    post = _held(make_post)[0]
    item = _item(post)
    owner, other = factories.moderator(display_name="Owner"), factories.moderator()
    services.review_item_claim(item=item, moderator=owner)
    with pytest.raises(services.AlreadyHandled, match="Owner is working on this item"):
        services.review_item_claim(item=item, moderator=other)
    with pytest.raises(services.AlreadyHandled):
        services.review_item_decide(item=item, moderator=other, decision="approve")
    services.review_item_decide(item=item, moderator=owner, decision="approve")
    assert ModerationAction.objects.filter(kind="claim", actor=owner).count() == 1


def test_a_stale_claim_lapses(make_post, settings):
    settings.MODERATION_CLAIM_MINUTES = 0
    post = _held(make_post)[0]
    item = _item(post)
    services.review_item_claim(item=item, moderator=factories.moderator())
    services.review_item_decide(item=item, moderator=factories.moderator(), decision="approve")


def test_claim_view(mod_client, moderator, make_post):
    post = _held(make_post)[0]
    item = _item(post)
    mod_client.post(reverse("moderation:item_claim", args=[item.pk]))
    item.refresh_from_db()
    assert item.claimed_by == moderator
    mod_client.post(reverse("moderation:item_claim", args=[item.pk]), {"release": "1"})
    item.refresh_from_db()
    assert item.claimed_by is None


def test_bulk_approve_and_hide(mod_client, make_post, django_capture_on_commit_callbacks):
    posts = _held(make_post, 4)
    ids = [_item(p).pk for p in posts]
    mod_client.post(reverse("moderation:queue_bulk"), {"items": ids[:2], "decision": "approve"})
    with django_capture_on_commit_callbacks(execute=True):
        mod_client.post(reverse("moderation:queue_bulk"), {"items": ids[2:], "decision": "hide", "reason": "spam wave"})
    states = [p.__class__.objects.get(pk=p.pk).state for p in posts]
    assert states == ["published", "published", "hidden", "hidden"]
    assert ModerationAction.objects.filter(kind="approve").count() == 2
    assert ModerationAction.objects.filter(kind="hide", reason="spam wave").count() == 2
    assert len(mail.outbox) == 2


def test_bulk_hide_without_reason_changes_nothing(mod_client, make_post):
    posts = _held(make_post, 2)
    response = mod_client.post(reverse("moderation:queue_bulk"),
                               {"items": [_item(p).pk for p in posts], "decision": "hide"}, follow=True)
    assert b"Give a reason" in response.content
    assert ReviewItem.objects.filter(state="open").count() == 2


def test_bulk_skips_items_already_decided(mod_client, make_post):
    posts = _held(make_post, 2)
    ids = [_item(p).pk for p in posts]
    services.review_item_decide(item=ReviewItem.objects.get(pk=ids[0]), moderator=factories.moderator(),
                                decision="approve")
    response = mod_client.post(reverse("moderation:queue_bulk"), {"items": ids, "decision": "hide", "reason": "x"},
                               follow=True)
    assert b"1 items decided" in response.content or b"1 item" in response.content
    assert ModerationAction.objects.filter(kind__in=["approve", "hide"]).count() == 2


def test_item_detail_page(mod_client, make_post, django_assert_max_num_queries):
    post = _held(make_post)[0]
    with django_assert_max_num_queries(16):
        response = mod_client.get(reverse("moderation:item", args=[_item(post).pk]))
    assert response.status_code == 200 and b"Held for review" in response.content


def test_queue_size_for_the_navigation(make_post):
    _held(make_post, 2)
    assert api.queue_size() == 2


def test_queue_size_tag_only_for_moderators(make_post, rf, moderator, member):
    from django.template import Context, Template

    _held(make_post, 3)
    template = Template("{% load moderation %}{% moderation_queue_size as n %}[{{ n }}]")
    request = rf.get("/")
    request.user = moderator
    assert template.render(Context({"request": request})) == "[3]"
    request.user = member
    assert template.render(Context({"request": request})) == "[None]"
