import pytest
from django.urls import reverse

from tests.knowledge_base import helpers as kb

pytestmark = pytest.mark.django_db

PAYLOAD = "<img src=x onerror=alert(1)><script>alert(2)</script>\"'><svg onload=alert(3)>"


@pytest.fixture
def hostile(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        cat = kb.category(name=f"Cat {PAYLOAD}")
        sec = kb.section(cat, name=f"Sec {PAYLOAD}")
        return kb.article(
            sec,
            title=f"Hostile {PAYLOAD}",
            labels=[f"label {PAYLOAD}"],
            body=f"Body {PAYLOAD}\n\n## Head {PAYLOAD}\n\n[click](javascript:alert(4)) ![x](data:text/html,hi)",
        )


def _assert_inert(html):
    for bad in ("<script>alert", "<img src=x onerror", "<svg onload", 'href="javascript', 'src="data:'):
        assert bad not in html, bad


def test_pages_show_payloads_as_text(client, hostile):
    for url in (
        hostile.get_absolute_url(),
        reverse("knowledge_base:home"),
        hostile.section.get_absolute_url(),
        hostile.section.category.get_absolute_url(),
        reverse("search:results") + "?q=hostile",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_inert(response.content.decode())
    html = client.get(hostile.get_absolute_url()).content.decode()
    assert "Hostile &lt;img" in html


def test_json_ld_cannot_break_out_of_script(client, hostile):
    html = client.get(hostile.get_absolute_url()).content.decode()
    start = html.index('<script type="application/ld+json"')
    block = html[start : html.index("</script>", start)]
    assert "</script" not in block[10:] and "<img" not in block and "\\u003Cimg" in block


def test_suggestion_fragment_is_escaped(client, hostile):
    html = client.get(reverse("search:suggest") + "?q=hostile", HTTP_HX_REQUEST="true").content.decode()
    assert "Hostile &lt;img" in html
    _assert_inert(html)


def test_suggestion_json_is_plain_data(client, hostile):
    response = client.get(reverse("search:suggest") + "?q=hostile")
    assert response["Content-Type"] == "application/json"
    result = response.json()["results"][0]
    assert result["title"].startswith("Hostile <img")  # plain text: the consumer escapes it
    assert "<img" not in result["snippet"] and "&lt;img" in result["snippet"]  # safe HTML
