from django.urls import reverse

from moderation.models import BannedPhrase, ModerationAction
from tests import factories


def test_moderator_adds_and_removes_a_rule(mod_client):
    response = mod_client.post(reverse("moderation:rules"), {"phrase": "  Cheap   Watches ", "note": "spam wave"})
    assert response.status_code == 302
    rule = BannedPhrase.objects.get()
    assert rule.phrase == "cheap watches"
    mod_client.post(reverse("moderation:rule_remove", args=[rule.pk]))
    assert not BannedPhrase.objects.exists()
    assert list(ModerationAction.objects.order_by("id").values_list("kind", flat=True)) == ["rule_add", "rule_remove"]


def test_duplicate_or_empty_rule_is_refused(mod_client):
    BannedPhrase.objects.create(phrase="casino")
    assert mod_client.post(reverse("moderation:rules"), {"phrase": "CASINO"}).status_code == 400
    assert mod_client.post(reverse("moderation:rules"), {"phrase": ""}).status_code == 400
    assert BannedPhrase.objects.count() == 1


def test_members_cannot_manage_rules(client, db, staff_mfa_off):
    client.force_login(factories.member())
    assert client.post(reverse("moderation:rules"), {"phrase": "x y"}).status_code == 403
    client.force_login(factories.agent())
    assert client.get(reverse("moderation:rules")).status_code == 403
    assert not BannedPhrase.objects.exists()


def test_rules_page_query_count(mod_client, django_assert_max_num_queries):
    for i in range(20):
        BannedPhrase.objects.create(phrase=f"word{i}")
    with django_assert_max_num_queries(10):
        assert mod_client.get(reverse("moderation:rules")).status_code == 200
