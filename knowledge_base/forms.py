from django import forms
from django.utils.translation import gettext_lazy as _

from knowledge_base.models import Article, Category, Section


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name", "name_nl", "description", "description_nl", "position"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "description_nl": forms.Textarea(attrs={"rows": 3}),
        }


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["category", "name", "name_nl", "description", "description_nl", "position"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "description_nl": forms.Textarea(attrs={"rows": 3}),
        }


class ArticleForm(forms.ModelForm):
    labels = forms.CharField(
        label=_("Labels"),
        required=False,
        max_length=500,
        help_text=_("Separate labels with commas, for example: battery, charging."),
    )
    mark_translation_current = forms.BooleanField(
        label=_("This translation matches its source as it is now"),
        required=False,
    )
    note = forms.CharField(label=_("What did you change?"), required=False, max_length=200)

    class Meta:
        model = Article
        fields = [
            "title",
            "section",
            "language",
            "translation_of",
            "body",
            "status",
            "visibility",
            "position",
            "promoted",
        ]
        widgets = {"body": forms.Textarea(attrs={"rows": 18, "class": "kb-editor-input"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.select_related("category").order_by(
            "category__position", "position"
        )
        self.fields["section"].label_from_instance = lambda s: f"{s.category.display_name} › {s.display_name}"
        sources = Article.objects.filter(translation_of__isnull=True).order_by("title")
        if self.instance.pk:
            sources = sources.exclude(pk=self.instance.pk)
        self.fields["translation_of"].queryset = sources
        self.fields["translation_of"].required = False
        self.fields["translation_of"].help_text = _("Leave empty for an original article.")
        if self.instance.pk and not self.initial.get("labels"):
            self.initial["labels"] = ", ".join(sorted(self.instance.labels.names()))
        if not (self.instance.translation_of_id or self.initial.get("translation_of")):
            del self.fields["mark_translation_current"]

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Give the article a title."))
        return title

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError(_("Write the article before saving it."))
        return body

    def clean_labels(self):
        return [x.strip()[:100] for x in self.cleaned_data["labels"].split(",") if x.strip()][:20]

    def clean(self):
        data = super().clean()
        source = data.get("translation_of")
        if source and data.get("language") == source.language:
            self.add_error("language", _("A translation must be in another language than its source."))
        return data


class VoteForm(forms.Form):
    helpful = forms.TypedChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))], coerce=lambda v: v == "yes")
    note = forms.CharField(
        label=_("What was missing?"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PreviewForm(forms.Form):
    body = forms.CharField(required=False, max_length=200_000)
