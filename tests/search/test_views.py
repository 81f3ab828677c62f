import pytest
from django.urls import reverse

from analytics.models import Event
from tests.knowledge_base import helpers as kb

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        cat = kb.category(name="Maintenance")
        sec = kb.section(cat)
        a = kb.article(sec, title="Fiets schoonmaken", body="Maak je fiets schoon met water.", language="nl")
        b = kb.article(title="Clean your bike", body="Use water, not a pressure washer.")
    return cat, a, b


def test_results_page_and_search_event(client, articles):
    _, a, _ = articles
    response = client.get(reverse("search:results") + "?q=fietsen")
    html = response.content.decode()
    assert "Fiets schoonmaken" in html and "Clean your bike" not in html
    event = Event.objects.get(name="search.performed")
    assert event.props["query"] == "fietsen" and event.props["results"] == 1


def test_search_without_results_is_recorded(client, articles):
    html = client.get(reverse("search:results") + "?q=zzzqqq").content.decode()
    assert "Nothing found" in html
    assert Event.objects.get(name="search.performed").props["results"] == 0


def test_filters(client, articles):
    cat, a, b = articles
    html = client.get(reverse("search:results") + "?q=water&language=en").content.decode()
    assert "Clean your bike" in html and "Fiets schoonmaken" not in html
    html = client.get(reverse("search:results") + f"?q=water&category=kb-{cat.slug}").content.decode()
    assert "Fiets schoonmaken" in html and "Clean your bike" not in html
    html = client.get(reverse("search:results") + "?q=water&kind=nonsense&category=evil").content.decode()
    assert "Fiets schoonmaken" in html and "Clean your bike" in html  # unknown filters are ignored


def test_suggest_json_and_htmx(client, articles):
    data = client.get(reverse("search:suggest") + "?q=clean+yo").json()
    assert [r["title"] for r in data["results"]] == ["Clean your bike"]
    assert data["results"][0]["click_url"].startswith("/search/click?")
    html = client.get(reverse("search:suggest") + "?q=clean", HTTP_HX_REQUEST="true").content.decode()
    assert "Clean your bike" in html and "<html" not in html


def test_click_records_and_redirects(client, articles):
    _, a, _ = articles
    response = client.get(reverse("search:click"), {"to": a.get_absolute_url(), "q": "fiets", "pos": 1, "doc": 1})
    assert response.status_code == 302 and response["Location"] == a.get_absolute_url()
    event = Event.objects.get(name="search.result_clicked")
    assert event.props["query"] == "fiets" and event.props["position"] == 1


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", ""]
)
def test_click_refuses_foreign_targets(client, target):
    response = client.get(reverse("search:click"), {"to": target})
    assert response.status_code == 400
    assert not Event.objects.filter(name="search.result_clicked").exists()
