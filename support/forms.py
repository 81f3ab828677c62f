from django import forms
from django.utils.translation import gettext_lazy as _

from moderation.api import HONEYPOT_FIELD
from support.models import Ticket


class HoneypotMixin(forms.Form):
    """A field people never see or fill (hidden by CSS, skipped by tab); bots do."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off", "class": "hp-input"}),
        )


class TicketForm(HoneypotMixin, forms.Form):
    subject = forms.CharField(
        label=_("Subject"), max_length=200, min_length=4, help_text=_("In a few words: what is wrong?")
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=10000,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What happened, what you expected, and your bike's model and frame number if you have it."),
    )
    email = forms.EmailField(
        label=_("Your email address"), help_text=_("We send the reference number and our answer here.")
    )
    session = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated:
            del self.fields["email"]
        self.order_fields(["subject", "description", "email"])

    def clean_subject(self):
        return " ".join(self.cleaned_data["subject"].split())


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your reply"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))
    internal = forms.BooleanField(
        label=_("Internal note (only agents see it; the customer gets no email)"), required=False
    )

    def __init__(self, *args, agent: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not agent:
            del self.fields["internal"]
        else:
            self.fields["body"].label = _("Reply or note")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Ticket.Status.choices)


class SolveForm(forms.Form):
    body = forms.CharField(
        label=_("Solution"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Sent to the customer as a reply."),
    )
    post_to_thread = forms.BooleanField(
        label=_("Also post it to the community thread as an official answer"), required=False
    )


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)

    def __init__(self, *args, agents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("Nobody"))] + [(str(a.pk), a.name) for a in agents]
