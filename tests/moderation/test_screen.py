"""Pre-moderation: what screen() holds, and what it lets through."""

from moderation import api
from moderation.api import ContentState
from moderation.models import BannedPhrase, ModerationAction, QueueReason, ReviewItem
from tests import factories


def _post_and_screen(make_post, author, body):
    post = make_post(author=author, body=body)
    screening = api.screen(obj=post, author=author, text=body)
    post.state = screening.state
    post.save(update_fields=["state"])
    return post, screening


def test_first_two_posts_of_a_new_member_are_held(make_post):
    new = factories.member(trust_level=0)
    first = _post_and_screen(make_post, new, "Hello, my Velora Urban has a squeaky brake.")[1]
    second = _post_and_screen(make_post, new, "Also the light flickers when I ride over cobbles.")[1]
    third = _post_and_screen(make_post, new, "Found it: a loose connector near the fork.")[1]
    assert first.held and second.held
    assert first.reasons == [QueueReason.NEW_MEMBER]
    assert not third.held
    assert ReviewItem.objects.filter(state="open").count() == 2


def test_held_post_enters_the_queue_with_an_audit_entry(make_post):
    new = factories.member(trust_level=0)
    post, screening = _post_and_screen(make_post, new, "Where can I buy a spare charger?")
    item = ReviewItem.objects.get(pk=screening.review_item_id)
    assert item.object_id == post.pk and item.author == new and item.is_open
    assert ModerationAction.objects.filter(kind="hold", object_id=post.pk, review_item=item).exists()
    assert post.state == ContentState.PENDING


def test_members_at_trust_level_one_are_not_held(make_post):
    regular = factories.member(trust_level=1)
    assert not _post_and_screen(make_post, regular, "A normal question about tyre pressure")[1].held


def test_new_member_with_too_many_links_is_held(make_post, settings):
    settings.MODERATION_NEW_MEMBER_HELD_POSTS = 0
    new = factories.member(trust_level=0)
    body = "Deals: https://a.example https://b.example https://c.example"
    screening = _post_and_screen(make_post, new, body)[1]
    assert screening.reasons == [QueueReason.TOO_MANY_LINKS]
    assert "3 links" in screening.details[0]
    ok = _post_and_screen(make_post, new, "Manual: https://velora.example/manual and https://velora.example/faq")[1]
    assert not ok.held


def test_new_member_with_too_many_mentions_is_held(make_post, settings):
    settings.MODERATION_NEW_MEMBER_HELD_POSTS = 0
    new = factories.member(trust_level=0)
    screening = _post_and_screen(make_post, new, "@emma @liam @noor look at this")[1]
    assert screening.reasons == [QueueReason.TOO_MANY_MENTIONS]


def test_banned_phrase_holds_whole_words_only(make_post):
    BannedPhrase.objects.create(phrase="cum")
    BannedPhrase.objects.create(phrase="cheap watches")
    regular = factories.member(trust_level=3)
    assert not _post_and_screen(make_post, regular, "The document about the cumulative range test")[1].held
    held = _post_and_screen(make_post, regular, "Buy CHEAP Watches here")[1]
    assert held.reasons == [QueueReason.BANNED_PHRASE]
    assert "cheap watches" in held.details[0]


def test_same_text_again_and_again_is_held(make_post):
    text = "Visit my shop for the best e-bike deals in town!"
    results = [_post_and_screen(make_post, factories.member(trust_level=2), text)[1] for _ in range(3)]
    assert [r.held for r in results] == [False, False, True]
    assert results[2].reasons == [QueueReason.REPEATED_TEXT]


def test_short_replies_are_not_repeated_text(make_post):
    results = [_post_and_screen(make_post, factories.member(trust_level=2), "Thanks!")[1] for _ in range(4)]
    assert not any(r.held for r in results)


def test_staff_are_never_held(make_post):
    BannedPhrase.objects.create(phrase="refund")
    from accounts.models import Role

    agent = factories.UserFactory(roles=[Role.AGENT], trust_level=0, mfa=True)
    assert not _post_and_screen(make_post, agent, "About your refund: https://a.example https://b.example https://c.example")[1].held


def test_several_reasons_join_one_queue_item(make_post):
    BannedPhrase.objects.create(phrase="casino")
    new = factories.member(trust_level=0)
    post, screening = _post_and_screen(make_post, new, "casino https://a.example https://b.example https://c.example")
    assert set(screening.reasons) == {QueueReason.NEW_MEMBER, QueueReason.TOO_MANY_LINKS, QueueReason.BANNED_PHRASE}
    assert ReviewItem.objects.filter(object_id=post.pk).count() == 1
