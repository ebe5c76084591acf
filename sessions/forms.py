"""Forms of the sessions app: the session log with its boundary check, supervision."""

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matching.models import Match
from programs.choices import MeetingMode, Topic
from programs.forms import ChecklistField
from referrals.models import Trigger
from sessions.models import SessionLog, Signposting
from sessions.services import EDITABLE_FIELDS

# The boundary check, asked as plain questions (DESIGN.md triggers).
BOUNDARY_QUESTIONS = [
    (
        Trigger.IMMINENT_RISK,
        _("Is anyone's life or safety at risk now, or very soon (theirs or someone else's)?"),
    ),
    (
        Trigger.DISCLOSED_RISK,
        _("Did they tell you about thoughts of self-harm, abuse, violence or harassment?"),
    ),
    (
        Trigger.BEYOND_SCOPE,
        _(
            "Did they ask for a diagnosis, medication or therapy, or talk about trauma, "
            "addiction or legal trouble?"
        ),
    ),
    (
        Trigger.WORKPLACE_ADJUSTMENT,
        _("Do they need workplace adjustments or a change to their return-to-work plan?"),
    ),
    (Trigger.SUPPORTER_DISTRESS, _("Are you distressed or unsure after this conversation?")),
]

MOOD_CHOICES = [
    ("", _("Not noted")),
    (1, _("1 · very low")),
    (2, _("2 · low")),
    (3, _("3 · okay")),
    (4, _("4 · good")),
    (5, _("5 · very good")),
]


class SessionLogForm(forms.ModelForm):
    occurred_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    minutes = forms.IntegerField(
        label=_("Length (minutes)"),
        min_value=5,
        max_value=240,
        widget=forms.NumberInput(attrs={"class": "minutes-input", "inputmode": "numeric"}),
        error_messages={
            "min_value": _("A session lasts at least 5 minutes."),
            "max_value": _("A session lasts at most 240 minutes."),
        },
    )
    mode = forms.ChoiceField(
        label=_("How you met"), choices=MeetingMode.choices, widget=forms.RadioSelect
    )
    topics = ChecklistField(label=_("Topics"), choices=Topic.choices, required=False)
    mood = forms.TypedChoiceField(
        label=_("Their mood"),
        choices=MOOD_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    signposting = ChecklistField(
        label=_("Signposting given"), choices=Signposting.choices, required=False
    )
    next_follow_up = forms.DateField(
        label=_("Next follow-up"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    triggers = ChecklistField(
        label=_("Boundary check: tick every question you answer yes"),
        choices=BOUNDARY_QUESTIONS,
        required=False,
        help_text=_("If none applies, leave them all unticked."),
    )

    class Meta:
        model = SessionLog
        fields = [*EDITABLE_FIELDS, "triggers"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, match: Match, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.match = match
        self.fields["occurred_at"].widget.attrs["autofocus"] = True

    def clean_occurred_at(self) -> datetime:
        occurred_at = self.cleaned_data["occurred_at"]
        if occurred_at > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("A session cannot be in the future."))
        began = self.match.accepted_at or self.match.proposed_at
        if began and occurred_at < began - timedelta(days=1):
            raise forms.ValidationError(_("A session cannot be before the match began."))
        if occurred_at.year < 2000:
            raise forms.ValidationError(_("Enter a real date."))
        return occurred_at

    def clean_notes(self) -> str:
        return self.cleaned_data["notes"].strip()

    def clean_next_follow_up(self) -> Any:
        day = self.cleaned_data["next_follow_up"]
        if day and day < timezone.localdate():
            raise forms.ValidationError(_("The next follow-up cannot be in the past."))
        if day and day > timezone.localdate() + timedelta(days=366):
            raise forms.ValidationError(_("Choose a follow-up within a year."))
        return day


class CorrectionForm(SessionLogForm):
    """The same fields, without the boundary check (a new risk is a new session log)."""

    class Meta(SessionLogForm.Meta):
        fields = list(EDITABLE_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("triggers", None)

    def clean_next_follow_up(self) -> Any:
        day = self.cleaned_data["next_follow_up"]
        if day and day == self.instance.next_follow_up:
            return day  # an earlier follow-up date stays as it was
        return super().clean_next_follow_up()


class AddendumForm(forms.Form):
    text = forms.CharField(
        label=_("Addendum"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the addendum first.")},
    )


class SupervisionForm(forms.Form):
    urgent = forms.BooleanField(label=_("It is urgent"), required=False)
    reason = forms.CharField(
        label=_("What it is about (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
