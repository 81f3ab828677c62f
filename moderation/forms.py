from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from moderation.models import FlagReason, QueueReason, Sanction

AGE_CHOICES = [("", _("Any age")), ("1h", _("Waiting over an hour")), ("1d", _("Waiting over a day")),
               ("7d", _("Waiting over a week"))]


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong with this post?"), choices=FlagReason.choices,
                               widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note for the moderators"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Needed when you choose “Something else”."))

    def clean(self):
        data = super().clean()
        if data.get("reason") == FlagReason.OTHER and not (data.get("note") or "").strip():
            self.add_error("note", _("Tell the moderators what is wrong in a short note."))
        return data


class AppealForm(forms.Form):
    note = forms.CharField(label=_("Why should this post be shown again?"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 5}))


class QueueFilterForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), required=False,
                               choices=[("", _("All reasons")), *QueueReason.choices])
    topic = forms.TypedChoiceField(label=_("Topic"), required=False, coerce=int, empty_value=None)
    age = forms.ChoiceField(label=_("Age"), required=False, choices=AGE_CHOICES)

    def __init__(self, *args, topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("All topics")), *topics]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("hide", _("Hide"))])
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Sanction"), choices=Sanction.Kind.choices)
    until = forms.DateTimeField(label=_("Suspended until"), required=False,
                                widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                           format="%Y-%m-%dT%H:%M"),
                                help_text=_("Only for a suspension."))
    reason = forms.CharField(label=_("Reason (the member is told)"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("kind") == Sanction.Kind.SUSPENSION and not data.get("until"):
            self.add_error("until", _("Choose when the suspension ends."))
        return data


class EditForm(forms.Form):
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}))
    reason = forms.CharField(label=_("Why you edit it"), max_length=200)


class BannedPhraseForm(forms.Form):
    phrase = forms.CharField(label=_("Word or phrase"), max_length=100,
                             help_text=_("Matched as whole words, ignoring case: a rule for “cash” does not hold "
                                         "“cashback”."))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class GuidelinesForm(forms.Form):
    def __init__(self, *args, initial_bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Guidelines in %(language)s (Markdown)") % {"language": name}, required=False,
                initial=(initial_bodies or {}).get(code, ""), widget=forms.Textarea(attrs={"rows": 18}),
            )
