"""Two moderators press a button on the same item at the same moment: one wins, the other is told."""

import threading

import pytest
from django.db import connection, connections

from moderation import api, services
from moderation.api import ContentState
from moderation.models import ModerationAction, ReviewItem
from tests import factories
from tests.moderation_testapp.models import Post


@pytest.mark.django_db(transaction=True)
def test_concurrent_decisions_one_wins(make_post):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's in-memory test database is not shared between threads; CI runs this on PostgreSQL")
    author = factories.member(trust_level=0)
    post = make_post(author=author, state=ContentState.PENDING)
    api.screen(obj=post, author=author, text=post.body)
    item_id = ReviewItem.objects.get(object_id=post.pk).pk
    moderators = [factories.moderator(), factories.moderator()]
    barrier = threading.Barrier(2)
    results = []

    def act(moderator, decision):
        try:
            item = ReviewItem.objects.get(pk=item_id)
            barrier.wait()
            services.review_item_decide(item=item, moderator=moderator, decision=decision, reason="r")
            results.append("won")
        except services.AlreadyHandled:
            results.append("told")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(m, d)) for m, d in zip(moderators, ["approve", "hide"], strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["told", "won"]
    assert ModerationAction.objects.filter(kind__in=["approve", "hide"]).count() == 1
    winner = ModerationAction.objects.get(kind__in=["approve", "hide"]).kind
    expected = ContentState.PUBLISHED if winner == "approve" else ContentState.HIDDEN
    assert Post.objects.get(pk=post.pk).state == expected
