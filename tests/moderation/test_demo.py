from accounts import demo as accounts_demo
from accounts.models import User
from moderation import demo
from moderation.models import BannedPhrase, Flag, Guidelines, ModerationAction, ReviewItem


def _counts():
    return (Guidelines.objects.count(), BannedPhrase.objects.count(), Flag.objects.count(),
            ModerationAction.objects.count(), ReviewItem.objects.count())


def test_demo_is_idempotent_and_fills_the_queue(db, make_post, django_capture_on_commit_callbacks):
    accounts_demo.load(lambda line: None)
    authors = list(User.objects.filter(email__in=["daan@example.com", "tom@example.com", "ayla@example.com"]))
    for i in range(3):
        make_post(author=authors[i % 3], body=f"Demo question {i} about the Velora Urban battery")
        make_post(author=authors[(i + 1) % 3], body=f"Demo answer {i}", parent_id=None)
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(lambda line: None)
    first = _counts()
    assert first[0] == 2 and first[1] == len(demo.BANNED_PHRASES)
    assert "Velora" in Guidelines.objects.get(language="nl").body_html
    assert ReviewItem.objects.filter(state="open").exists()
    assert ModerationAction.objects.filter(kind__in=["approve", "hide", "pin"]).exists()
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(lambda line: None)
    assert _counts() == first


def test_demo_without_content_makes_guidelines_and_rules_only(db):
    accounts_demo.load(lambda line: None)
    demo.load(lambda line: None)
    assert Guidelines.objects.count() == 2 and not Flag.objects.exists()
