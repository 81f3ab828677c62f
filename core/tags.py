import hashlib

from django.utils.text import slugify


class NonEmptySlugMixin:
    """For taggit tag models: a tag of only symbols ("(╯°□°)╯︵ ┻━┻") still gets a
    slug, so its URL can be built. Mix in before TagBase."""

    def slugify(self, tag, i=None):
        slug = slugify(tag, allow_unicode=True) or "tag-" + hashlib.sha1(tag.encode()).hexdigest()[:8]
        return slug if i is None else f"{slug}_{i}"
