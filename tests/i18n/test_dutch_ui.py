"""The Dutch interface, item by item: what English used to be left on Dutch pages,
plurals, one word for signing in, and names that managers translate."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from analytics import charts
from branding.models import Brand
from branding.services import brand_get, brand_update
from community import services as community
from community.models import Notification
from knowledge_base import services as kb
from moderation import services as moderation
from search import registry
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def dutch(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    return client


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def topic(db):
    return community.topic_create(
        name="Battery and charging", name_nl="Accu en opladen", description="Range and chargers.",
        description_nl="Actieradius en laders.",
    )


def ask(topic, *, author=None, title="Accu laadt niet op", **kwargs):
    return community.question_create(author=author or factories.member(trust_level=2), topic=topic, title=title,
                                     body="Het lampje knippert.", language="nl", screen_content=False, **kwargs)


# --- English left on Dutch pages ------------------------------------------------------------


def test_question_list_sort_labels_are_dutch(dutch, topic):
    page = text(dutch.get("/community/questions/"))
    for label in ("Recent actief", "Nieuwste", "Meeste stemmen", "Onbeantwoord"):
        assert label in page
    assert "Most votes" not in page and "Newest" not in page


def test_topic_name_and_description_follow_the_language(client, dutch, topic):
    question = ask(topic)
    dutch.get(question.get_absolute_url(), HTTP_COOKIE="gilde_language=en")  # cache the English page first
    for url in ("/community/", "/community/questions/", topic.get_absolute_url(), question.get_absolute_url()):
        page = text(dutch.get(url))
        assert "Accu en opladen" in page, url
        assert "Battery and charging" not in page, url
    assert "Actieradius en laders." in text(dutch.get(topic.get_absolute_url()))
    client.cookies["gilde_language"] = "en"
    assert "Battery and charging" in text(client.get(topic.get_absolute_url()))


def test_the_ask_form_offers_topics_by_their_dutch_name(dutch, topic, member):
    dutch.force_login(member)
    page = text(dutch.get(reverse("community:ask") + "?guidelines=read"))
    assert re.search(r"<option[^>]*>Accu en opladen</option>", page)


def test_held_post_details_count_in_the_readers_language():
    from moderation.details import counted, detail_text

    with translation.override("en"):
        assert detail_text(counted("links", n=1, max=0)) == "1 link; new members may post 0"
        assert detail_text(counted("links", n=3, max=1)) == "3 links; new members may post 1"
    with translation.override("nl"):
        one, three = detail_text(counted("links", n=1, max=0)), detail_text(counted("links", n=3, max=1))
    assert one.startswith("1 link;") and three.startswith("3 links;") and "nieuwe leden" in one


def test_a_topic_without_a_dutch_name_shows_its_english_name(dutch):
    topic = community.topic_create(name="Motors")
    ask(topic)
    assert "Motors" in text(dutch.get("/community/questions/"))


def test_search_filters_and_results_name_topics_and_categories_in_dutch(
    dutch, topic, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(topic, title="Accu laadt niet meer op")
        category = kb.category_save(name="Getting started", name_nl="Aan de slag")
        section = kb.section_save(category=category, name="Charging", name_nl="Opladen")
        kb.article_save(author=None, section=section, title="Accu opladen", body="Laad de accu op.",
                        status="published", visibility="everyone", language="nl")
    page = text(dutch.get("/search/?q=accu"))
    assert "Accu en opladen" in page and "Aan de slag" in page
    assert "Battery and charging" not in page and "Getting started" not in page
    english = text(dutch.get("/search/?q=accu", HTTP_ACCEPT_LANGUAGE="en", HTTP_COOKIE="gilde_language=en"))
    assert "Getting started" in english


def test_renamed_dutch_name_shows_in_the_search_filter_at_once(dutch, topic, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(topic)
    assert "Accu en opladen" in text(dutch.get("/search/"))
    community.topic_update(topic=topic, name=topic.name, description="", name_nl="Accu's")
    assert "Accu's" in text(dutch.get("/search/")) or "Accu&#x27;s" in text(dutch.get("/search/"))


def test_moderation_queue_names_the_kind_of_post_in_dutch(dutch, topic, settings):
    settings.GILDE_STAFF_MFA_REQUIRED = False
    newcomer = factories.member(trust_level=0)
    community.question_create(author=newcomer, topic=topic, title="Mijn eerste vraag", body="Hallo allemaal.",
                              language="nl")
    dutch.force_login(factories.moderator())
    page = text(dutch.get(reverse("moderation:queue")))
    assert re.search(r'<span class="badge">vraag</span>', page)
    assert "Bericht 1 van een nieuw lid" in page
    assert "Post 1 of a new member" not in page


def test_audit_log_names_kinds_and_reasons_in_dutch(dutch, topic, settings):
    settings.GILDE_STAFF_MFA_REQUIRED = False
    question = ask(topic)
    comment = community.comment_create(author=factories.member(), question=question, body="Mijn telefoonnummer is",
                                       screen_content=False)
    mod = factories.moderator()
    moderation.content_hide(obj=comment, moderator=mod, reason="Privégegevens.")
    with translation.override("en"):
        community.question_create(author=factories.member(trust_level=0), topic=topic, title="Eerste vraag",
                                  body="Hallo allemaal.", language="nl")
    dutch.force_login(mod)
    page = text(dutch.get(reverse("moderation:log")))
    assert re.search(r">reactie: ", page) and re.search(r">vraag: ", page)
    assert "Bericht 1 van een nieuw lid" in page
    assert "msgid" not in page and "comment:" not in page


def test_review_item_details_are_shown_in_the_readers_language(topic):
    newcomer = factories.member(trust_level=0)
    with translation.override("en"):
        question = community.question_create(author=newcomer, topic=topic, title="First", body="Hello all.")
    from moderation.details import detail_text
    from moderation.models import ReviewItem

    (detail,) = ReviewItem.objects.get(object_id=question.pk).details
    with translation.override("nl"):
        assert "nieuw lid" in detail_text(detail)
    with translation.override("en"):
        assert detail_text(detail) == "Post 1 of a new member"


def test_chart_axes_use_dutch_numbers_and_dates():
    import datetime as dt

    from django.utils import formats

    with translation.override("nl"):
        assert charts._fmt(2.5, "h") == "2,5 u"
        assert charts._fmt(0, "h") == "0,0 u"
        assert formats.date_format(dt.date(2026, 11, 5), translation.gettext("M j")) == "5 nov"
    with translation.override("en"):
        assert charts._fmt(2.5, "h") == "2.5 h"
        assert formats.date_format(dt.date(2026, 11, 5), translation.gettext("M j")) == "Nov 5"


def test_dashboard_axes_in_dutch(dutch, settings):
    settings.GILDE_STAFF_MFA_REQUIRED = False
    dutch.force_login(factories.manager())
    page = text(dutch.get(reverse("analytics:dashboard")))
    assert not re.search(r">\d+\.\d h<", page)
    assert not re.search(r">\d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)<", page)


def test_brand_tagline_follows_the_language(client, dutch):
    brand_update(brand=Brand(name="Velora", tagline="Bikes built in Utrecht.", tagline_nl="Fietsen uit Utrecht."))
    page = text(dutch.get("/"))
    assert "Fietsen uit Utrecht." in page and "Bikes built in Utrecht." not in page
    client.cookies["gilde_language"] = "en"
    assert "Bikes built in Utrecht." in text(client.get("/"))


def test_badge_notification_names_the_badge_in_the_readers_language(dutch):
    member = factories.member(language="nl")
    with translation.override("en"):
        community.badge_award(member=member, badge="first_answer")  # awarded by an English-speaking worker
    notification = Notification.objects.get(recipient=member, kind="badge")
    dutch.force_login(member)
    page = text(dutch.get(reverse("community:notifications")))
    from community.recognition import BADGES

    with translation.override("nl"):
        dutch_name = str(BADGES["first_answer"].name)
    assert dutch_name != "Helper" or notification.title == "Helper"
    assert f"“{dutch_name}”" in page


# --- plurals ----------------------------------------------------------------------------------


def test_counts_use_singular_and_plural(dutch, topic):
    one = ask(topic, title="Een antwoord")
    community.answer_create(author=factories.agent(), question=one, body="Probeer dit.", screen_content=False)
    page = text(dutch.get("/community/questions/"))
    assert re.search(r"<strong>1</strong> <span>antwoord</span>", page)
    assert re.search(r"<strong>0</strong> <span>stemmen</span>", page)
    assert "1</strong> <span>antwoorden" not in page


def test_profile_counts_use_singular_and_plural(dutch, topic):
    author = factories.member(trust_level=2)
    ask(topic, author=author)
    page = text(dutch.get(author.get_absolute_url()))
    assert re.search(r"<strong>1</strong> vraag\b", page)
    assert re.search(r"<strong>0</strong> antwoorden", page)


# --- one word for signing in ------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, word",
    [("/accounts/login/", "Inloggen"), ("/accounts/signup/", "Registreren"), ("/", "Registreren")],
)
def test_sign_in_and_sign_up_have_one_dutch_word_each(dutch, url, word):
    page = text(dutch.get(url))
    assert word in page
    assert not re.search(r"[Aa]anmeld", page), re.findall(r".{40}[Aa]anmeld.{20}", page)


@pytest.mark.parametrize("url", ["/accounts/signup/", "/accounts/password/reset/done/"])
def test_dutch_pages_say_je_not_u(dutch, url):
    """Gilde speaks informally; Django's and allauth's formal "u"/"uw" are replaced in locale/nl."""
    page = re.sub(r"<[^>]+>", " ", text(dutch.get(url)))
    assert not re.search(r"\b(U|u|Uw|uw)\b", page), re.findall(r".{30}\b[Uu]w?\b.{30}", page)
    assert re.search(r"\b[Jj]e\b", page)


def test_two_factor_has_one_dutch_name(dutch, member):
    from tests import pages as catalogue

    catalogue.sign_in(dutch, member)
    page = text(dutch.get("/accounts/2fa/"))
    assert re.search(r"<h1>\s*Tweestapsverificatie\s*</h1>", page)
    assert not re.search(r"[Tt]wee-factor", page)


def test_sign_out_is_uitloggen(dutch, member):
    dutch.force_login(member)
    page = text(dutch.get("/accounts/logout/"))
    assert "Uitloggen" in page and "uitloggen?" in page
    assert not re.search(r"[Aa]fmeld|[Aa]anmeld", page)


# --- names managers translate -----------------------------------------------------------------


def test_manager_sets_dutch_topic_names(client, settings, topic):
    settings.GILDE_STAFF_MFA_REQUIRED = False
    client.force_login(factories.manager())
    response = client.post(
        reverse("community:topic_edit", args=[topic.pk]),
        {"name": "Batteries", "name_nl": "Accu's", "description": "Care.", "description_nl": "Onderhoud."},
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert (topic.name, topic.name_nl, topic.description_nl) == ("Batteries", "Accu's", "Onderhoud.")
    client.post(reverse("community:topic_manage"), {"name": "Motors", "name_nl": "Motoren"})
    from community.models import Topic

    assert Topic.objects.get(name="Motors").name_nl == "Motoren"


def test_manager_sets_the_dutch_tagline(client, settings):
    settings.GILDE_STAFF_MFA_REQUIRED = False
    client.force_login(factories.manager())
    form = client.get(reverse("branding:settings"))
    assert 'name="tagline_nl"' in form.content.decode()
    response = client.post(
        reverse("branding:settings"),
        {"name": "Velora", "tagline": "Bikes.", "tagline_nl": "Fietsen.", "primary_color": "#0e5c4a",
         "accent_color": "#b4451b", "default_language": "nl", "footer_links_text": ""},
    )
    assert response.status_code in (200, 302)
    assert brand_get().tagline_nl == "Fietsen."


def test_manager_sets_dutch_category_names(client, settings):
    settings.GILDE_STAFF_MFA_REQUIRED = False
    category = kb.category_save(name="Getting started")
    client.force_login(factories.manager())
    page = client.get(reverse("knowledge_base:category_edit", args=[category.pk])).content.decode()
    assert 'name="name_nl"' in page and 'name="description_nl"' in page


def test_search_resolvers_are_registered_for_topics_and_categories(topic):
    category = kb.category_save(name="Getting started", name_nl="Aan de slag")
    with translation.override("nl"):
        names = registry.category_names([f"topic-{topic.pk}", f"kb-{category.slug}", "other-1"])
    assert names == {f"topic-{topic.pk}": "Accu en opladen", f"kb-{category.slug}": "Aan de slag"}
