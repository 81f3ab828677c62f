import pytest

from community import services
from community.models import Idea, Notification
from tests import factories

pytestmark = pytest.mark.django_db

DATA = {"title": "A rear rack that fits two panniers", "body": "Commuters carry a lot; a wider rack would help.",
        "language": "en"}


@pytest.fixture
def idea(member):
    return services.idea_create(author=member, title=DATA["title"], body=DATA["body"])


def test_member_shares_an_idea(member_client, member):
    response = member_client.post("/community/ideas/new", DATA)
    idea = Idea.objects.get()
    assert response.status_code == 302 and idea.author == member and idea.status == "new"
    assert DATA["title"] in member_client.get("/community/ideas/").content.decode()


def test_idea_needs_login_and_valid_input(client, member):
    assert client.post("/community/ideas/new", DATA).status_code == 302
    client.force_login(member)
    assert client.post("/community/ideas/new", {**DATA, "title": "short"}).status_code == 400
    assert client.post("/community/ideas/new", {**DATA, "website": "spam"}).status_code == 400
    assert not Idea.objects.exists()


def test_votes_rank_ideas(client, member, idea):
    other = services.idea_create(author=factories.member(), title="Integrated lights on every model",
                                 body="Lights that never need batteries, please.")
    for _ in range(2):
        services.vote_cast(member=factories.member(), target=other, value=1)
    client.force_login(factories.member())
    client.post(f"/community/vote/idea/{idea.pk}", {"value": "up"})
    assert Idea.objects.get(pk=idea.pk).score == 1
    rows = client.get("/community/ideas/").context["page"].rows
    assert [i.pk for i in rows] == [other.pk, idea.pk]


def test_agent_sets_status_with_official_comment_and_followers_are_told(client, idea, agent,
                                                                        django_capture_on_commit_callbacks):
    fan = factories.member()
    services.follow_set(member=fan, target=idea, on=True)
    client.force_login(agent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/community/ideas/{idea.pk}/status",
                               {"status": "planned", "comment": "We plan this for the 2027 City models."})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == "planned" and "2027" in idea.official_comment_html
    assert Notification.objects.filter(recipient=fan, kind="idea_status").count() == 1
    assert Notification.objects.filter(recipient=idea.author, kind="idea_status").count() == 1
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "Official · " in html and "Planned" in html
    assert idea.author.community_badges.filter(badge="idea_planned").exists()
    assert [i.pk for i in client.get("/community/ideas/?status=planned").context["page"].rows] == [idea.pk]


def test_manager_may_set_status(client, idea, manager, staff_mfa_off):
    client.force_login(manager)
    assert client.post(f"/community/ideas/{idea.pk}/status",
                       {"status": "declined", "comment": "Not possible with our frame design."}).status_code == 302


def test_member_may_not_set_status(client, idea, member):
    client.force_login(member)
    response = client.post(f"/community/ideas/{idea.pk}/status", {"status": "done", "comment": "I decide this now!"})
    assert response.status_code == 403 and Idea.objects.get(pk=idea.pk).status == "new"


def test_status_needs_a_comment(client, idea, agent):
    client.force_login(agent)
    assert client.post(f"/community/ideas/{idea.pk}/status", {"status": "done", "comment": ""}).status_code == 400
    assert Idea.objects.get(pk=idea.pk).status == "new"


@pytest.mark.parametrize("rows", [3, 20])
def test_ideas_board_queries_do_not_grow(client, member, rows, django_assert_max_num_queries):
    Idea.objects.bulk_create([Idea(author=factories.member(), title=f"Idea {i} for the bikes", body="b",
                                   body_html="<p>b</p>") for i in range(rows)])
    client.force_login(member)
    with django_assert_max_num_queries(10):
        response = client.get("/community/ideas/")
    assert response.content.decode().count('class="idea-row"') == rows
