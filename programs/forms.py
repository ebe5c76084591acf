"""Forms of the programs app: applying, the supporter's profile, WHO-5, imports."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peersupport.forms import SpokenLanguagesField
from programs.choices import (
    Accommodation,
    LivedExperience,
    MeetingMode,
    Topic,
)
from programs.models import (
    Milestone,
    PlanPhase,
    ReturnToWorkPlan,
    SupporterApplication,
    SupporterProfile,
    SupporterStatus,
)
from programs.widgets import AvailabilityField


class ChecklistField(forms.MultipleChoiceField):
    """Ticks stored as a list of codes."""

    widget = forms.CheckboxSelectMultiple


class SupporterApplicationForm(forms.ModelForm):
    lived_experience = ChecklistField(
        label=_("Lived experience you could share"),
        choices=LivedExperience.choices,
        required=False,
    )
    topics = ChecklistField(label=_("Topics you feel ready to support"), choices=Topic.choices)
    languages = SpokenLanguagesField(label=_("Languages you can support in"))
    meeting_modes = ChecklistField(label=_("How you can meet"), choices=MeetingMode.choices)
    availability = AvailabilityField(label=_("When you are usually free"))

    class Meta:
        model = SupporterApplication
        fields = [
            "motivation",
            "lived_experience",
            "lived_experience_note",
            "topics",
            "languages",
            "site",
            "meeting_modes",
            "availability",
            "capacity",
        ]
        widgets = {"motivation": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "site": _("Where you can meet in person, if at all."),
            "lived_experience_note": _("Optional. Share only what you are comfortable with."),
        }

    def clean_motivation(self) -> str:
        text = self.cleaned_data["motivation"].strip()
        if len(text) < 20:
            raise forms.ValidationError(
                _("Please tell us a little more (at least 20 characters)."), code="too_short"
            )
        return text


class SupporterProfileForm(forms.ModelForm):
    lived_experience = ChecklistField(
        label=_("Lived experience you could share"),
        choices=LivedExperience.choices,
        required=False,
    )
    topics = ChecklistField(label=_("Topics"), choices=Topic.choices, required=False)
    meeting_modes = ChecklistField(
        label=_("Meeting modes"), choices=MeetingMode.choices, required=False
    )
    availability = AvailabilityField(label=_("Weekly availability"), required=False)

    class Meta:
        model = SupporterProfile
        fields = [
            "bio",
            "lived_experience",
            "lived_experience_note",
            "topics",
            "meeting_modes",
            "availability",
            "capacity",
            "status",
            "paused_until",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 3}),
            "paused_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {"status": _("Taking new people"), "paused_until": _("Paused until")}
        help_texts = {
            "paused_until": _(
                "While paused you get no new matches. Your own well-being comes first."
            )
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("status") == SupporterStatus.PAUSED:
            until = cleaned.get("paused_until")
            if until is None:
                self.add_error("paused_until", _("Choose the day you expect to be back."))
            elif until <= timezone.localdate():
                self.add_error("paused_until", _("The return date must be in the future."))
        return cleaned


WHO5_ITEMS = [
    _("I have felt cheerful and in good spirits"),
    _("I have felt calm and relaxed"),
    _("I have felt active and vigorous"),
    _("I woke up feeling fresh and rested"),
    _("My daily life has been filled with things that interest me"),
]
WHO5_SCALE = [
    (5, _("All of the time")),
    (4, _("Most of the time")),
    (3, _("More than half of the time")),
    (2, _("Less than half of the time")),
    (1, _("Some of the time")),
    (0, _("At no time")),
]


class WellbeingCheckInForm(forms.Form):
    """The WHO-5 Well-Being Index: over the last two weeks, five statements."""

    share_with_supporter = forms.BooleanField(
        label=_("My supporter may know when my answers suggest professional help"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number, statement in enumerate(WHO5_ITEMS, start=1):
            self.fields[f"item{number}"] = forms.TypedChoiceField(
                label=statement,
                choices=WHO5_SCALE,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Please choose an answer.")},
            )
        self.order_fields([f"item{n}" for n in range(1, 6)] + ["share_with_supporter"])

    def answers(self) -> list[int]:
        return [self.cleaned_data[f"item{n}"] for n in range(1, 6)]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the applicant)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("A reason is required to decline."), code="required")
        return reason


class ReturnToWorkPlanForm(forms.ModelForm):
    accommodations = ChecklistField(
        label=_("Accommodations"), choices=Accommodation.choices, required=False
    )

    class Meta:
        model = ReturnToWorkPlan
        fields = ["return_date", "accommodations", "accommodations_note"]
        widgets = {"return_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


PhaseFormSet = forms.inlineformset_factory(
    ReturnToWorkPlan,
    PlanPhase,
    fields=["from_week", "to_week", "hours_percent", "duties"],
    extra=1,
    can_delete=True,
)
MilestoneFormSet = forms.inlineformset_factory(
    ReturnToWorkPlan,
    Milestone,
    fields=["title", "due_on", "done_on"],
    extra=1,
    can_delete=True,
    widgets={
        "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        "done_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    },
)
