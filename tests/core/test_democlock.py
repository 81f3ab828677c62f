import datetime as dt

import pytest
from django.utils import timezone

from analytics.models import Event
from community.models import Topic
from core import democlock

pytestmark = pytest.mark.django_db

PAST = timezone.make_aware(dt.datetime(2026, 3, 10, 9, 30))


def test_rows_and_events_written_inside_carry_the_chosen_moment():
    with democlock.at(PAST):
        assert timezone.now() == PAST
        topic = Topic.objects.create(name="Batteries", slug="batteries")  # default=timezone.now
        event = Event.objects.create(name="demo.test")  # auto_now_add
    assert (topic.created_at, event.created_at) == (PAST, PAST)


def test_the_clock_nests_and_is_restored_after():
    later = PAST + dt.timedelta(hours=2)
    with democlock.at(PAST):
        with democlock.at(later):
            assert timezone.now() == later
        assert timezone.now() == PAST
    assert abs(timezone.now() - democlock.real_now()) < dt.timedelta(seconds=5)
    assert Topic.objects.create(name="Motor", slug="motor").created_at > PAST + dt.timedelta(days=200)


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError):
        with democlock.at(dt.datetime(2026, 3, 10)):
            pass
