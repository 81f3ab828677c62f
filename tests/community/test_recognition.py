import pytest
from django.utils import timezone

from accounts.models import User
from community import services, tasks
from community.models import BadgeAward, MemberStats
from tests import factories
from tests.community.conftest import make_answer, make_question

pytestmark = pytest.mark.django_db


def test_badges_are_awarded_once_and_explained_on_the_profile(client, member, topic):
    q = make_question(member, topic)
    assert "first_question" in tasks.award_badges(member.pk)
    assert tasks.award_badges(member.pk) == []
    assert BadgeAward.objects.filter(member=member, badge="first_question").count() == 1
    answerer = factories.member()
    a = make_answer(answerer, q)
    services.answer_accept(answer=a, by=member)
    tasks.award_badges(answerer.pk)
    html = client.get(f"/members/{answerer.pk}/").content.decode()
    assert "Solver" in html and "Had an answer accepted as the solution." in html
    assert "Why:" in html and "reputation" in html and q.title in html


def test_levels_follow_reputation(client, member):
    MemberStats.objects.create(member=member, reputation=260)
    assert "Expert" in client.get(f"/members/{member.pk}/").content.decode()


def test_points_table_page_is_published(client):
    html = client.get("/community/recognition/").content.decode()
    assert "+10" in html and "+15" in html and "Champion" in html and "Trust levels" in html


def test_trust_levels_are_promoted_by_activity(topic):
    newbie = factories.member(trust_level=0)
    User.objects.filter(pk=newbie.pk).update(date_joined=timezone.now() - timezone.timedelta(days=2))
    make_question(newbie, topic, screen_content=False)
    fresh = factories.member(trust_level=0)
    make_question(fresh, topic, title="A question from a member who joined today", screen_content=False)
    assert tasks.promote_trust_levels() == 1
    assert User.objects.get(pk=newbie.pk).trust_level == 1
    assert User.objects.get(pk=fresh.pk).trust_level == 0
    assert tasks.promote_trust_levels() == 0


def test_trust_levels_never_lower_and_skip_suspended(topic):
    from accounts.services import user_suspend

    veteran = factories.member(trust_level=3)
    make_question(veteran, topic, screen_content=False)
    bad = factories.member(trust_level=0)
    User.objects.filter(pk=bad.pk).update(date_joined=timezone.now() - timezone.timedelta(days=5))
    make_question(bad, topic, title="A question before the suspension", screen_content=False)
    user_suspend(user=User.objects.get(pk=bad.pk), until=timezone.now() + timezone.timedelta(days=1), reason="x")
    tasks.promote_trust_levels()
    assert User.objects.get(pk=veteran.pk).trust_level == 3
    assert User.objects.get(pk=bad.pk).trust_level == 0


def test_beat_schedule_has_the_digest_and_trust_levels():
    from config.celery import app

    tasks_in_beat = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {"community.tasks.send_daily_digests", "community.tasks.promote_trust_levels"} <= tasks_in_beat
