"""Every field members and writers fill, fed the 2,486 hostile strings and shown
on Gilde's real pages in Chromium: nothing runs, with the CSP on and with it off
(so the escaping and sanitising hold on their own)."""

from urllib.parse import urlencode

import pytest

from community import services as community
from knowledge_base import services as kb
from support import services as support
from tests import factories
from tests.browser import login
from tests.security import harness
from tests.security.payloads import chunks, hostile_strings

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def build_pages() -> list[str]:
    """Store the payloads through each app's services; return the pages that show them."""
    agent = factories.agent()
    topic = community.topic_create(name="Hostile input", description="Security test topic.")
    category = kb.category_save(name="Security")
    section = kb.section_save(category=category, name="Hostile input")
    urls = []
    for n, chunk in enumerate(chunks(40)):
        chunk = (chunk * 8)[: max(len(chunk), 8)]  # the last chunk is short
        author = factories.member(display_name=chunk[0][:60], bio="\n".join(chunk), trust_level=2)
        article = kb.article_save(
            author=agent,
            section=section,
            title=f"{n} {chunk[1]}"[:200],
            body="\n\n".join(chunk),
            status="published",
            visibility="everyone",
            language="en",
            labels=[p[:50] for p in chunk[2:5]],
        )
        question = community.question_create(
            author=author,
            topic=topic,
            title=f"{n} {chunk[3]}"[:200],
            body="\n\n".join(chunk),
            tags=[p[:50] for p in chunk[5:8]],
            screen_content=False,
        )
        community.answer_create(
            author=agent, question=question, body="\n\n".join(reversed(chunk)), screen_content=False
        )
        community.comment_create(author=author, question=question, body=chunk[4][:2000], screen_content=False)
        idea = community.idea_create(
            author=author, title=f"{n} {chunk[6]}"[:200], body="\n\n".join(chunk), screen_content=False
        )
        ticket = support.ticket_create(subject=chunk[7], body="\n\n".join(chunk), requester=author)
        urls += [
            article.get_absolute_url(),
            question.get_absolute_url(),
            idea.get_absolute_url(),
            ticket.get_absolute_url(),
            author.get_absolute_url(),
            "/search/?" + urlencode({"q": " ".join(chunk)[:300]}),
        ]
    urls += ["/community/questions/", "/community/ideas/", "/help/", "/support/inbox/"]
    return urls


def test_no_hostile_string_runs_on_any_page(browser, live_server, settings):
    settings.GILDE_STAFF_MFA_REQUIRED = False
    assert len(hostile_strings()) == 2486
    urls = build_pages()
    agent_email = factories.agent().email
    for bypass in (False, True):
        context = browser.new_context(bypass_csp=bypass)
        state = harness.prepare(context)
        page = context.new_page()
        page.base = live_server.url
        login(page, agent_email)
        executed, findings, errors = 0, [], []
        for url in urls:
            response = page.goto(live_server.url + url)
            if response.status >= 400:
                errors.append(f"{url}: {response.status}")
            harness.settle(page)
            executed += harness.executions(page)
            findings += [f"{url}: {f}" for f in page.evaluate(harness.SWEEP)]
        context.close()
        assert not errors, errors[:5]
        assert (executed, state["dialogs"], findings[:10]) == (0, 0, []), f"bypass_csp={bypass}"
