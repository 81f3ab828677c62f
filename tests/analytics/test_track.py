from unittest import mock

import pytest
from django.db import DatabaseError, transaction

from analytics import track
from analytics.models import Event


@pytest.mark.django_db
def test_track_records_an_event_with_user_object_and_props(member):
    event = track("article.viewed", user=member, obj=member, source="search")
    assert event is not None
    stored = Event.objects.get(pk=event.pk)
    assert stored.name == "article.viewed"
    assert stored.user == member
    assert stored.object_id == member.pk
    assert stored.props == {"source": "search"}


@pytest.mark.django_db
def test_track_survives_a_broken_database_write(member, caplog):
    with mock.patch.object(Event, "save", side_effect=DatabaseError("disk full")):
        result = track("article.viewed", user=member)
    assert result is None
    assert "could not record event" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_failed_event_does_not_break_the_callers_transaction(member):
    with transaction.atomic():
        with mock.patch.object(Event, "save", side_effect=DatabaseError("boom")):
            track("x", user=member)
        track("y", user=member)  # the transaction is still usable
    assert list(Event.objects.values_list("name", flat=True)) == ["y"]


@pytest.mark.django_db
def test_a_request_succeeds_when_event_writing_fails(client, member):
    member.set_password("pw-for-login-123")
    member.save()
    with mock.patch.object(Event, "save", side_effect=DatabaseError("broken")):
        response = client.post("/accounts/login/", {"login": member.email, "password": "pw-for-login-123"})
    assert response.status_code == 302
    assert client.get("/settings/").status_code == 200
