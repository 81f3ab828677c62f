import pytest

from community import demo
from community.models import Answer, Idea, Notification, Question, Topic, Vote

pytestmark = pytest.mark.django_db


def test_demo_loads_a_realistic_community_once(django_capture_on_commit_callbacks, staff_mfa_off):  # as `make run`
    from accounts import demo as accounts_demo

    accounts_demo.load(lambda line: None)
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(lambda line: None)
    assert Topic.objects.count() >= 5
    assert not Topic.objects.filter(name_nl="").exists()  # every demo topic has a Dutch name
    questions = Question.objects.all()
    assert questions.count() >= 60
    assert questions.filter(language="nl").count() >= 25 and questions.filter(language="en").count() >= 25
    assert questions.filter(status="solved").count() >= 20 and questions.filter(answer_count=0).exists()
    assert Answer.objects.filter(is_official=True).count() >= 20
    authors = set(questions.values_list("author", flat=True)) | set(Answer.objects.values_list("author", flat=True))
    assert len(authors) >= 15
    assert Idea.objects.count() >= 15 and Idea.objects.values("status").distinct().count() == 6
    assert Vote.objects.count() > 200
    assert not Notification.objects.exists()  # loading the demo notifies nobody
    counts = (Question.objects.count(), Answer.objects.count(), Vote.objects.count(), Idea.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(lambda line: None)
    assert (Question.objects.count(), Answer.objects.count(), Vote.objects.count(), Idea.objects.count()) == counts
