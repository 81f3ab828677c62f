from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from branding.models import Brand
from core.images import CleanImageField


class LogoField(CleanImageField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, max_side=1200, max_bytes=1024 * 1024, **kwargs)


class BrandForm(forms.ModelForm):
    footer_links_text = forms.CharField(
        label=_("Footer links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One link per line: label | https://example.com, or with a Dutch label: "
            "label | Dutch label | https://example.com"
        ),
    )

    class Meta:
        model = Brand
        fields = [
            "name",
            "tagline",
            "tagline_nl",
            "logo",
            "primary_color",
            "accent_color",
            "support_email",
            "default_language",
            "allow_remote_images",
        ]
        field_classes = {"logo": LogoField}  # re-encoded, metadata dropped, generated name
        widgets = {
            "primary_color": forms.TextInput(attrs={"type": "color"}),
            "accent_color": forms.TextInput(attrs={"type": "color"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["footer_links_text"].initial = "\n".join(
            " | ".join(part for part in (link["label"], link.get("label_nl", ""), link["url"]) if part)
            for link in self.instance.footer_links
        )

    def clean_footer_links_text(self):
        links = []
        validate = URLValidator(schemes=["http", "https", "mailto"])
        for number, line in enumerate(self.cleaned_data["footer_links_text"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) == 2:
                label, label_nl, url = parts[0], "", parts[1]
            elif len(parts) == 3:
                label, label_nl, url = parts
            else:
                label = label_nl = url = ""
            if not label or not url:
                raise forms.ValidationError(
                    _("Line %(n)s: write it as label | URL, or label | Dutch label | URL.") % {"n": number}
                )
            if not url.startswith("/"):
                try:
                    validate(url)
                except forms.ValidationError:
                    raise forms.ValidationError(
                        _("Line %(n)s: %(url)s is not a valid link.") % {"n": number, "url": url}
                    )
            link = {"label": label[:60], "url": url[:500]}
            if label_nl:
                link["label_nl"] = label_nl[:60]
            links.append(link)
        if len(links) > 10:
            raise forms.ValidationError(_("At most 10 footer links."))
        return links

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and getattr(logo, "size", 0) > 1024 * 1024:
            raise forms.ValidationError(_("The logo may be at most 1 MB."))
        return logo

    def save(self, commit=True):
        self.instance.footer_links = self.cleaned_data["footer_links_text"]
        return super().save(commit=False)
