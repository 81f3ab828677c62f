from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.images import CleanImageField


class SignupExtraForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"), max_length=60, required=False,
        help_text=_("Shown next to what you post. You can change it later."),
    )

    def signup(self, request, user):
        user.display_name = self.cleaned_data.get("display_name", "").strip()
        user.language = getattr(request, "LANGUAGE_CODE", "") or ""
        user.save(update_fields=["display_name", "language"])


class ProfileSettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "avatar", "bio", "language", "email_notifications", "email_product_news"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}
        # Re-encoded, metadata dropped, stored under a generated name (core/images.py).
        field_classes = {"avatar": CleanImageField}

    def clean_avatar(self):
        avatar = self.cleaned_data.get("avatar")
        if avatar and getattr(avatar, "size", 0) > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The picture may be at most 2 MB."))
        return avatar
