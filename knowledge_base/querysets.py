from django.db import models

from accounts.roles import article_visibilities

PUBLISHED = "published"


class ArticleQuerySet(models.QuerySet):
    def visible_to(self, user):
        """THE rule for readers: published, and a visibility this user may see.

        Every list, suggestion, search document and sitemap goes through here
        (search stores the same visibility on its documents).
        """
        return self.filter(status=PUBLISHED, visibility__in=article_visibilities(user))

    def public(self):
        return self.visible_to(None)

    def for_language(self, language: str):
        """One article per translation group: the reader's language when it
        exists among these rows, else the source. Use after visible_to().

        Keeps a row when it is in the reader's language; a source in another
        language when none of these rows translates it into the reader's
        language; a translation in another language when its source is not
        among these rows and no row of its group is in the reader's language.
        Correlated EXISTS on the indexed translation_of_id / pk (one lookup per
        row) instead of NOT IN over every article of the table.
        """
        language = "nl" if (language or "").startswith("nl") else "en"
        rows = self.order_by()
        own_translation_of_me = rows.filter(language=language, translation_of_id=models.OuterRef("pk"))
        own_translation_of_my_source = rows.filter(
            language=language, translation_of_id=models.OuterRef("translation_of_id")
        )
        my_source_listed = rows.filter(pk=models.OuterRef("translation_of_id"), translation_of__isnull=True)
        return self.filter(
            models.Q(language=language)
            | models.Q(translation_of__isnull=True) & ~models.Exists(own_translation_of_me)
            | models.Q(translation_of__isnull=False)
            & ~models.Exists(own_translation_of_my_source)
            & ~models.Exists(my_source_listed)
        )
