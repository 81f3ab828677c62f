from django.conf import settings
from django.db import models

from moderation.api import ContentState

TOPICS = [(1, "Batteries"), (2, "Motors"), (3, "Brakes")]


class Post(models.Model):
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    state = models.CharField(max_length=12, default=ContentState.PUBLISHED)
    topic_id = models.PositiveIntegerField(null=True, blank=True)
    locked = models.BooleanField(default=False)
    pinned = models.BooleanField(default=False)
    merged_into = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")

    def __str__(self):
        return self.title or self.body[:40]


class PostRevision(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=200)

    def __str__(self):
        return self.reason


class PostAdapter:
    kind = "question"

    def author(self, obj):
        return obj.author

    def text(self, obj):
        return f"{obj.title}\n\n{obj.body}" if obj.title else obj.body

    def url(self, obj):
        return f"/posts/{obj.pk}/"

    def topic_id(self, obj):
        return obj.topic_id

    def set_state(self, obj, state):
        obj.state = state
        obj.save(update_fields=["state"])

    def edit(self, obj, *, body, editor, reason):
        PostRevision.objects.create(post=obj, body=obj.body, editor=editor, reason=reason)
        obj.body = body
        obj.save(update_fields=["body"])

    def lock(self, obj, *, locked, by):
        obj.locked = locked
        obj.save(update_fields=["locked"])

    def pin(self, obj, *, pinned, by):
        obj.pinned = pinned
        obj.save(update_fields=["pinned"])

    def move(self, obj, *, topic_id, by):
        obj.topic_id = topic_id
        obj.save(update_fields=["topic_id"])

    def merge(self, obj, *, into, by):
        Post.objects.filter(parent=obj).update(parent=into)
        obj.merged_into = into
        obj.state = ContentState.HIDDEN
        obj.save(update_fields=["merged_into", "state"])

    def queryset(self):
        return Post.objects.select_related("author")

    def topic_choices(self):
        return TOPICS
