"""Rate limits by trust level, answered with the right retry_after."""

import pytest
from django.utils import timezone

from moderation import api, rules
from tests import factories


@pytest.fixture
def clock(monkeypatch):
    t = {"now": timezone.now().timestamp()}
    monkeypatch.setattr(rules, "now", lambda: t["now"])
    return t


def test_new_member_waits_120_seconds_between_questions(db, clock):
    new = factories.member(trust_level=0)
    api.check_rate_limit(user=new, action="question", text="first")
    with pytest.raises(api.RateLimited) as exc:
        api.check_rate_limit(user=new, action="question", text="second")
    assert exc.value.retry_after == 120
    assert "2 minutes" in exc.value.message
    clock["now"] += 50
    with pytest.raises(api.RateLimited) as exc:
        api.check_rate_limit(user=new, action="question", text="third")
    assert exc.value.retry_after == 70


def test_new_member_waits_30_seconds_between_answers(db, clock):
    new = factories.member(trust_level=0)
    api.check_rate_limit(user=new, action="answer", text="a")
    with pytest.raises(api.RateLimited) as exc:
        api.check_rate_limit(user=new, action="comment" if False else "answer", text="b")
    assert exc.value.retry_after == 30


def test_new_member_may_ask_three_questions_on_the_first_day(db, clock, settings):
    settings.MODERATION_RATE_LIMITS = {"new": {"question": {"interval": 0}}}
    new = factories.member(trust_level=0)
    joined = new.date_joined.timestamp()
    for i in range(3):
        api.check_rate_limit(user=new, action="question", text=f"q{i}")
    clock["now"] = joined + 3600
    with pytest.raises(api.RateLimited) as exc:
        api.check_rate_limit(user=new, action="question", text="q4")
    assert exc.value.retry_after == 23 * 3600
    assert "first day" in exc.value.message


def test_first_day_limit_ends_after_a_day(db, clock, settings):
    settings.MODERATION_RATE_LIMITS = {"new": {"question": {"interval": 0}}}
    new = factories.member(trust_level=0)
    new.date_joined = timezone.now() - timezone.timedelta(days=2)
    for i in range(5):
        api.check_rate_limit(user=new, action="question", text=f"q{i}")


def test_higher_levels_wait_15_seconds_between_questions_and_5_between_posts(db, clock):
    regular = factories.member(trust_level=2)
    api.check_rate_limit(user=regular, action="question", text="a")
    with pytest.raises(api.RateLimited) as exc:
        api.check_rate_limit(user=regular, action="question", text="b")
    assert exc.value.retry_after == 15
    api.check_rate_limit(user=regular, action="answer", text="c")
    with pytest.raises(api.RateLimited) as exc:
        api.check_rate_limit(user=regular, action="answer", text="d")
    assert exc.value.retry_after == 5


def test_higher_levels_ask_at_most_20_questions_a_day(db, clock, settings):
    settings.MODERATION_RATE_LIMITS = {"member": {"question": {"interval": 0}}}
    regular = factories.member(trust_level=3)
    start = clock["now"]
    for i in range(20):
        api.check_rate_limit(user=regular, action="question", text=f"q{i}")
    clock["now"] = start + 600
    with pytest.raises(api.RateLimited) as exc:
        api.check_rate_limit(user=regular, action="question", text="q21")
    assert exc.value.retry_after == 24 * 3600 - 600


def test_same_text_within_five_minutes_is_refused(db, clock):
    regular = factories.member(trust_level=2)
    api.check_rate_limit(user=regular, action="answer", text="Try a firmware reset")
    clock["now"] += 60
    with pytest.raises(api.RateLimited) as exc:
        api.check_rate_limit(user=regular, action="answer", text="  try a   FIRMWARE reset ")
    assert exc.value.retry_after == 240
    assert "same text" in exc.value.message


def test_a_refused_attempt_is_not_counted(db, clock, settings):
    """Waiting out the interval and sending the same text again must work."""
    new = factories.member(trust_level=0)
    api.check_rate_limit(user=new, action="answer", text="one")
    with pytest.raises(api.RateLimited):
        api.check_rate_limit(user=new, action="answer", text="two")
    from django.core.cache import cache

    cache.delete(f"mod:rl:{new.pk}:answer:interval")  # the 30 seconds have passed
    api.check_rate_limit(user=new, action="answer", text="two")
    assert cache.get(f"mod:rl:{new.pk}:answer:firstday") == 2


def test_twenty_flags_a_day(db, clock):
    regular = factories.member(trust_level=1)
    for _ in range(20):
        api.check_rate_limit(user=regular, action="flag")
    with pytest.raises(api.RateLimited) as exc:
        api.check_rate_limit(user=regular, action="flag")
    assert "flag" in exc.value.message
    assert exc.value.retry_after == 24 * 3600


def test_staff_may_repeat_text_but_have_a_daily_limit_too(db, clock, settings):
    settings.MODERATION_RATE_LIMITS = {"staff": {"answer": {"interval": 0, "per_day": 5}}}
    moderator = factories.moderator(mfa=True)
    for _ in range(5):  # a prepared answer pasted into five threads
        api.check_rate_limit(user=moderator, action="answer", text="same")
    with pytest.raises(api.RateLimited) as exc:
        api.check_rate_limit(user=moderator, action="answer", text="same")
    assert exc.value.retry_after == 24 * 3600


def test_staff_wait_between_posts_less_than_members(db, clock):
    agent = factories.agent(mfa=True)
    api.check_rate_limit(user=agent, action="question", text="a")
    with pytest.raises(api.RateLimited) as exc:
        api.check_rate_limit(user=agent, action="question", text="b")
    assert exc.value.retry_after == 5  # members wait 15


def test_limits_are_configurable(db, clock, settings):
    settings.MODERATION_RATE_LIMITS = {"member": {"answer": {"interval": 60}}}
    regular = factories.member(trust_level=1)
    api.check_rate_limit(user=regular, action="answer", text="a")
    with pytest.raises(api.RateLimited) as exc:
        api.check_rate_limit(user=regular, action="answer", text="b")
    assert exc.value.retry_after == 60


def test_limits_are_per_member(db, clock):
    a, b = factories.member(trust_level=0), factories.member(trust_level=0)
    api.check_rate_limit(user=a, action="question", text="x")
    api.check_rate_limit(user=b, action="question", text="x")


def test_honeypot():
    assert api.honeypot_tripped({"website": "http://spam.example"})
    assert not api.honeypot_tripped({"website": ""})
    assert not api.honeypot_tripped({})
    assert not api.honeypot_tripped(None)
