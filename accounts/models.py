from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles are Django groups (created by a migration); these are their names."""

    AGENT = "Agent", _("Agent")
    MODERATOR = "Moderator", _("Moderator")
    MANAGER = "Community manager", _("Community manager")


class TrustLevel(models.IntegerChoices):
    NEW = 0, _("New")
    BASIC = 1, _("Basic")
    MEMBER = 2, _("Member")
    REGULAR = 3, _("Regular")
    LEADER = 4, _("Leader")


class EmailPreference(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Daily digest")
    NEVER = "never", _("Never")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    avatar = models.ImageField(_("avatar"), upload_to="avatars/", blank=True)
    bio = models.TextField(_("bio"), max_length=1000, blank=True)
    language = models.CharField(
        _("language"), max_length=8, blank=True, choices=[("en", "English"), ("nl", "Nederlands")],
        help_text=_("Leave empty to follow your browser."),
    )
    email_notifications = models.CharField(
        _("email notifications"), max_length=16, choices=EmailPreference.choices, default=EmailPreference.IMMEDIATELY
    )
    email_product_news = models.BooleanField(_("news from the community team"), default=False)
    trust_level = models.PositiveSmallIntegerField(_("trust level"), choices=TrustLevel.choices, default=TrustLevel.NEW)
    suspended_until = models.DateTimeField(_("suspended until"), null=True, blank=True)
    suspension_reason = models.TextField(_("suspension reason"), blank=True)
    # Raising it ends every session of this user (it is part of the session hash).
    session_version = models.PositiveIntegerField(default=0, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        permissions = [
            ("answer_officially", "Can post official answers for the company"),
            ("handle_tickets", "Can work support tickets"),
            ("write_articles", "Can write and publish knowledge-base articles"),
            ("view_internal_articles", "Can read agents-only articles"),
            ("moderate", "Can work the review queue and moderate content"),
            ("sanction_members", "Can warn, suspend and ban members"),
            ("manage_community", "Can change brand, guidelines and topics"),
            ("view_metrics", "Can see the community dashboard"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.display_name or self.email.split("@")[0]

    def get_absolute_url(self):
        return reverse("accounts:profile", args=[self.pk])

    @property
    def is_suspended(self) -> bool:
        return bool(self.suspended_until and self.suspended_until > timezone.now())

    def role_names(self) -> list[str]:
        cached = getattr(self, "_role_names", None)
        if cached is None:
            cached = self._role_names = sorted(g.name for g in self.groups.all())
        return cached

    def has_role(self, role: str) -> bool:
        return role in self.role_names()

    def _get_session_auth_hash(self, secret=None):
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        value = f"{self.password}:{self.session_version}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()
