from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts.profile import register_section
        from community.adapters import ADAPTERS
        from community.notifications import warm_unread_count
        from community.profile import profile_section
        from moderation import api as moderation

        user_logged_in.connect(warm_unread_count, dispatch_uid="community-warm-unread-count")
        for model, adapter in ADAPTERS.items():
            moderation.register(model, adapter)
        register_section(profile_section, order=50)
        _register_search()

        from community.home import home_section
        from core.home import register_section as register_home_section

        register_home_section(home_section, order=20)

        from community.notifications import bell_html
        from core.layout import register_header_part

        register_header_part("bell", bell_html)


def _register_search():
    try:
        from search import registry
    except ImportError:  # the search app is not installed
        return
    from django.db import models

    from community.models import Question, Topic

    def question_document(question):
        # Only what everyone may see is indexed: published, not deleted, not merged away.
        if not question.is_visible or question.merged_into_id:
            return None
        labels = [t.name for t in question.tags.all()]
        if question.is_solved:
            labels.append("solved")
        # The best answers are part of what a searcher is looking for.
        answers = (
            question.answers.filter(state="published", is_deleted=False)
            .filter(models.Q(is_accepted=True) | models.Q(is_official=True))
            .values_list("body", flat=True)[:5]
        )
        return registry.Document(
            title=question.title,
            body="\n\n".join([question.body, *answers]),
            url=question.get_absolute_url(),
            language=question.language,
            visibility=registry.EVERYONE,
            labels=labels,
            category_key=f"topic-{question.topic_id}",
            category_name=question.topic.name,
            updated_at=question.last_activity_at,
        )

    registry.register(
        Question,
        kind="question",
        kind_label=_("Community questions"),
        to_document=question_document,
        queryset=lambda: Question.objects.select_related("topic").prefetch_related("tags"),
    )

    def topic_names(keys):
        pks = [int(k.removeprefix("topic-")) for k in keys if k.removeprefix("topic-").isdigit()]
        return {f"topic-{t.pk}": t.display_name for t in Topic.objects.filter(pk__in=pks)}

    registry.register_category_names("topic-", topic_names)
