"""Every page of Gilde, with someone who may open it: a small site built through the
apps' services, and one URL per page-type URL name.

``tests/core/test_page_catalogue.py`` checks this list against the URLconf, so a
new page cannot be forgotten: each URL name is either a page here or in
``NOT_PAGES`` with the reason why it renders no page of its own. The browser
test (no horizontal scroll at 360 px) and the form test (every
``aria-describedby`` resolves) walk these pages.
"""

import time
from dataclasses import dataclass
from types import SimpleNamespace

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tests import factories

ROLES = ("visitor", "member", "agent", "moderator", "manager")

POST_ONLY = "an action (POST only): it redirects or answers with a fragment"
FRAGMENT = "an htmx fragment or a JSON/CSV/XML answer, not a page"
REDIRECT = "redirects to a page that is in the list"

NOT_PAGES = {
    "healthz": FRAGMENT,
    "metrics": "Prometheus text for operators (loopback or a token), not a page",
    "outbox": "the demo mail outbox (GILDE_DEMO, loopback only)",
    "outbox_message": "the demo mail outbox (GILDE_DEMO, loopback only)",
    "sitemap": FRAGMENT,
    "accounts:set_language": POST_ONLY,
    "account_logout": "allauth's sign-out confirmation; signing out is a button in the account menu",
    "account_set_password": "only for accounts without a password (social login, not configured)",
    "account_confirm_login_code": "login by code is not enabled",
    "account_request_reauthentication_code": "login by code is not enabled",
    "account_confirm_reauthentication_code": "login by code is not enabled",
    "mfa_authenticate": "only reachable halfway through signing in with two-factor authentication",
    "mfa_reauthenticate": "only for members who turned two-factor authentication on",
    "mfa_deactivate_totp": "only for members who turned two-factor authentication on",
    "mfa_view_recovery_codes": "only for members who turned two-factor authentication on",
    "mfa_generate_recovery_codes": "only for members who turned two-factor authentication on",
    "mfa_download_recovery_codes": FRAGMENT,
    "knowledge_base:article_short": REDIRECT,
    "knowledge_base:vote": POST_ONLY,
    "knowledge_base:preview": FRAGMENT,
    "knowledge_base:article_promote": POST_ONLY,
    "knowledge_base:article_status": POST_ONLY,
    "knowledge_base:revision_restore": POST_ONLY,
    "search:suggest": FRAGMENT,
    "search:click": REDIRECT,
    "community:follow_topic": POST_ONLY,
    "community:tag_suggest": FRAGMENT,
    "community:follow_tag": POST_ONLY,
    "community:preview": FRAGMENT,
    "community:question_short": REDIRECT,
    "community:answer_create": POST_ONLY,
    "community:question_comment": POST_ONLY,
    "community:question_lock": POST_ONLY,
    "community:question_support": POST_ONLY,
    "community:question_follow": POST_ONLY,
    "community:answer_link": REDIRECT,
    "community:answer_comment": POST_ONLY,
    "community:answer_accept": POST_ONLY,
    "community:vote": POST_ONLY,
    "community:delete": POST_ONLY,
    "community:idea_status": POST_ONLY,
    "community:idea_follow": POST_ONLY,
    "community:notification_read": POST_ONLY,
    "community:topic_move": POST_ONLY,
    "moderation:queue_bulk": POST_ONLY,
    "moderation:item_claim": POST_ONLY,
    "moderation:item_decide": POST_ONLY,
    "moderation:content_action": POST_ONLY,
    "moderation:member_sanction": POST_ONLY,
    "moderation:sanction_lift": POST_ONLY,
    "moderation:rule_remove": POST_ONLY,
    "support:open_suggestion": REDIRECT,
    "support:solved": POST_ONLY,
    "support:ask_community": REDIRECT,
    "support:ticket_reply": POST_ONLY,
    "support:ticket_status": POST_ONLY,
    "support:ticket_assign": POST_ONLY,
    "support:ticket_solve": POST_ONLY,
    "support:ticket_article": POST_ONLY,
    "support:escalate_question": POST_ONLY,
    "support:helpdesk_inbound": "the helpdesk's signed webhook (POST only)",
    "analytics:export": FRAGMENT,
}
# Whole namespaces that are not Gilde's pages.
NOT_PAGE_PREFIXES = ("admin:",)


@dataclass(frozen=True)
class Page:
    name: str  # the URL name
    path: str
    role: str  # one of ROLES who may open it
    form_post: bool = False  # re-render with errors after an empty POST (to check the error ids too)
    redirects: bool = False  # lands on its page through one redirect (allauth moves the key into the session)


def _hidden_answer(site):
    """An answer of the member's that a moderator hid (for the appeal page)."""
    from community import services as community
    from moderation import services as moderation

    answer = community.answer_create(author=site.member, question=site.question,
                                     body="Try the shop on the corner, they sell cheap batteries.")
    moderation.content_hide(obj=answer, moderator=site.moderator, reason="Advertising is not allowed here.")
    return answer


def build_site(language: str = "en") -> SimpleNamespace:
    """A small community with one of everything, made through the apps' services."""
    from community import services as community
    from community.notifications import unsubscribe_token
    from knowledge_base import services as kb
    from moderation import services as moderation
    from moderation.api import ContentState
    from moderation.models import ReviewItem
    from support import services as support

    site = SimpleNamespace()
    site.member = factories.member(display_name="Annemarie van Westerhoven-Blokland", language=language)
    site.agent = factories.agent(display_name="Joris Bakker (Velora support)", language=language)
    site.moderator = factories.moderator(display_name="Fatima El Amrani", language=language)
    site.manager = factories.manager(display_name="Lotte Visser", language=language)
    newcomer = factories.member(display_name="Nina Newcomer", trust_level=0)

    category = kb.category_save(name="Batteries and charging", description="Range, chargers and care.")
    section = kb.section_save(category=category, name="Charging", description="How to charge.")
    site.article = kb.article_save(
        author=site.agent, section=section, title="How to charge your battery",
        body="Charge **indoors** at room temperature.\n\n- Use the original charger\n- Unplug when full",
        status="published", visibility="everyone", language="en", labels=["battery", "charging"],
    )
    site.category, site.section = category, section

    topic = community.topic_create(name="Batteries and charging", description="Range, chargers and battery care.")
    site.topic = topic
    site.question = community.question_create(
        author=site.member, topic=topic, title="How far can I ride on one charge in winter?",
        body="It freezes in the morning and I get 55 km instead of 90. Is my battery wearing out?",
        tags=["battery", "winter"],
    )
    site.answer = community.answer_create(author=site.agent, question=site.question,
                                          body="A drop of 30-40 % below 5 °C is expected. Store it indoors.")
    community.comment_create(author=site.member, question=site.question, answer=site.answer,
                             body="Thanks, that explains it!")
    site.idea = community.idea_create(author=site.member, title="Show the battery temperature in the app",
                                      body="Then I know when to bring the battery inside.")
    held = community.question_create(author=newcomer, topic=topic, title="Best cheap e-bike deals at my shop",
                                     body="Come and visit, everything must go.", tags=())
    assert held.state == ContentState.PENDING
    site.review_item = ReviewItem.objects.get(object_id=held.pk, state="open")
    site.held = held
    site.hidden_answer = _hidden_answer(site)
    moderation.banned_phrase_add(phrase="cheap batteries", moderator=site.moderator)

    site.ticket = support.ticket_create(subject="Display shows E-21", body="Since the update the motor stops.",
                                        requester=site.member)
    site.unsubscribe_token = unsubscribe_token(site.member)
    EmailAddress.objects.filter(user=newcomer).update(verified=False)
    site.email_key = EmailConfirmationHMAC(EmailAddress.objects.get(user=newcomer)).key
    site.reset_key = f"{user_pk_to_url_str(site.member)}-{default_token_generator.make_token(site.member)}"
    return site


def pages(site) -> list[Page]:
    ct = ContentType.objects.get_for_model
    q, a = site.question, site.answer
    answer_ct = ct(type(site.hidden_answer)).pk
    question_ct = ct(type(site.held)).pk
    P = Page
    return [
        P("home", "/", "visitor"),
        # accounts (allauth)
        P("account_login", reverse("account_login"), "visitor", form_post=True),
        P("account_signup", reverse("account_signup"), "visitor", form_post=True),
        P("account_reset_password", reverse("account_reset_password"), "visitor", form_post=True),
        P("account_reset_password_done", reverse("account_reset_password_done"), "visitor"),
        P("account_reset_password_from_key",
          reverse("account_reset_password_from_key", kwargs={"uidb36": site.reset_key.split("-", 1)[0],
                                                             "key": site.reset_key.split("-", 1)[1]}), "visitor",
          redirects=True),
        P("account_reset_password_from_key_done", reverse("account_reset_password_from_key_done"), "visitor"),
        P("account_email_verification_sent", reverse("account_email_verification_sent"), "visitor"),
        P("account_confirm_email", reverse("account_confirm_email", args=[site.email_key]), "visitor"),
        P("account_inactive", reverse("account_inactive"), "visitor"),
        P("account_reauthenticate", reverse("account_reauthenticate"), "member", form_post=True),
        P("account_email", reverse("account_email"), "member"),
        P("account_change_password", reverse("account_change_password"), "member", form_post=True),
        P("mfa_index", reverse("mfa_index"), "member"),
        P("mfa_activate_totp", reverse("mfa_activate_totp"), "member", form_post=True),
        P("accounts:profile", site.member.get_absolute_url(), "visitor"),
        P("accounts:settings", reverse("accounts:settings"), "member"),
        P("branding:settings", reverse("branding:settings"), "manager", form_post=True),
        # knowledge base
        P("knowledge_base:home", reverse("knowledge_base:home"), "visitor"),
        P("knowledge_base:category", site.category.get_absolute_url(), "visitor"),
        P("knowledge_base:section", site.section.get_absolute_url(), "visitor"),
        P("knowledge_base:label", reverse("knowledge_base:label", args=["battery"]), "visitor"),
        P("knowledge_base:article", site.article.get_absolute_url(), "visitor"),
        P("knowledge_base:manage", reverse("knowledge_base:manage"), "agent"),
        P("knowledge_base:article_create", reverse("knowledge_base:article_create"), "agent", form_post=True),
        P("knowledge_base:article_edit", reverse("knowledge_base:article_edit", args=[site.article.pk]), "agent"),
        P("knowledge_base:revisions", reverse("knowledge_base:revisions", args=[site.article.pk]), "agent"),
        P("knowledge_base:category_create", reverse("knowledge_base:category_create"), "manager", form_post=True),
        P("knowledge_base:category_edit", reverse("knowledge_base:category_edit", args=[site.category.pk]),
          "manager"),
        P("knowledge_base:section_create", reverse("knowledge_base:section_create"), "manager", form_post=True),
        P("knowledge_base:section_edit", reverse("knowledge_base:section_edit", args=[site.section.pk]), "manager"),
        # search
        P("search:results", reverse("search:results") + "?q=battery", "visitor"),
        # community
        P("community:home", reverse("community:home"), "visitor"),
        P("community:questions", reverse("community:questions"), "visitor"),
        P("community:topic", site.topic.get_absolute_url(), "visitor"),
        P("community:ask", reverse("community:ask"), "member", form_post=True),
        P("community:question", q.get_absolute_url(), "member"),
        P("community:edit", reverse("community:edit", args=["question", q.pk]), "member", form_post=True),
        P("community:history", reverse("community:history", args=["answer", a.pk]), "visitor"),
        P("community:ideas", reverse("community:ideas"), "visitor"),
        P("community:idea_create", reverse("community:idea_create"), "member", form_post=True),
        P("community:idea", site.idea.get_absolute_url(), "member"),
        P("community:notifications", reverse("community:notifications"), "member"),
        P("community:unsubscribe", reverse("community:unsubscribe", args=[site.unsubscribe_token]), "visitor"),
        P("community:agent", reverse("community:agent"), "agent"),
        P("community:topic_manage", reverse("community:topic_manage"), "manager", form_post=True),
        P("community:topic_edit", reverse("community:topic_edit", args=[site.topic.pk]), "manager"),
        P("community:recognition", reverse("community:recognition"), "visitor"),
        # moderation
        P("moderation:queue", reverse("moderation:queue"), "moderator"),
        P("moderation:item", reverse("moderation:item", args=[site.review_item.pk]), "moderator"),
        P("moderation:content", reverse("moderation:content", args=[question_ct, site.held.pk]), "moderator"),
        P("moderation:flag", reverse("moderation:flag", args=[question_ct, q.pk]), "agent", form_post=True),
        P("moderation:appeal", reverse("moderation:appeal", args=[answer_ct, site.hidden_answer.pk]), "member",
          form_post=True),
        P("moderation:notices", reverse("moderation:notices"), "member"),
        P("moderation:log", reverse("moderation:log"), "moderator"),
        P("moderation:member", reverse("moderation:member", args=[site.member.pk]), "moderator"),
        P("moderation:rules", reverse("moderation:rules"), "moderator"),
        P("moderation:guidelines", reverse("moderation:guidelines"), "visitor"),
        P("moderation:guidelines_edit", reverse("moderation:guidelines_edit"), "manager", form_post=True),
        # support
        P("support:get_help", reverse("support:get_help") + "?q=battery+does+not+charge", "visitor"),
        P("support:contact", reverse("support:contact"), "visitor", form_post=True),
        P("support:ticket_sent", reverse("support:ticket_sent", args=[site.ticket.reference]), "member"),
        P("support:my_tickets", reverse("support:my_tickets"), "member"),
        P("support:ticket", site.ticket.get_absolute_url(), "agent"),
        P("support:inbox", reverse("support:inbox"), "agent"),
        P("support:customer", reverse("support:customer", args=[site.member.pk]), "agent"),
        P("support:deliveries", reverse("support:deliveries"), "manager"),
        # analytics
        P("analytics:dashboard", reverse("analytics:dashboard"), "manager"),
    ]


def user_for(site, role: str):
    return None if role == "visitor" else getattr(site, role)


def sign_in(client, user) -> None:
    """force_login, plus the record of a fresh password sign-in that allauth asks for
    before security pages (as signing in through the form leaves it)."""
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "email": user.email, "reauthenticated": True}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
