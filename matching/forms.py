"""The employee's request form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from matching.consent import CONSENT_TEXT
from matching.models import CloseReason, SupportRequest
from peersupport.forms import SpokenLanguagesField
from programs.choices import LivedExperience, MeetingMode, Topic
from programs.forms import ChecklistField
from programs.models import Program
from programs.widgets import AvailabilityField


class SupportRequestForm(forms.ModelForm):
    program = forms.ModelChoiceField(
        label=_("Program"),
        queryset=Program.objects.active(),
        empty_label=None,
        widget=forms.RadioSelect,
    )
    topics = ChecklistField(label=_("What would you like support with?"), choices=Topic.choices)
    languages = SpokenLanguagesField(label=_("Languages you would like to talk in"))
    meeting_modes = ChecklistField(
        label=_("How would you like to meet?"), choices=MeetingMode.choices, required=False
    )
    availability = AvailabilityField(label=_("When are you usually free?"), required=False)
    lived_experience = ChecklistField(
        label=_("Experience you would value in a supporter (optional)"),
        choices=LivedExperience.choices,
        required=False,
    )
    consent = forms.BooleanField(
        label=_("I have read what stays confidential and its one limit, and I agree."),
        help_text=CONSENT_TEXT,
        error_messages={"required": _("Please read and agree before you send the request.")},
    )

    class Meta:
        model = SupportRequest
        fields = [
            "program",
            "topics",
            "description",
            "languages",
            "gender_preference",
            "outside_department",
            "site_preference",
            "meeting_modes",
            "availability",
            "lived_experience",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean_description(self) -> str:
        return self.cleaned_data["description"].strip()


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How helpful was the support?"),
        choices=[
            (5, _("Very helpful")),
            (4, _("Helpful")),
            (3, _("Somewhat")),
            (2, _("A little")),
            (1, _("Not helpful")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Anything you would like to tell us (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why does it end?"), choices=CloseReason.choices)


class DeclineRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the request is declined (the employee reads this)"),
        max_length=500,
        error_messages={
            "required": _("A reason is required to decline."),
            "max_length": _("Please keep the reason under 500 characters."),
        },
    )


class DifferentSupporterForm(forms.Form):
    reason = forms.CharField(
        label=_("What would suit you better (optional)"),
        max_length=500,
        required=False,
        error_messages={"max_length": _("Please keep the reason under 500 characters.")},
    )
