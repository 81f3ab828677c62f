"""Every page type of Gilde, enumerated from the URLconf, with demo-like data.

``build_world()`` stores a small community through the apps' services (a topic,
a solved thread with an official answer, a pending question of a newcomer, a
flag, a sanction, an idea, knowledge-base categories and articles in English
and Dutch, a ticket, a help session, notifications). ``page_urls(world)`` turns
every named URL pattern into a URL for that data. A new URL pattern with
arguments that this module cannot fill makes ``page_urls`` raise, so a new page
is never silently left out of the tests that walk every page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

# Not pages: machine endpoints, the admin, files.
SKIP_PREFIXES = ("admin/", "^media/", "healthz", "sitemap.xml", "outbox/<", "search/click", "search/suggest")


def url_patterns():
    """(route, name, pattern) for every named pattern of the project's URLconf."""

    def walk(patterns, prefix="", ns=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                namespace = ns + (f"{p.namespace}:" if p.namespace else "")
                yield from walk(p.url_patterns, prefix + str(p.pattern), namespace)
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern), ns + (p.name or ""), p

    for route, name, pattern in walk(get_resolver().url_patterns):
        if not route.startswith(SKIP_PREFIXES):
            yield route, name, pattern


@dataclass
class World:
    users: dict = field(default_factory=dict)
    kwargs: dict = field(default_factory=dict)  # url name -> list of kwargs dicts


def build_world() -> World:
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC
    from allauth.account.utils import user_pk_to_url_str
    from django.contrib.auth.tokens import default_token_generator
    from django.contrib.contenttypes.models import ContentType

    from branding.models import Brand
    from branding.services import brand_update
    from community import services as community
    from community.models import Question
    from community.notifications import unsubscribe_token
    from knowledge_base import services as kb
    from moderation import services as moderation
    from moderation.models import ReviewItem
    from support import services as support
    from tests import factories

    brand_update(
        brand=Brand(
            name="Velora",
            tagline="E-bikes built in Utrecht.",
            tagline_nl="E-bikes gebouwd in Utrecht.",
            support_email="support@velora.example",
            footer_links=[{"label": "velora.example", "url": "https://velora.example/"}],
        )
    )
    member = factories.member(display_name="Sanne de Vries", language="nl", trust_level=2)
    newcomer = factories.member(display_name="Nina Nieuw", language="nl", trust_level=0)
    agent = factories.agent(display_name="Joris Bakker", language="nl")
    moderator = factories.moderator(display_name="Fatima Yilmaz", language="nl")
    manager = factories.manager(display_name="Mila Jansen", language="nl")

    topic = community.topic_create(
        name="Battery and charging", name_nl="Accu en opladen", description="Range, chargers.",
        description_nl="Actieradius, laders.",
    )
    question = community.question_create(
        author=member, topic=topic, title="Accu laadt niet meer op", body="Sinds gisteren knippert het lampje.",
        tags=["accu"], language="nl", screen_content=False,
    )
    answer = community.answer_create(author=agent, question=question, body="Probeer een andere lader.",
                                     screen_content=False)
    other_answer = community.answer_create(author=newcomer, question=question, body="Bij mij hielp resetten.",
                                           screen_content=False)
    comment = community.comment_create(author=member, question=question, body="Dank je, ik probeer het.",
                                       screen_content=False)
    community.vote_cast(member=member, target=answer, value=1)
    community.answer_accept(answer=answer, by=member)
    community.follow_set(member=member, target=question, on=True)
    community.badge_award(member=member, badge="first_question")
    pending = community.question_create(
        author=newcomer, topic=topic, title="Koop hier goedkope accu's", body="Kijk op mijn site.",
        language="nl",
    )
    idea = community.idea_create(author=member, title="Een app voor de accustatus", body="Graag een app.",
                                 language="nl", screen_content=False)
    community.idea_set_status(idea=idea, status="planned", comment="Staat op de planning.", by=agent)
    moderation.flag_create(reporter=member, obj=other_answer, reason="spam")
    moderation.content_hide(obj=comment, moderator=moderator, reason="Persoonlijke gegevens.")
    moderation.sanction_create(member=newcomer, moderator=moderator, kind="warning",
                                          reason="Reclame.")
    moderation.banned_phrase_add(phrase="goedkope accu", moderator=moderator)

    category = kb.category_save(name="Getting started", name_nl="Aan de slag", description="First rides.",
                                description_nl="De eerste ritten.")
    section = kb.section_save(category=category, name="Charging", name_nl="Opladen")
    article = kb.article_save(
        author=agent, section=section, title="Je accu opladen", body="Laad de accu op bij kamertemperatuur.",
        status="published", visibility="everyone", language="nl", labels=["accu"],
    )
    kb.article_save(author=agent, section=section, title="Interne laadtips", body="Alleen voor medewerkers.",
                    status="draft", visibility="agents", language="nl")

    ticket = support.ticket_create(subject="Lader kapot", body="Mijn lader doet het niet meer.", requester=member)
    support.ticket_reply(ticket=ticket, author=agent, body="We sturen een nieuwe.")
    session = support.help_session_start(user=member, query="accu laadt niet")
    support.help_session_record(session=session, query="accu laadt niet", shown=[
        {"kind": "article", "id": str(article.pk), "title": article.title, "url": article.get_absolute_url()}])

    item = ReviewItem.objects.filter(object_id=pending.pk).first() or ReviewItem.objects.first()
    ct_question = ContentType.objects.get_for_model(Question).pk
    email = EmailAddress.objects.get(user=member, primary=True)
    world = World(users={"member": member, "newcomer": newcomer, "agent": agent, "moderator": moderator,
                         "manager": manager})
    world.kwargs = {
        "accounts:profile": [{"pk": member.pk}, {"pk": agent.pk}],
        "knowledge_base:category": [{"slug": category.slug}],
        "knowledge_base:section": [{"slug": section.slug}],
        "knowledge_base:label": [{"slug": "accu"}],
        "knowledge_base:article": [{"pk": article.pk, "slug": article.slug}],
        "knowledge_base:article_edit": [{"pk": article.pk}],
        "knowledge_base:revisions": [{"pk": article.pk}],
        "knowledge_base:category_edit": [{"pk": category.pk}],
        "knowledge_base:section_edit": [{"pk": section.pk}],
        "community:topic": [{"slug": topic.slug}],
        "community:question": [{"pk": question.pk, "slug": question.slug}, {"pk": pending.pk, "slug": pending.slug}],
        "community:edit": [{"kind": "question", "pk": question.pk}, {"kind": "answer", "pk": answer.pk}],
        "community:history": [{"kind": "question", "pk": question.pk}],
        "community:idea": [{"pk": idea.pk}],
        "community:unsubscribe": [{"token": unsubscribe_token(member)}],
        "community:topic_edit": [{"pk": topic.pk}],
        "moderation:item": [{"pk": item.pk}] if item else [],
        "moderation:content": [{"ct": ct_question, "pk": question.pk}],
        "moderation:member": [{"pk": newcomer.pk}],
        "moderation:flag": [{"ct": ct_question, "pk": question.pk}],
        "moderation:appeal": [{"ct": ContentType.objects.get_for_model(comment).pk, "pk": comment.pk}],
        "support:open_suggestion": [{"token": session.token}],
        "support:solved": [{"token": session.token}],
        "support:ask_community": [{"token": session.token}],
        "support:ticket_sent": [{"reference": ticket.reference}],
        "support:ticket": [{"pk": ticket.pk}],
        "support:ticket_article": [{"pk": ticket.pk}],
        "support:escalate_question": [{"question_id": question.pk}],
        "support:customer": [{"user_id": member.pk}],
        "analytics:export": [{"table": "daily"}],
        "account_confirm_email": [{"key": EmailConfirmationHMAC(email).key}],
        "account_reset_password_from_key": [
            {"uidb36": user_pk_to_url_str(member), "key": default_token_generator.make_token(member)}
        ],
    }
    return world


# Patterns with arguments that are actions (POST only) or redirects: nothing to read.
ACTIONS = {
    "knowledge_base:article_short", "knowledge_base:vote", "knowledge_base:article_promote",
    "knowledge_base:article_status", "knowledge_base:revision_restore",
    "community:follow_topic", "community:follow_tag", "community:question_short", "community:answer_create",
    "community:question_comment", "community:question_lock", "community:question_support",
    "community:question_follow", "community:answer_link", "community:answer_comment", "community:answer_accept",
    "community:vote", "community:delete", "community:idea_status", "community:idea_follow", "community:topic_move",
    "moderation:item_claim", "moderation:item_decide", "moderation:content_action", "moderation:member_sanction",
    "moderation:sanction_lift", "moderation:rule_remove",
    "support:ticket_reply", "support:ticket_status", "support:ticket_assign", "support:ticket_solve",
    "outbox_message",
}


def page_urls(world: World) -> list[str]:
    """One URL (or a few) per page type; raises for a pattern with arguments it cannot fill."""
    from django.urls import reverse

    urls, missing = [], []
    for route, name, pattern in url_patterns():
        if name in ACTIONS:
            continue
        if not pattern.pattern.regex.groupindex and "<" not in route:
            try:
                urls.append(reverse(name))
            except Exception:
                missing.append(route)
            continue
        if name not in world.kwargs:
            missing.append(f"{name} ({route})")
            continue
        urls += [reverse(name, kwargs=kw) for kw in world.kwargs[name]]
    if missing:
        raise AssertionError(
            "URL patterns that tests/i18n/pages.py cannot fill; add example arguments "
            f"(World.kwargs) or list them as ACTIONS: {missing}"
        )
    return urls
