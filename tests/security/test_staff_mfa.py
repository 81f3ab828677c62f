"""Staff MFA is enforced for every staff capability (accounts/roles.py), not only on some pages.

The walk enumerates the URLconf (every Gilde route; allauth's and the admin's are
their own), fills each route's arguments from a small world, and requests it as a
plain member, as each staff role with MFA and as the same role without it:

- a route is *staff-only* for a role when the member is refused (403, 404, 405 or
  sent to sign in) and the staff member with MFA is not;
- without MFA, every staff-only route must refuse (403/404) or send them to set up
  MFA; a page open to everyone must not show them a link or form to a staff-only
  route that the member's page does not show.

A new route without example arguments fails the walk: add them to ``kwargs_for``.
"""

import re
from dataclasses import dataclass

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from community import services as community
from community.models import Answer, Question
from knowledge_base.models import Article, ArticleRevision
from moderation import services as moderation
from moderation.models import BannedPhrase, ReviewItem, Sanction
from support import services as support
from tests import factories
from tests.knowledge_base import helpers as kb

pytestmark = pytest.mark.django_db

SKIPPED_NAMESPACES = ("admin",)  # Django's admin: is_staff accounts, behind allauth's secure_admin_login
SKIPPED_PREFIXES = ("accounts/",)  # allauth's own pages (sign-in, MFA setup): the same for everyone
MFA_SETUP = "/accounts/2fa/"
REFUSED = {403, 404, 405}


@dataclass
class Route:
    name: str  # "namespace:name"
    pattern: str
    keys: tuple


def _routes(patterns=None, prefix="", namespace=""):
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(filter(None, [namespace, p.namespace]))
            yield from _routes(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            full = prefix + str(p.pattern)
            keys = tuple(sorted(set(re.findall(r"<(?:\w+:)?(\w+)>", full)) | set(p.pattern.regex.groupindex)))
            yield Route(name=f"{namespace}:{p.name}" if namespace else (p.name or ""), pattern=full, keys=keys)


def gilde_routes():
    for route in _routes():
        if route.name.split(":")[0] in SKIPPED_NAMESPACES or route.pattern.startswith(SKIPPED_PREFIXES):
            continue
        yield route


@pytest.fixture
def world(settings):
    """One of everything a staff route can act on, none of it by the people who walk."""
    settings.GILDE_STAFF_MFA_REQUIRED = True
    customer = factories.member(trust_level=2)
    newcomer = factories.member(trust_level=0)
    topic = community.topic_create(name="Batteries", description="Range and charging.")
    question = community.question_create(
        author=customer, topic=topic, title="Battery drains overnight", body="It loses 20 % every night.",
        tags=("battery",),
    )
    answerer = factories.member(trust_level=2)
    answer = community.answer_create(author=answerer, question=question, body="Check the lights.")
    comment = community.comment_create(author=customer, question=question, body="Which model do you have?")
    idea = community.idea_create(author=customer, title="Show the battery age", body="In the app, please.")
    community.question_create(author=newcomer, topic=topic, title="First post held for review", body="Hello all.")
    item = ReviewItem.objects.order_by("pk").first()
    category = kb.category(name="Service")
    section = kb.section(category, name="Workshop")
    public = kb.article(section, title="Cleaning the chain")
    internal = kb.article(kb.section(kb.category(name="Internal"), name="Runbooks"), title="Override codes",
                          visibility=Article.Visibility.AGENTS)
    kb.article(section, title="Labelled", labels=["winter"])
    session = support.help_session_start(user=customer)
    ticket = support.ticket_create(
        subject="Charger broken", body="It sparks.", requester=customer, help_session=session
    )
    sanction = moderation.sanction_create(
        member=newcomer, moderator=factories.moderator(), kind=Sanction.Kind.WARNING, reason="Spam links"
    )
    rule = BannedPhrase.objects.create(phrase="cheap pills")
    revision = ArticleRevision.objects.filter(article=public).order_by("number").first()
    assert item is not None and revision is not None
    return {
        "customer": customer, "topic": topic, "question": question, "answer": answer, "comment": comment,
        "idea": idea, "item": item, "category": category, "section": section, "article": public, "internal": internal,
        "session": session, "ticket": ticket, "sanction": sanction, "rule": rule, "revision": revision,
        "ct_question": ContentType.objects.get_for_model(Question).pk,
        "ct_answer": ContentType.objects.get_for_model(Answer).pk,
    }


def kwargs_for(route: Route, w) -> list[dict]:
    """Example arguments for each route with arguments (several where the kind matters)."""
    q, a = w["question"], w["answer"]
    by_name = {
        "outbox_message": [{"name": "nothing.eml"}],
        "knowledge_base:category": [{"slug": w["category"].slug}],
        "knowledge_base:section": [{"slug": w["section"].slug}],
        "knowledge_base:label": [{"slug": "winter"}],
        "knowledge_base:article_short": [{"pk": w["article"].pk}, {"pk": w["internal"].pk}],
        "knowledge_base:article": [{"pk": w["article"].pk, "slug": w["article"].slug},
                                   {"pk": w["internal"].pk, "slug": w["internal"].slug}],
        "knowledge_base:vote": [{"pk": w["article"].pk}],
        "knowledge_base:article_edit": [{"pk": w["article"].pk}],
        "knowledge_base:article_promote": [{"pk": w["article"].pk}],
        "knowledge_base:article_status": [{"pk": w["article"].pk}],
        "knowledge_base:revisions": [{"pk": w["article"].pk}],
        "knowledge_base:revision_restore": [{"pk": w["article"].pk, "number": w["revision"].number}],
        "knowledge_base:category_edit": [{"pk": w["category"].pk}],
        "knowledge_base:section_edit": [{"pk": w["section"].pk}],
        "accounts:profile": [{"pk": w["customer"].pk}],
        "community:topic": [{"slug": w["topic"].slug}],
        "community:follow_topic": [{"slug": w["topic"].slug}],
        "community:follow_tag": [{"slug": "battery"}],
        "community:question_short": [{"pk": q.pk}],
        "community:question": [{"pk": q.pk, "slug": q.slug}],
        "community:answer_create": [{"pk": q.pk}],
        "community:question_comment": [{"pk": q.pk}],
        "community:question_lock": [{"pk": q.pk}],
        "community:question_support": [{"pk": q.pk}],
        "community:question_follow": [{"pk": q.pk}],
        "community:answer_link": [{"pk": a.pk}],
        "community:answer_comment": [{"pk": a.pk}],
        "community:answer_accept": [{"pk": a.pk}],
        "community:vote": [{"kind": "question", "pk": q.pk}, {"kind": "answer", "pk": a.pk}],
        "community:edit": [{"kind": "question", "pk": q.pk}, {"kind": "answer", "pk": a.pk},
                           {"kind": "comment", "pk": w["comment"].pk}, {"kind": "idea", "pk": w["idea"].pk}],
        "community:history": [{"kind": "question", "pk": q.pk}, {"kind": "answer", "pk": a.pk}],
        "community:delete": [{"kind": "question", "pk": q.pk}, {"kind": "answer", "pk": a.pk},
                             {"kind": "comment", "pk": w["comment"].pk}],
        "community:idea": [{"pk": w["idea"].pk}],
        "community:idea_status": [{"pk": w["idea"].pk}],
        "community:idea_follow": [{"pk": w["idea"].pk}],
        "community:unsubscribe": [{"token": "not-a-token"}],
        "community:topic_move": [{"pk": w["topic"].pk}],
        "community:topic_edit": [{"pk": w["topic"].pk}],
        "moderation:item": [{"pk": w["item"].pk}],
        "moderation:item_claim": [{"pk": w["item"].pk}],
        "moderation:item_decide": [{"pk": w["item"].pk}],
        "moderation:content": [{"ct": w["ct_question"], "pk": q.pk}, {"ct": w["ct_answer"], "pk": a.pk}],
        "moderation:content_action": [{"ct": w["ct_question"], "pk": q.pk, "action": action}
                                      for action in ("hide", "restore", "lock", "unlock")],
        "moderation:flag": [{"ct": w["ct_question"], "pk": q.pk}],
        "moderation:appeal": [{"ct": w["ct_question"], "pk": q.pk}],
        "moderation:member": [{"pk": w["customer"].pk}],
        "moderation:member_sanction": [{"pk": w["customer"].pk}],
        "moderation:sanction_lift": [{"pk": w["sanction"].pk}],
        "moderation:rule_remove": [{"pk": w["rule"].pk}],
        "support:open_suggestion": [{"token": w["session"].token}],
        "support:solved": [{"token": w["session"].token}],
        "support:ask_community": [{"token": w["session"].token}],
        "support:ticket_sent": [{"reference": w["ticket"].reference}],
        "support:ticket": [{"pk": w["ticket"].pk}],
        "support:ticket_reply": [{"pk": w["ticket"].pk}],
        "support:ticket_status": [{"pk": w["ticket"].pk}],
        "support:ticket_assign": [{"pk": w["ticket"].pk}],
        "support:ticket_solve": [{"pk": w["ticket"].pk}],
        "support:ticket_article": [{"pk": w["ticket"].pk}],
        "support:escalate_question": [{"question_id": q.pk}],
        "support:customer": [{"user_id": w["customer"].pk}],
        "analytics:export": [{"table": table} for table in ("daily", "champions", "unanswered")],
    }
    if not route.keys:
        return [{}]
    if route.name not in by_name:
        pytest.fail(f"{route.name} ({route.pattern}) takes {route.keys}: add example arguments to kwargs_for")
    return by_name[route.name]


def _url(route: Route, kwargs: dict) -> str:
    from django.urls import reverse

    return reverse(route.name, kwargs=kwargs or None)


def _request(client, method: str, url: str):
    """One request whose writes are undone, on a fresh cache (no rate limit carries over)."""
    from core import pagecache

    cache.clear()
    pagecache._local.clear()
    with transaction.atomic():
        if method == "POST":
            response = client.post(url, "", content_type="application/x-www-form-urlencoded")
        else:
            response = client.get(url)
        transaction.set_rollback(True)
    return response


def _outcome(response) -> str:
    if response.status_code in (301, 302, 303):
        location = response["Location"]
        if location.startswith(MFA_SETUP):
            return "mfa"
        if location.startswith("/accounts/login/"):
            return "login"
        return "redirect"
    return str(response.status_code)


def _refused(outcome: str) -> bool:
    return outcome in {"login", "mfa"} or outcome.isdigit() and int(outcome) in REFUSED


_LINK = re.compile(r'(?:href|action|hx-post|hx-get)="(/[^"#?]*)')


def _staff_links(html: str, staff_only: set[str]) -> set[str]:
    found = set()
    for path in _LINK.findall(html):
        try:
            match = resolve(path)
        except Resolver404:
            continue
        if match.view_name in staff_only:
            found.add(path)
    return found


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


ROLES = {"agent": factories.agent, "moderator": factories.moderator, "manager": factories.manager}
# What each role must be able to reach with MFA on: the walk must find these to be meaningful.
EXPECTED_STAFF_ONLY = {
    "agent": {"GET support:inbox", "GET support:ticket", "GET community:agent", "POST community:idea_status",
              "GET knowledge_base:article",
              "POST community:question_support", "POST support:ticket_reply", "GET knowledge_base:manage"},
    "moderator": {"GET moderation:queue", "GET moderation:item", "POST moderation:content_action",
                  "GET moderation:member", "POST community:question_lock"},
    "manager": {"GET branding:settings", "GET analytics:dashboard", "GET community:topic_manage",
                "GET support:deliveries", "GET moderation:guidelines_edit"},
}


@pytest.mark.parametrize("role", sorted(ROLES))
def test_no_staff_capability_is_reachable_without_mfa(world, role):
    from allauth.mfa.models import Authenticator

    member = _client(factories.member(trust_level=2))
    without = ROLES[role]()
    with_mfa = ROLES[role](mfa=True)
    assert not Authenticator.objects.filter(user=without).exists()
    without_client, with_client = _client(without), _client(with_mfa)

    staff_only, leaks, pages = {}, [], []
    routes = list(gilde_routes())
    assert len(routes) > 60, "the walk lost the URLconf"
    for route in routes:
        for kwargs in kwargs_for(route, world):
            url = _url(route, kwargs)
            for method in ("GET", "POST"):
                as_member = _outcome(_request(member, method, url))
                with_response = _request(with_client, method, url)
                as_staff = _outcome(with_response)
                if _refused(as_member) and not _refused(as_staff):
                    staff_only[f"{method} {url}"] = route.name
                elif method == "GET" and as_member == "200" and as_staff == "200":
                    pages.append(url)
    assert staff_only, "with MFA this role reached nothing a member cannot: the walk tests nothing"
    reached = {f"{key.split()[0]} {name}" for key, name in staff_only.items()}
    missing = EXPECTED_STAFF_ONLY[role] - reached
    assert not missing, f"{role} with MFA could not reach {missing}"

    for key in staff_only:
        method, url = key.split(" ", 1)
        outcome = _outcome(_request(without_client, method, url))
        if not (outcome == "mfa" or outcome.isdigit() and int(outcome) in (403, 404)):
            leaks.append(f"{key} -> {outcome}")
    assert not leaks, f"{role} without MFA reached staff capabilities: {leaks}"

    staff_only_names = set(staff_only.values())
    for url in pages:
        staff_page = _request(without_client, "GET", url)
        member_page = _request(member, "GET", url)
        if staff_page.status_code != 200 or "html" not in staff_page.get("Content-Type", ""):
            continue
        extra = _staff_links(staff_page.content.decode(), staff_only_names) - _staff_links(
            member_page.content.decode(), staff_only_names
        )
        if extra:
            leaks.append(f"{url} shows {sorted(extra)}")
    assert not leaks, f"{role} without MFA is offered staff capabilities: {leaks}"


def test_mfa_off_in_settings_means_staff_act_at_once(world, settings):
    settings.GILDE_STAFF_MFA_REQUIRED = False
    agent = _client(factories.agent())
    assert agent.get("/support/inbox/").status_code == 200


# --- the capabilities one by one -------------------------------------------------------------------


@pytest.fixture
def mfa_on(settings):
    settings.GILDE_STAFF_MFA_REQUIRED = True


@pytest.fixture
def thread(db):
    topic = community.topic_create(name="Motors")
    return community.question_create(
        author=factories.member(trust_level=2), topic=topic, title="Motor cuts out", body="On every hill.", tags=()
    )


@pytest.mark.parametrize(("mfa", "official"), [(False, False), (True, True)])
def test_an_answer_is_official_only_from_an_agent_with_mfa(mfa_on, thread, mfa, official):
    agent = factories.agent(mfa=mfa)
    response = _client(agent).post(f"/community/q/{thread.pk}/answer", {"body": "Update the firmware to 2.4."})
    assert response.status_code in (200, 302)
    answer = Answer.objects.get(question=thread, author=agent)
    assert answer.is_official is official


@pytest.mark.parametrize("mfa", [False, True])
def test_the_support_badge_needs_mfa(mfa_on, thread, mfa):
    response = _client(factories.agent(mfa=mfa)).post(f"/community/q/{thread.pk}/support", {"value": "1"})
    thread.refresh_from_db()
    assert (response.status_code, thread.answered_by_support) == ((302, True) if mfa else (403, False))


@pytest.mark.parametrize(("mfa", "status"), [(False, 404), (True, 302)])
def test_an_agent_replies_to_a_customers_ticket_only_with_mfa(mfa_on, mfa, status):
    from support.models import TicketMessage

    ticket = support.ticket_create(subject="Charger", body="It sparks.", requester=factories.member())
    agent = _client(factories.agent(mfa=mfa))
    assert agent.get(f"/support/tickets/{ticket.pk}/").status_code == (200 if mfa else 404)
    response = agent.post(f"/support/tickets/{ticket.pk}/reply/", {"body": "Please send a photo.", "internal": "on"})
    assert response.status_code == status
    assert TicketMessage.objects.filter(ticket=ticket).count() == (1 if mfa else 0)


def test_an_agent_without_mfa_is_a_customer_on_their_own_ticket(mfa_on):
    from support.models import TicketMessage

    agent = factories.agent()
    ticket = support.ticket_create(subject="My own bike", body="Squeaks.", requester=agent)
    response = _client(agent).post(f"/support/tickets/{ticket.pk}/reply/", {"body": "Note", "internal": "on"})
    assert response.status_code == 302
    message = TicketMessage.objects.get(ticket=ticket)
    assert not message.internal and not message.from_agent


@pytest.mark.parametrize("role", ["agent", "manager"])
@pytest.mark.parametrize(("mfa", "status"), [(False, 403), (True, 302)])
def test_idea_status_needs_mfa(mfa_on, role, mfa, status):
    from community.models import Idea

    idea = community.idea_create(author=factories.member(trust_level=2), title="Dark mode", body="Please.")
    response = _client(ROLES[role](mfa=mfa)).post(
        f"/community/ideas/{idea.pk}/status", {"status": "planned", "comment": "On the roadmap for spring."}
    )
    assert response.status_code == status
    assert (Idea.objects.get(pk=idea.pk).status == "planned") is mfa


@pytest.mark.parametrize("mfa", [False, True])
def test_agents_only_articles_need_mfa_on_the_page_and_in_search(mfa_on, mfa, django_capture_on_commit_callbacks):
    from search.services import search

    with django_capture_on_commit_callbacks(execute=True):
        article = kb.article(title="Override codes for refunds", visibility=Article.Visibility.AGENTS)
    agent = factories.agent(mfa=mfa)
    response = _client(agent).get(article.get_absolute_url())
    assert response.status_code == (200 if mfa else 404)
    found = search("override codes", user=agent)
    titles = [r.document.title for r in found.results]
    assert ("Override codes for refunds" in titles) is mfa


def test_staff_without_mfa_are_told_how_to_get_their_tools_back(mfa_on, client):
    client.force_login(factories.moderator())
    page = client.get("/").content.decode()
    assert "Turn on two-factor authentication to use your staff tools" in page
    assert "Review queue" not in page
    response = client.get("/moderation/queue/")
    assert response.status_code == 302 and response["Location"] == MFA_SETUP


@pytest.mark.parametrize("mfa", [False, True])
def test_djangos_admin_needs_mfa_too(mfa_on, client, mfa):
    from accounts.models import User

    admin = User.objects.create_superuser("root@example.com", "x-pw-123456")
    if mfa:
        from allauth.mfa.models import Authenticator

        Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(admin)
    response = client.get("/admin/accounts/user/", follow=True)
    if mfa:
        assert response.status_code == 200 and response.redirect_chain == []
    else:
        assert response.redirect_chain[-1][0] == MFA_SETUP
        assert b"root@example.com" not in response.content or b"Two-Factor" in response.content


def test_a_superuser_without_mfa_has_no_staff_capability(mfa_on):
    from accounts import roles
    from accounts.models import User

    admin = User.objects.create_superuser("root@example.com", "x-pw-123456")
    assert roles.holds(admin, "moderate") and roles.staff_needs_mfa(admin)
    assert not (roles.is_moderator(admin) or roles.is_agent(admin) or roles.is_staff(admin))
    assert roles.article_visibilities(admin) == ["everyone", "members"]
