from community.models import Question


def home_section(request):
    """Recently active questions for the start page."""
    questions = list(Question.objects.published().for_list().order_by("-last_activity_at", "-id")[:6])
    if not questions:
        return None
    return "community/_home_section.html", {"questions": questions}
