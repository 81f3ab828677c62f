import pytest

from core.markdown import render_markdown


def test_raw_html_is_escaped():
    html = render_markdown("<script>alert(1)</script><img src=x onerror=alert(1)>").html
    assert "<script" not in html and "<img" not in html


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html;base64,PHNjcmlwdD4="])
def test_dangerous_urls_never_survive(url):
    html = render_markdown(f"[click]({url}) ![img]({url})").html
    assert 'href="javascript' not in html.lower() and 'src="javascript' not in html.lower()
    assert 'href="data:' not in html.lower() and 'src="data:' not in html.lower()


def test_external_links_get_nofollow_ugc_noopener_and_internal_do_not():
    html = render_markdown("[out](https://example.org) [in](/help/) https://example.net").html
    assert '<a href="https://example.org" rel="nofollow ugc noopener">out</a>' in html
    assert '<a href="/help/">in</a>' in html
    assert 'href="https://example.net" rel="nofollow ugc noopener"' in html


def test_headings_are_anchored_and_listed():
    rendered = render_markdown("# Set up\n\n## Charge the battery\n\ntext")
    assert '<h2 id="charge-the-battery">' in rendered.html
    assert [(h.level, h.anchor) for h in rendered.headings] == [(1, "set-up"), (2, "charge-the-battery")]
