import pytest
from django.urls import reverse

from knowledge_base import services
from knowledge_base.models import Article, ArticleRevision, Category, Section
from tests.knowledge_base import helpers as kb

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("staff_mfa_off")]


@pytest.fixture
def writer_client(client, agent):
    client.force_login(agent)
    return client


@pytest.fixture
def sec():
    return kb.section(kb.category(name="Motor"), name="Assistance")


def _data(sec, **overrides):
    data = {
        "title": "Motor makes a noise",
        "section": sec.pk,
        "language": "en",
        "translation_of": "",
        "body": "# Noise\n\n## Check the chain\n\nLook at it.",
        "status": "draft",
        "visibility": "everyone",
        "position": 0,
        "labels": "motor, noise",
        "note": "",
    }
    data.update(overrides)
    return data


def test_writer_creates_article_with_labels_and_revision(writer_client, agent, sec):
    response = writer_client.post(reverse("knowledge_base:article_create"), _data(sec))
    article = Article.objects.get()
    assert response.status_code == 302
    assert sorted(article.labels.names()) == ["motor", "noise"]
    assert '<h2 id="check-the-chain">' in article.body_html
    assert article.revisions.get().author == agent


def test_member_cannot_write(member_client, sec):
    assert member_client.get(reverse("knowledge_base:manage")).status_code == 403
    assert member_client.post(reverse("knowledge_base:article_create"), _data(sec)).status_code == 403
    assert member_client.post(reverse("knowledge_base:preview"), {"body": "x"}).status_code == 403
    assert Article.objects.count() == 0


def test_anonymous_is_sent_to_login(client, sec):
    response = client.post(reverse("knowledge_base:article_create"), _data(sec))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Article.objects.count() == 0


def test_bad_input_saves_nothing(writer_client, sec):
    response = writer_client.post(reverse("knowledge_base:article_create"), _data(sec, title="  ", body=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Give the article a title." in html or "This field is required." in html
    assert Article.objects.count() == 0


def test_preview_renders_markdown_safely(writer_client):
    response = writer_client.post(
        reverse("knowledge_base:preview"), {"body": "## Hi\n\n<script>alert(1)</script> [x](javascript:alert(1))"}
    )
    html = response.content.decode()
    assert '<h2 id="hi">Hi</h2>' in html
    assert "<script>" not in html and 'href="javascript' not in html


def test_preview_button_without_js_saves_nothing(writer_client, sec):
    response = writer_client.post(reverse("knowledge_base:article_create"), {**_data(sec), "preview": "1"})
    assert response.status_code == 200 and 'id="check-the-chain"' in response.content.decode()
    assert Article.objects.count() == 0


def test_edit_adds_revision_and_diff_and_restore(writer_client, agent, sec):
    article = kb.article(sec, title="Old title", body="line one\nline two", author=agent)
    writer_client.post(
        reverse("knowledge_base:article_edit", args=[article.pk]),
        _data(sec, title="New title", body="line one\nline three", status="published"),
    )
    article.refresh_from_db()
    assert article.title == "New title" and article.revisions.count() == 2
    diff = writer_client.get(reverse("knowledge_base:revisions", args=[article.pk]) + "?a=1&b=2").content.decode()
    assert "-line two" in diff and "+line three" in diff
    response = writer_client.post(reverse("knowledge_base:revision_restore", args=[article.pk, 1]))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Old title" and article.body == "line one\nline two"
    assert article.revisions.count() == 3 and article.revisions.first().note == "restored revision 1"


def test_member_cannot_restore(member_client, sec):
    article = kb.article(sec, title="Keep")
    services.article_save(author=None, article=article, title="Changed", body=article.body)
    assert member_client.post(reverse("knowledge_base:revision_restore", args=[article.pk, 1])).status_code == 403
    article.refresh_from_db()
    assert article.title == "Changed"


def test_publish_and_promote(writer_client, sec):
    article = kb.article(sec, status="draft")
    writer_client.post(reverse("knowledge_base:article_status", args=[article.pk]), {"status": "published"})
    writer_client.post(reverse("knowledge_base:article_promote", args=[article.pk]), {"promoted": "1"})
    article.refresh_from_db()
    assert article.status == "published" and article.published_at and article.promoted
    assert ArticleRevision.objects.filter(article=article).count() == 2


def test_bad_status_is_refused(writer_client, sec):
    article = kb.article(sec, status="draft")
    writer_client.post(reverse("knowledge_base:article_status", args=[article.pk]), {"status": "deleted"})
    article.refresh_from_db()
    assert article.status == "draft"


def test_writer_creates_category_and_section(writer_client):
    writer_client.post(reverse("knowledge_base:category_create"), {"name": "App", "position": 1})
    category = Category.objects.get()
    writer_client.post(
        reverse("knowledge_base:section_create"), {"category": category.pk, "name": "Pairing", "position": 0}
    )
    assert Section.objects.get().slug == "pairing"
    response = writer_client.post(reverse("knowledge_base:category_create"), {"name": "", "position": 1})
    assert response.status_code == 200 and Category.objects.count() == 1


def test_manage_lists_worst_helpfulness_first(writer_client, sec, member, other_member):
    good = kb.article(sec, title="Good one")
    bad = kb.article(sec, title="Bad one")
    kb.article(sec, title="Unvoted")
    services.article_vote(article=good, helpful=True, user=member)
    services.article_vote(article=bad, helpful=False, user=member, note="No pictures")
    services.article_vote(article=bad, helpful=True, user=other_member)
    html = writer_client.get(reverse("knowledge_base:manage")).content.decode()
    assert html.index("Bad one") < html.index("Good one") < html.index("Unvoted")
    assert "50%" in html and "100%" in html and "No pictures" in html


def test_agent_sees_draft_with_banner(writer_client, sec):
    draft = kb.article(sec, status="draft", title="Upcoming")
    html = writer_client.get(draft.get_absolute_url()).content.decode()
    assert "not published" in html
