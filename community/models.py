"""Community Q&A: topics, questions, answers, comments, votes, follows,
notifications, ideas and recognition.

Counters on Question and Idea (answer_count, score, last_activity_at) are
denormalised so lists never aggregate; services keep them right with F()
updates or single-statement recomputes in the transaction that changes them.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from community.querysets import AnswerQuerySet, CommentQuerySet, IdeaQuerySet, QuestionQuerySet
from core.i18n import TranslatedNameMixin
from core.tags import NonEmptySlugMixin
from moderation.api import ContentState

LANGUAGES = [("en", "English"), ("nl", "Nederlands")]
STATE_CHOICES = [
    (ContentState.PUBLISHED, _("Published")),
    (ContentState.PENDING, _("Awaiting review")),
    (ContentState.HIDDEN, _("Hidden")),
]
PUBLISHED = Q(state=ContentState.PUBLISHED, is_deleted=False)


class Topic(TranslatedNameMixin, models.Model):
    name = models.CharField(_("name"), max_length=80)
    name_nl = models.CharField(_("name in Dutch"), max_length=80, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), max_length=500, blank=True)
    description_nl = models.TextField(_("description in Dutch"), max_length=500, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    question_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("community:topic", args=[self.slug])


class CommunityTag(NonEmptySlugMixin, TagBase):
    """Tags of community questions, kept apart from knowledge-base labels."""

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def get_absolute_url(self):
        return reverse("community:questions") + f"?tag={self.slug}"


class TaggedQuestion(TaggedItemBase):
    content_object = models.ForeignKey("Question", on_delete=models.CASCADE)
    tag = models.ForeignKey(CommunityTag, on_delete=models.CASCADE, related_name="tagged_questions")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="community_tag_once_per_question")
        ]


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    SOLVED = "solved", _("Solved")


class Question(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="questions", verbose_name=_("topic"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="community_questions")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), max_length=20000)
    body_html = models.TextField(editable=False, default="")
    tags = TaggableManager(through=TaggedQuestion, blank=True, verbose_name=_("tags"))
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGES, default="en")
    status = models.CharField(max_length=12, choices=QuestionStatus.choices, default=QuestionStatus.OPEN)
    is_locked = models.BooleanField(default=False)
    is_pinned = models.BooleanField(default=False)
    answered_by_support = models.BooleanField(default=False)
    has_official_answer = models.BooleanField(default=False)
    accepted_answer = models.ForeignKey("Answer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answer_count = models.PositiveIntegerField(default=0)
    score = models.IntegerField(default=0)
    last_activity_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=12, choices=STATE_CHOICES, default=ContentState.PUBLISHED)
    is_deleted = models.BooleanField(default=False)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    edited_at = models.DateTimeField(null=True, blank=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [
            # Keyset paging of the lists: one index per sort, restricted to what lists show.
            models.Index(fields=["-id"], name="cq_newest", condition=PUBLISHED),
            models.Index(fields=["-last_activity_at", "-id"], name="cq_active", condition=PUBLISHED),
            models.Index(fields=["-score", "-id"], name="cq_votes", condition=PUBLISHED),
            models.Index(fields=["topic", "-last_activity_at", "-id"], name="cq_topic_active", condition=PUBLISHED),
            models.Index(fields=["topic", "-id"], name="cq_topic_newest", condition=PUBLISHED),
            models.Index(fields=["answer_count", "id"], name="cq_unanswered", condition=PUBLISHED),
            models.Index(fields=["author", "-id"], name="cq_author"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("community:question", args=[self.pk, self.slug])

    @property
    def slug(self):
        return slugify(self.title)[:60] or "q"

    @property
    def is_visible(self) -> bool:
        return self.state == ContentState.PUBLISHED and not self.is_deleted

    @property
    def is_solved(self) -> bool:
        return self.status == QuestionStatus.SOLVED


class Answer(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="community_answers")
    body = models.TextField(_("answer"), max_length=20000)
    body_html = models.TextField(editable=False, default="")
    score = models.IntegerField(default=0)
    is_accepted = models.BooleanField(default=False)
    is_official = models.BooleanField(default=False)
    state = models.CharField(max_length=12, choices=STATE_CHOICES, default=ContentState.PUBLISHED)
    is_deleted = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    edited_at = models.DateTimeField(null=True, blank=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["question"], condition=Q(is_accepted=True), name="one_accepted_answer"),
        ]
        indexes = [
            models.Index(fields=["question", "-is_accepted", "-is_official", "-score", "id"], name="ca_thread_order"),
            models.Index(fields=["author", "-id"], name="ca_author"),
            # A member's own answers in one thread (the question page asks on every signed-in view).
            models.Index(fields=["question", "author"], name="ca_question_author"),
        ]

    def __str__(self):
        return f"{self.question.title} ({self.pk})"

    def get_absolute_url(self):
        # The thread page finds the page of answers this one is on.
        return f"{reverse('community:question_short', args=[self.question_id])}?answer={self.pk}#answer-{self.pk}"

    @property
    def is_visible(self) -> bool:
        return self.state == ContentState.PUBLISHED and not self.is_deleted


class Comment(models.Model):
    """A short remark on a question or, when ``answer`` is set, on one of its answers."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="comments")
    answer = models.ForeignKey(Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="community_comments")
    body = models.TextField(_("comment"), max_length=1000)
    body_html = models.TextField(editable=False, default="")
    state = models.CharField(max_length=12, choices=STATE_CHOICES, default=ContentState.PUBLISHED)
    is_deleted = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    edited_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["question", "id"], name="cc_thread")]

    def __str__(self):
        return self.body[:40]

    def get_absolute_url(self):
        url = reverse("community:question_short", args=[self.question_id])
        return f"{url}?answer={self.answer_id}#comment-{self.pk}" if self.answer_id else f"{url}#comment-{self.pk}"

    @property
    def is_visible(self) -> bool:
        return self.state == ContentState.PUBLISHED and not self.is_deleted


class IdeaStatus(models.TextChoices):
    NEW = "new", _("Open for votes")
    UNDER_REVIEW = "under_review", _("Under review")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined")


class Idea(models.Model):
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="community_ideas")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("description"), max_length=10000)
    body_html = models.TextField(editable=False, default="")
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGES, default="en")
    status = models.CharField(_("status"), max_length=16, choices=IdeaStatus.choices, default=IdeaStatus.NEW)
    official_comment = models.TextField(_("official comment"), max_length=5000, blank=True)
    official_comment_html = models.TextField(editable=False, default="")
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    score = models.IntegerField(default=0)
    state = models.CharField(max_length=12, choices=STATE_CHOICES, default=ContentState.PUBLISHED)
    is_deleted = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    edited_at = models.DateTimeField(null=True, blank=True)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        indexes = [
            models.Index(fields=["-score", "-id"], name="ci_votes", condition=PUBLISHED),
            models.Index(fields=["status", "-score", "-id"], name="ci_status_votes", condition=PUBLISHED),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("community:idea", args=[self.pk])

    @property
    def is_visible(self) -> bool:
        return self.state == ContentState.PUBLISHED and not self.is_deleted


class Vote(models.Model):
    """One member's up (+1) or down (-1) vote on one question, answer or idea."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_votes")
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.CASCADE, related_name="votes")
    answer = models.ForeignKey(Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="votes")
    idea = models.ForeignKey(Idea, null=True, blank=True, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "question"], condition=Q(question__isnull=False), name="vote_once_per_question"
            ),
            models.UniqueConstraint(
                fields=["member", "answer"], condition=Q(answer__isnull=False), name="vote_once_per_answer"
            ),
            models.UniqueConstraint(
                fields=["member", "idea"], condition=Q(idea__isnull=False), name="vote_once_per_idea"
            ),
            models.CheckConstraint(condition=Q(value__in=[1, -1]), name="vote_value_up_or_down"),
            models.CheckConstraint(
                condition=(
                    Q(question__isnull=False, answer__isnull=True, idea__isnull=True)
                    | Q(question__isnull=True, answer__isnull=False, idea__isnull=True)
                    | Q(question__isnull=True, answer__isnull=True, idea__isnull=False)
                ),
                name="vote_has_one_target",
            ),
        ]

    def __str__(self):
        return f"vote {self.value:+d} by {self.member_id}"


class Revision(models.Model):
    """The content of a post after one edit (the first one is the original)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    reason = models.CharField(_("edit reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-id"], name="cr_target")]

    def __str__(self):
        return f"revision {self.pk} of {self.content_type_id}:{self.object_id}"


class Follow(models.Model):
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_follows")
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.CASCADE, related_name="follows")
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.CASCADE, related_name="follows")
    tag = models.ForeignKey(CommunityTag, null=True, blank=True, on_delete=models.CASCADE, related_name="follows")
    idea = models.ForeignKey(Idea, null=True, blank=True, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "question"], condition=Q(question__isnull=False), name="follow_question_once"
            ),
            models.UniqueConstraint(
                fields=["member", "topic"], condition=Q(topic__isnull=False), name="follow_topic_once"
            ),
            models.UniqueConstraint(fields=["member", "tag"], condition=Q(tag__isnull=False), name="follow_tag_once"),
            models.UniqueConstraint(
                fields=["member", "idea"], condition=Q(idea__isnull=False), name="follow_idea_once"
            ),
        ]

    def __str__(self):
        return f"follow by {self.member_id}"


class NotificationKind(models.TextChoices):
    ANSWER = "answer", _("New answer")
    COMMENT = "comment", _("New comment")
    MENTION = "mention", _("Mention")
    ACCEPTED = "accepted", _("Answer accepted")
    NEW_QUESTION = "new_question", _("New question")
    IDEA_STATUS = "idea_status", _("Idea status")
    BADGE = "badge", _("Badge")
    MODERATION = "moderation", _("Moderation")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_notifications"
    )
    kind = models.CharField(max_length=16, choices=NotificationKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=300)  # of the question, idea or badge; the message is built per kind
    url = models.CharField(max_length=300)
    # What makes this notification unique (e.g. "answer:42"): a retried task cannot send it twice.
    key = models.CharField(max_length=120)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notification_once")]
        indexes = [
            models.Index(fields=["recipient", "-id"], name="cn_inbox"),
            models.Index(fields=["recipient"], name="cn_unread", condition=Q(read_at__isnull=True)),
            models.Index(fields=["created_at"], name="cn_unemailed", condition=Q(emailed_at__isnull=True)),
        ]

    def __str__(self):
        return f"{self.kind}: {self.title}"


class MemberStats(models.Model):
    """A member's community numbers, kept up to date by services."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="community_stats"
    )
    reputation = models.IntegerField(default=0)
    question_count = models.PositiveIntegerField(default=0)
    answer_count = models.PositiveIntegerField(default=0)
    accepted_count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["-reputation"], name="cms_reputation")]

    def __str__(self):
        return f"stats of {self.member_id}"


class ReputationEvent(models.Model):
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reputation_events")
    reason = models.CharField(max_length=32)
    points = models.IntegerField()
    # The fact that earned the points ("vote:17", "accept:9"): undoing it removes exactly this row.
    key = models.CharField(max_length=80)
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "key"], name="reputation_once_per_fact")]
        indexes = [models.Index(fields=["member", "-id"], name="crep_member")]

    def __str__(self):
        return f"{self.reason} {self.points:+d}"


class BadgeAward(models.Model):
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_badges")
    badge = models.CharField(max_length=32)
    reason = models.CharField(max_length=300, blank=True)
    awarded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["awarded_at"]
        constraints = [models.UniqueConstraint(fields=["member", "badge"], name="badge_once_per_member")]

    def __str__(self):
        return f"{self.badge} for {self.member_id}"
