from django.apps import AppConfig


class ModerationTestappConfig(AppConfig):
    """A tiny content app, installed only in tests, so moderation is tested without community."""

    name = "tests.moderation_testapp"
    label = "moderation_testapp"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from moderation import api
        from tests.moderation_testapp.models import Post, PostAdapter

        api.register(Post, PostAdapter())
