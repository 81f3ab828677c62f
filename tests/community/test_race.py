"""Votes and accepts pressed at the same moment stay consistent (PostgreSQL; CI)."""

import threading

import pytest
from django.db import connection, connections
from django.db.models import Sum

from community import services
from community.models import Answer, Question, Vote
from tests import factories
from tests.community.conftest import make_answer, make_question

pytestmark = pytest.mark.django_db(transaction=True)


def _together(*calls):
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(fn):
        try:
            barrier.wait()
            fn()
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(fn,)) for fn in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def _skip_on_sqlite():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's in-memory test database is not shared between threads; CI runs this on PostgreSQL")


def test_one_member_voting_twice_at_once_leaves_one_consistent_vote():
    _skip_on_sqlite()
    topic = services.topic_create(name="Race")
    question = make_question(factories.member(), topic)
    voter = factories.member()
    errors = _together(*[lambda: services.vote_cast(member=voter, target=question, value=1)] * 2)
    assert not errors
    assert Vote.objects.filter(member=voter).count() <= 1
    total = Vote.objects.filter(question=question).aggregate(s=Sum("value"))["s"] or 0
    assert Question.objects.get(pk=question.pk).score == total


def test_many_members_voting_at_once_count_every_vote():
    _skip_on_sqlite()
    topic = services.topic_create(name="Race")
    question = make_question(factories.member(), topic)
    voters = [factories.member() for _ in range(6)]
    errors = _together(*[(lambda v=v: services.vote_cast(member=v, target=question, value=1)) for v in voters])
    assert not errors
    assert Question.objects.get(pk=question.pk).score == 6 == Vote.objects.count()


def test_two_accepts_at_once_leave_one_accepted_answer():
    _skip_on_sqlite()
    topic = services.topic_create(name="Race")
    asker = factories.member()
    question = make_question(asker, topic)
    first, second = make_answer(factories.member(), question), make_answer(factories.member(), question)
    agent = factories.agent()
    errors = _together(lambda: services.answer_accept(answer=first, by=asker),
                       lambda: services.answer_accept(answer=second, by=agent))
    assert not errors
    accepted = list(Answer.objects.filter(is_accepted=True).values_list("pk", flat=True))
    assert len(accepted) == 1
    assert Question.objects.get(pk=question.pk).accepted_answer_id == accepted[0]
