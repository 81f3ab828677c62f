from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from community.models import LANGUAGES, IdeaStatus, Topic
from community.services import MAX_TAGS


def parse_tags(value: str) -> list[str]:
    return [t.strip().lower() for t in (value or "").replace(";", ",").split(",") if t.strip()]


class TagsField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Tags"))
        kwargs.setdefault("help_text", _("Up to 5, separated by commas, e.g. battery, charging"))
        kwargs.setdefault("max_length", 300)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {
                "autocomplete": "off",
                "list": "tag-suggestions",
                # Existing tags completing the last one typed, fetched into the datalist.
                "hx-get": reverse_lazy("community:tag_suggest"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": "#tag-suggestions",
                "hx-swap": "innerHTML",
            }
        )

    def clean(self, value):
        value = super().clean(value)
        tags = parse_tags(value)
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(_("Use at most %(max)d tags.") % {"max": MAX_TAGS})
        for tag in tags:
            if len(tag) > 50:
                raise forms.ValidationError(_("A tag is at most 50 characters long."))
        return tags


class QuestionForm(forms.Form):
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.all(), empty_label=None)
    title = forms.CharField(
        label=_("Title"),
        min_length=10,
        max_length=200,
        help_text=_("Your question in one sentence, e.g. “How far can I ride on one charge in winter?”"),
    )
    body = forms.CharField(
        label=_("Details"),
        min_length=20,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown works: **bold**, lists, `code`, links. Mention members with @name."),
    )
    tags = TagsField()
    language = forms.ChoiceField(label=_("Language of your question"), choices=LANGUAGES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs.update({"autocomplete": "off"})


class QuestionEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), min_length=10, max_length=200)
    body = forms.CharField(
        label=_("Details"), min_length=20, max_length=20000, widget=forms.Textarea(attrs={"rows": 10})
    )
    tags = TagsField()
    reason = forms.CharField(
        label=_("Why are you editing?"),
        max_length=200,
        help_text=_("Shown in the history, e.g. “added my bike model”."),
    )


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"), min_length=10, max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )


class AnswerEditForm(forms.Form):
    body = forms.CharField(label=_("Answer"), min_length=10, max_length=20000, widget=forms.Textarea(attrs={"rows": 8}))
    reason = forms.CharField(label=_("Why are you editing?"), max_length=200)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), min_length=2, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class CommentEditForm(forms.Form):
    body = forms.CharField(label=_("Comment"), min_length=2, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label=_("Why are you editing?"), max_length=200)


class IdeaForm(forms.Form):
    title = forms.CharField(label=_("Your idea in one sentence"), min_length=10, max_length=200)
    body = forms.CharField(
        label=_("Describe it"),
        min_length=20,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What would it change for you? Markdown works."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)


class IdeaEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), min_length=10, max_length=200)
    body = forms.CharField(
        label=_("Description"), min_length=20, max_length=10000, widget=forms.Textarea(attrs={"rows": 8})
    )
    reason = forms.CharField(label=_("Why are you editing?"), max_length=200)


class IdeaStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=IdeaStatus.choices)
    comment = forms.CharField(
        label=_("Official comment"),
        min_length=10,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Explain the status to the members who voted. Public."),
    )


class TopicForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    name_nl = forms.CharField(
        label=_("Name in Dutch"),
        max_length=80,
        required=False,
        help_text=_("Shown on Dutch pages; when empty, the English name is shown."),
    )
    description = forms.CharField(
        label=_("Description"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    description_nl = forms.CharField(
        label=_("Description in Dutch"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
