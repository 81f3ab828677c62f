"""The community's section of a member's public profile: numbers, level, badges
with why they were earned, and recent questions and answers."""

from community.models import Answer, BadgeAward, MemberStats, Question
from community.recognition import BADGES, LEVELS, level_for


def profile_section(request, member):
    stats = MemberStats.objects.filter(member=member).first() or MemberStats(member=member)
    level = level_for(stats.reputation)
    next_level = next((lv for lv in LEVELS if lv.min_reputation > stats.reputation), None)
    badges = [
        {"badge": BADGES[a.badge], "awarded_at": a.awarded_at}
        for a in BadgeAward.objects.filter(member=member)
        if a.badge in BADGES
    ]
    questions = list(
        Question.objects.published()
        .filter(author=member)
        .only("id", "title", "status", "answer_count", "score", "created_at")
        .order_by("-id")[:5]
    )
    answers = list(
        Answer.objects.published()
        .filter(author=member, question__state="published", question__is_deleted=False)
        .select_related("question")
        .only("id", "is_accepted", "score", "question__id", "question__title", "created_at")
        .order_by("-id")[:5]
    )
    return "community/_profile_section.html", {
        "stats": stats,
        "level": level,
        "next_level": next_level,
        "badges": badges,
        "questions": questions,
        "answers": answers,
        "member": member,
    }
