import pytest

from search import stemming
from search.models import SearchDocument
from search.services import search, suggest
from tests.knowledge_base import helpers as kb

pytestmark = pytest.mark.django_db


def test_dutch_plural_finds_singular(indexed, member):
    art = indexed(kb.article, title="De fiets opbergen in de winter", body="Zet je fiets droog weg.", language="nl")
    page = search("fietsen", user=member)
    assert [r.document.object_id for r in page.results] == [art.pk]
    assert "<mark>" in page.results[0].snippet


def test_dutch_singular_finds_plural(indexed, member):
    art = indexed(kb.article, title="Onderhoud", body="Alle fietsen hebben een beurt nodig.", language="nl")
    assert [r.document.object_id for r in search("fiets", user=member).results] == [art.pk]


def test_english_stemming(indexed, member):
    art = indexed(kb.article, title="Charge your battery", body="Charging takes four hours.")
    for query in ("charging", "charged battery", "batteries"):
        assert [r.document.object_id for r in search(query, user=member).results] == [art.pk], query


def test_title_outranks_body(indexed, member):
    body_only = indexed(kb.article, title="Cleaning", body="Sometimes the display needs a reset.")
    in_title = indexed(kb.article, title="Display reset", body="Hold the button.")
    ids = [r.document.object_id for r in search("display", user=member).results]
    assert ids == [in_title.pk, body_only.pk]


def test_labels_are_searchable(indexed, member):
    art = indexed(kb.article, title="Firmware", body="Update it.", labels=["bluetooth"])
    assert [r.document.object_id for r in search("bluetooth", user=member).results] == [art.pk]


def test_visibility_is_respected(indexed, member, agent):
    public = indexed(kb.article, title="Motor noise public")
    members = indexed(kb.article, title="Motor noise members", visibility="members")
    internal = indexed(kb.article, title="Motor noise internal", visibility="agents")
    indexed(kb.article, title="Motor noise draft", status="draft")

    def ids(user):
        return {r.document.object_id for r in search("motor noise", user=user).results}

    from django.contrib.auth.models import AnonymousUser

    assert ids(AnonymousUser()) == {public.pk}
    assert ids(member) == {public.pk, members.pk}
    assert ids(agent) == {public.pk, members.pk, internal.pk}
    assert {r.document.object_id for r in suggest("motor", user=member)} == {public.pk, members.pk}


def test_unpublishing_removes_document(indexed, member):
    from knowledge_base import services

    art = indexed(kb.article, title="Saddle height")
    assert SearchDocument.objects.count() == 1
    indexed(services.article_set_status, article=art, status="archived", author=None)
    assert SearchDocument.objects.count() == 0
    assert search("saddle", user=member).total == 0


def test_deleting_removes_document(indexed):
    art = indexed(kb.article, title="Bell")
    art.delete()
    assert SearchDocument.objects.count() == 0


def test_filters_and_paging(indexed, member):
    cat = kb.category(name="Battery")
    sec = kb.section(cat)
    for i in range(12):
        indexed(kb.article, sec, title=f"Battery tip {i}", language="en" if i % 2 else "nl")
    indexed(kb.article, title="Battery elsewhere")
    page1 = search("battery", user=member, category=f"kb-{cat.slug}")
    assert page1.total == 12 and len(page1.results) == 10 and page1.has_next
    page2 = search("battery", user=member, category=f"kb-{cat.slug}", page=2)
    assert len(page2.results) == 2 and not page2.has_next
    assert search("battery", user=member, language="nl").total == 6
    assert search("battery", user=member, kind="question").total == 0


def test_any_word_fallback(indexed, member):
    art = indexed(kb.article, title="Tyre pressure", body="Pump to 3 bar.")
    page = search("what tyre pressure for my cargo trailer", user=member)
    assert [r.document.object_id for r in page.results] == [art.pk]


def test_hostile_query_is_harmless(indexed, member):
    indexed(kb.article, title="Lights")
    for q in ['"', "NEAR(", "a OR", "*", "' ; DROP TABLE", "lights:* | !", "(((", "-"]:
        search(q, user=member)  # no exception


def test_snippet_escapes_html(indexed, member):
    indexed(kb.article, title="Script", body="The <script>alert(1)</script> keyword lock appears here.")
    snippet = search("lock", user=member).results[0].snippet
    # SQLite keeps the text escaped; PostgreSQL's ts_headline drops tag-like tokens. Neither runs it.
    assert "<script" not in snippet and "<mark>lock</mark>" in snippet


def test_rebuild_command(indexed):
    from django.core.management import call_command

    indexed(kb.article, title="One")
    indexed(kb.article, title="Two")
    SearchDocument.objects.all().delete()
    call_command("rebuild_search_index")
    assert SearchDocument.objects.count() == 2


def test_stemming_helpers():
    assert stemming.stem("fietsen", "nl") == "fiets"
    assert "fiet" in stemming.term_forms("fietsen")
    assert stemming.query_terms("hoe laad ik de accu op") == ["laad", "accu"]
