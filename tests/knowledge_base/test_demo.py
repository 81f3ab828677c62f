import pytest

from knowledge_base import demo
from knowledge_base.models import Article, Category, Section

pytestmark = pytest.mark.django_db


def test_demo_is_rich_and_idempotent():
    lines = []
    demo.load(lines.append)
    counts = (Category.objects.count(), Section.objects.count(), Article.objects.count())
    assert counts[0] >= 3 and counts[1] >= 8 and counts[2] >= 30
    assert Article.objects.filter(language="nl").count() >= 10
    assert Article.objects.filter(translation_of__isnull=False).count() >= 8
    assert Article.objects.filter(visibility="agents").exists() and Article.objects.filter(status="draft").exists()
    demo.load(lines.append)
    assert (Category.objects.count(), Section.objects.count(), Article.objects.count()) == counts
