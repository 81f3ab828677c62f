import pytest
from django.core import mail

from community import services, tasks
from community.models import Notification
from community.notifications import unread_count, unsubscribe_token
from tests import factories
from tests.community.conftest import make_answer, make_question

pytestmark = pytest.mark.django_db


def mail_to(member):
    return [m for m in mail.outbox if m.to == [member.email]]


def test_follower_is_notified_of_an_answer_once_even_on_retry(question, member, other_member,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answer = make_answer(other_member, question)
    assert Notification.objects.filter(recipient=member, kind="answer").count() == 1
    assert len(mail_to(member)) == 1
    assert question.title in mail_to(member)[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        tasks.notify_answer(answer.pk)  # a retried task
        tasks.notify_answer(answer.pk)
    assert Notification.objects.filter(recipient=member).count() == 1
    n = Notification.objects.get(recipient=member)
    tasks.send_notification_email(n.pk)  # a duplicate email task
    assert len(mail_to(member)) == 1


def test_email_has_a_signed_one_click_unsubscribe_link(question, member, other_member, client,
                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_answer(other_member, question)
    message = mail_to(member)[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert url in message.body
    path = url.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200  # confirmation page, nothing changed yet
    member.refresh_from_db()
    assert member.email_notifications == "immediately"
    assert client.post("/" + path).status_code == 200
    member.refresh_from_db()
    assert member.email_notifications == "never"


def test_forged_unsubscribe_token_is_refused(client, member):
    token = unsubscribe_token(member)[:-3] + "abc"
    assert client.post(f"/community/unsubscribe/{token}/").status_code == 400
    member.refresh_from_db()
    assert member.email_notifications == "immediately"


def test_no_email_for_members_who_chose_never_or_daily(question, member, django_capture_on_commit_callbacks):
    member.email_notifications = "daily"
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        make_answer(factories.member(), question)
    assert Notification.objects.filter(recipient=member).exists() and not mail_to(member)


def test_daily_digest_collects_unsent_notifications_once(member, topic, django_capture_on_commit_callbacks):
    member.email_notifications = "daily"
    member.save()
    q1 = make_question(member, topic, title="First question about lights")
    q2 = make_question(factories.member(), topic, title="Second question about tyres")
    services.follow_set(member=member, target=q2, on=True)
    with django_capture_on_commit_callbacks(execute=True):
        make_answer(factories.member(), q1, "Answer about the lights here.")
        make_answer(factories.member(), q2, "Answer about the tyres here.")
    with django_capture_on_commit_callbacks(execute=True):  # the digests are owed jobs, sent after commit
        assert tasks.send_daily_digests() == 1
    assert len(mail_to(member)) == 1
    body = mail_to(member)[0].body
    assert "First question about lights" in body and "Second question about tyres" in body
    assert "/community/unsubscribe/" in body
    assert "2 new notifications" in mail_to(member)[0].subject
    assert tasks.send_daily_digests() == 0 and tasks.send_digest(member.pk) == 0
    assert len(mail_to(member)) == 1


def test_mentions_notify_the_member(question, member, django_capture_on_commit_callbacks):
    emma = factories.member(email="emma.clarke@example.com", display_name="Emma Clarke")
    with django_capture_on_commit_callbacks(execute=True):
        make_answer(factories.member(), question, "I think @emma.clarke knows this, she rides all winter.")
    assert Notification.objects.filter(recipient=emma, kind="mention").count() == 1
    assert Notification.objects.filter(recipient=member, kind="answer").count() == 1


def test_topic_and_tag_followers_hear_of_new_questions(member, other_member, topic,
                                                       django_capture_on_commit_callbacks):
    services.follow_set(member=other_member, target=topic, on=True)
    tag_fan = factories.member()
    with django_capture_on_commit_callbacks(execute=True):
        first = make_question(member, topic, tags=["rain"])
    from community.models import CommunityTag

    services.follow_set(member=tag_fan, target=CommunityTag.objects.get(name="rain"), on=True)
    with django_capture_on_commit_callbacks(execute=True):
        make_question(member, topic, title="Another question about rain", tags=["rain"])
    assert Notification.objects.filter(recipient=other_member, kind="new_question").count() == 2
    assert Notification.objects.filter(recipient=tag_fan, kind="new_question").count() == 1
    assert not Notification.objects.filter(recipient=member, kind="new_question").exists()
    assert first


def test_bell_shows_the_unread_count_and_list_marks_read(client, question, member, other_member,
                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_answer(other_member, question)
    client.force_login(member)
    html = client.get("/community/").content.decode()
    assert 'class="bell-count" aria-hidden="true">1<' in html
    page = client.get("/community/notifications/").content.decode()
    assert f"answered “{question.title}”" in page
    n = Notification.objects.get(recipient=member)
    response = client.post("/community/notifications/read", {"id": n.pk, "go": "1"})
    assert response.status_code == 302 and response["Location"] == n.url
    assert unread_count(member) == 0
    assert "bell-count" not in client.get("/community/").content.decode()


def test_cannot_mark_someone_elses_notification(client, question, member, other_member,
                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_answer(other_member, question)
    n = Notification.objects.get(recipient=member)
    client.force_login(other_member)
    assert client.post("/community/notifications/read", {"id": n.pk}).status_code == 404
    assert Notification.objects.get(pk=n.pk).read_at is None
    client.logout()
    assert client.post("/community/notifications/read", {"id": n.pk}).status_code == 302
    assert Notification.objects.get(pk=n.pk).read_at is None


def test_bell_costs_at_most_one_query_and_is_cached(client, member, django_assert_max_num_queries):
    from django.test import RequestFactory

    from community.notifications import bell_html

    request = RequestFactory().get("/")
    request.user = member
    with django_assert_max_num_queries(1):
        first = bell_html(request)
    with django_assert_max_num_queries(0):
        assert bell_html(request) == first
    assert "Notifications: 0 unread" in first and "bell-count" not in first


@pytest.mark.parametrize("rows", [3, 20])
def test_notification_list_queries_do_not_grow(client, member, rows, django_assert_max_num_queries):
    actor = factories.member()
    Notification.objects.bulk_create([
        Notification(recipient=member, actor=actor, kind="answer", key=f"k{i}", title=f"T{i}", url="/community/")
        for i in range(rows)
    ])
    client.force_login(member)
    with django_assert_max_num_queries(8):
        response = client.get("/community/notifications/")
    assert response.content.decode().count('<li class="notification') == rows
