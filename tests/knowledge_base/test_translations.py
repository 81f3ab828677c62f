import pytest
from django.urls import reverse

from knowledge_base import services
from knowledge_base.models import Article
from tests.knowledge_base import helpers as kb

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    sec = kb.section()
    source = kb.article(sec, title="Charging the battery", language="en")
    translation = kb.article(sec, title="De accu opladen", language="nl", translation_of=source)
    lonely = kb.article(sec, title="Only in English", language="en")
    return sec, source, translation, lonely


def test_dutch_reader_is_sent_to_translation(client, pair):
    _, source, translation, _ = pair
    client.cookies["gilde_language"] = "nl"
    response = client.get(source.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == translation.get_absolute_url()


def test_dutch_reader_gets_original_with_note(client, pair):
    _, _, _, lonely = pair
    client.cookies["gilde_language"] = "nl"
    response = client.get(lonely.get_absolute_url())
    assert response.status_code == 200
    assert 'class="message kb-banner" role="note"' in response.content.decode()


def test_lists_show_one_article_per_group_in_reader_language(client, pair):
    sec, source, translation, lonely = pair
    client.cookies["gilde_language"] = "nl"
    html = client.get(sec.get_absolute_url()).content.decode()
    assert "De accu opladen" in html and "Only in English" in html and "Charging the battery" not in html
    client.cookies["gilde_language"] = "en"
    html = client.get(sec.get_absolute_url()).content.decode()
    assert "Charging the battery" in html and "De accu opladen" not in html


def test_for_language_queryset(pair):
    _, source, translation, lonely = pair
    nl = set(Article.objects.visible_to(None).for_language("nl"))
    en = set(Article.objects.visible_to(None).for_language("en"))
    assert nl == {translation, lonely} and en == {source, lonely}


def test_translation_becomes_outdated_when_source_changes(client, pair):
    _, source, translation, _ = pair
    assert not translation.is_outdated
    services.article_save(author=None, article=source, body="Completely new instructions.")
    translation.refresh_from_db()
    assert translation.is_outdated
    client.cookies["gilde_language"] = "nl"
    assert "kb-outdated" in client.get(translation.get_absolute_url()).content.decode()
    services.article_save(author=None, article=translation, body="Nieuwe instructies.", mark_translation_current=True)
    translation.refresh_from_db()
    assert not translation.is_outdated


def test_status_change_does_not_outdate(pair):
    _, source, translation, _ = pair
    services.article_set_status(article=source, status="published", author=None)
    translation.refresh_from_db()
    assert not translation.is_outdated


def test_translate_form_prefills(client, agent, settings, pair):
    settings.GILDE_STAFF_MFA_REQUIRED = False
    _, _, _, lonely = pair
    client.force_login(agent)
    html = client.get(reverse("knowledge_base:article_create") + f"?translate={lonely.pk}").content.decode()
    assert "Translate article" in html and "Only in English" in html
