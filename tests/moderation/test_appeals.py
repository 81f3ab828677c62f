"""Appeals: the author of a hidden post appeals once; the appeal enters the queue."""

from django.urls import reverse

from moderation import services
from moderation.api import ContentState
from moderation.details import detail_text
from moderation.models import Appeal, ModerationAction, ReviewItem
from tests import factories


def _hidden(make_post, author):
    post = make_post(author=author)
    services.content_hide(obj=post, moderator=factories.moderator(), reason="Off topic for this forum")
    return post


def test_author_appeals_once_and_it_enters_the_queue(member_client, member, make_post, ct):
    post = _hidden(make_post, member)
    url = reverse("moderation:appeal", args=[ct, post.pk])
    page = member_client.get(url)
    assert page.status_code == 200 and b"Off topic for this forum" in page.content
    response = member_client.post(url, {"note": "It was about my Velora, not off topic"})
    assert response.status_code == 302
    item = ReviewItem.objects.get(object_id=post.pk, state="open")
    assert item.reasons == ["appeal"] and "It was about my Velora" in detail_text(item.details[0])
    assert ModerationAction.objects.filter(kind="appeal", actor=member).exists()
    again = member_client.post(url, {"note": "please"})
    assert again.status_code == 400
    assert Appeal.objects.count() == 1


def test_approving_an_appeal_restores_the_post(member, moderator, make_post):
    post = _hidden(make_post, member)
    services.appeal_create(obj=post, author=member, note="please look again")
    item = ReviewItem.objects.get(object_id=post.pk, state="open")
    services.review_item_decide(item=item, moderator=moderator, decision="approve", reason="fair point")
    post.refresh_from_db()
    assert post.state == ContentState.PUBLISHED


def test_only_the_author_may_appeal(client, member, make_post, ct):
    post = _hidden(make_post, member)
    client.force_login(factories.member())
    assert client.post(reverse("moderation:appeal", args=[ct, post.pk]), {"note": "x"}).status_code == 404
    assert not Appeal.objects.exists()


def test_anonymous_cannot_appeal(client, member, make_post, ct):
    post = _hidden(make_post, member)
    assert client.post(reverse("moderation:appeal", args=[ct, post.pk]), {"note": "x"}).status_code == 302
    assert not Appeal.objects.exists()


def test_visible_posts_cannot_be_appealed(member_client, member, make_post, ct):
    post = make_post(author=member)
    response = member_client.post(reverse("moderation:appeal", args=[ct, post.pk]), {"note": "x"})
    assert response.status_code == 400
    assert not Appeal.objects.exists()


def test_empty_note_is_refused(member_client, member, make_post, ct):
    post = _hidden(make_post, member)
    response = member_client.post(reverse("moderation:appeal", args=[ct, post.pk]), {"note": ""})
    assert response.status_code == 400 and not Appeal.objects.exists()


def test_notices_page_shows_the_reason_and_the_appeal_link(member_client, member, make_post, ct,
                                                           django_assert_max_num_queries):
    posts = [_hidden(make_post, member) for _ in range(3)]
    with django_assert_max_num_queries(12):
        body = member_client.get(reverse("moderation:notices")).content.decode()
    assert body.count("Off topic for this forum") == 3
    assert reverse("moderation:appeal", args=[ct, posts[0].pk]) in body
