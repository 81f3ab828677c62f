"""The published rules of recognition: points, levels, badges and trust levels.

The points table page, the profile ("why I have this") and the Celery tasks
all read these tables, so what is shown is what is applied.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils.translation import gettext_lazy as _

# reason -> points
POINTS = {
    "question_upvoted": 5,
    "question_downvoted": -2,
    "answer_upvoted": 10,
    "answer_downvoted": -2,
    "idea_upvoted": 2,
    "answer_accepted": 15,
    "accepted_an_answer": 2,
}
POINTS_EXPLAINED = [
    ("question_upvoted", _("Your question is voted up")),
    ("question_downvoted", _("Your question is voted down")),
    ("answer_upvoted", _("Your answer is voted up")),
    ("answer_downvoted", _("Your answer is voted down")),
    ("idea_upvoted", _("Your idea is voted up")),
    ("answer_accepted", _("Your answer is accepted (not for answering your own question)")),
    ("accepted_an_answer", _("You accept an answer to your question (not your own answer)")),
]


@dataclass(frozen=True)
class Level:
    key: str
    name: str
    min_reputation: int


LEVELS = [
    Level("newcomer", _("Newcomer"), 0),
    Level("contributor", _("Contributor"), 50),
    Level("expert", _("Expert"), 250),
    Level("champion", _("Champion"), 1000),
]


def level_for(reputation: int) -> Level:
    found = LEVELS[0]
    for level in LEVELS:
        if reputation >= level.min_reputation:
            found = level
    return found


@dataclass(frozen=True)
class Badge:
    key: str
    name: str
    why: str


BADGES = {
    b.key: b
    for b in [
        Badge("first_question", _("Curious"), _("Asked a first question that the community can see.")),
        Badge("first_answer", _("Helper"), _("Gave a first answer to another member.")),
        Badge("first_accepted", _("Solver"), _("Had an answer accepted as the solution.")),
        Badge("accepted_10", _("Problem solver"), _("Had 10 answers accepted as the solution.")),
        Badge("endorsed", _("Endorsed by support"), _("An answer was voted up or accepted by a support agent.")),
        Badge("good_question", _("Good question"), _("Asked a question with a score of 10 or more.")),
        Badge("first_idea", _("Co-creator"), _("Shared a first idea for our products.")),
        Badge("idea_planned", _("Visionary"), _("An idea of yours was planned, started or done.")),
    ]
}


@dataclass(frozen=True)
class TrustCriterion:
    level: int
    min_days: int
    min_posts: int
    min_reputation: int
    min_accepted: int

    @property
    def min_age(self) -> timedelta:
        return timedelta(days=self.min_days)


# Modelled on Discourse's trust levels: earned by time and visible activity, never
# by asking. Promotion is automatic (a Celery beat task); level 4 is given by staff.
TRUST_CRITERIA = [
    TrustCriterion(level=1, min_days=1, min_posts=1, min_reputation=0, min_accepted=0),
    TrustCriterion(level=2, min_days=15, min_posts=5, min_reputation=20, min_accepted=0),
    TrustCriterion(level=3, min_days=50, min_posts=20, min_reputation=200, min_accepted=3),
]


def trust_level_earned(*, age: timedelta, posts: int, reputation: int, accepted: int) -> int:
    earned = 0
    for c in TRUST_CRITERIA:
        if age >= c.min_age and posts >= c.min_posts and reputation >= c.min_reputation and accepted >= c.min_accepted:
            earned = c.level
    return earned
