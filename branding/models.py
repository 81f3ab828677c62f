from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.i18n import localized

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour like #1f6feb."))


class Brand(models.Model):
    """The one brand of this Gilde site (row pk=1)."""

    name = models.CharField(_("name"), max_length=60, default="Gilde")
    tagline = models.CharField(_("tagline"), max_length=140, blank=True)
    tagline_nl = models.CharField(_("tagline in Dutch"), max_length=140, blank=True)
    logo = models.ImageField(_("logo"), upload_to="brand/", blank=True)
    primary_color = models.CharField(_("primary colour"), max_length=7, default="#1f5fbf", validators=[hex_colour])
    accent_color = models.CharField(_("accent colour"), max_length=7, default="#c2410c", validators=[hex_colour])
    support_email = models.EmailField(_("support email"), blank=True)
    footer_links = models.JSONField(_("footer links"), default=list, blank=True)
    default_language = models.CharField(
        _("default language"), max_length=8, default="en", choices=[("en", "English"), ("nl", "Nederlands")]
    )
    # Off: an image from another website in a post is shown as a link to it, so that a
    # post cannot make every reader's browser call a host that logs who reads it.
    allow_remote_images = models.BooleanField(
        _("show images from other websites"),
        default=False,
        help_text=_(
            "Off: images in posts and articles that come from other websites are shown as links. "
            "On: readers' browsers load them, and those websites can see who reads the post."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("brand")

    def __str__(self):
        return self.name

    @property
    def display_tagline(self):
        return localized(self, "tagline")
