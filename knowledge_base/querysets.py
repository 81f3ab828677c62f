from django.db import models

PUBLISHED = "published"


def visibilities_for(user) -> list[str]:
    if user is None or not user.is_authenticated:
        return ["everyone"]
    if user.has_perm("accounts.view_internal_articles"):
        return ["everyone", "members", "agents"]
    return ["everyone", "members"]


def is_writer(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("accounts.write_articles"))


class ArticleQuerySet(models.QuerySet):
    def visible_to(self, user):
        """THE rule for readers: published, and a visibility this user may see.

        Every list, suggestion, search document and sitemap goes through here
        (search stores the same visibility on its documents).
        """
        return self.filter(status=PUBLISHED, visibility__in=visibilities_for(user))

    def public(self):
        return self.visible_to(None)

    def for_language(self, language: str):
        """One article per translation group: the reader's language when it
        exists among these rows, else the source. Use after visible_to()."""
        language = "nl" if (language or "").startswith("nl") else "en"
        own = self.filter(language=language)
        # Sources (or stand-alone articles) with no visible translation in the reader's language.
        covered = own.filter(translation_of__isnull=False).values("translation_of_id")
        fallback = self.exclude(language=language).filter(translation_of__isnull=True).exclude(pk__in=covered)
        # Translations in another language whose group has nothing in the reader's language.
        own_groups_src = own.filter(translation_of__isnull=True).values("pk")
        other_translations = (
            self.exclude(language=language)
            .filter(translation_of__isnull=False)
            .exclude(translation_of__in=own_groups_src)
            .exclude(translation_of__in=covered)
            .exclude(
                translation_of__in=self.exclude(language=language).filter(translation_of__isnull=True).values("pk")
            )
        )
        return self.filter(
            models.Q(pk__in=own.values("pk"))
            | models.Q(pk__in=fallback.values("pk"))
            | models.Q(pk__in=other_translations.values("pk"))
        )
