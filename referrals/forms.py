"""Forms of the referrals app: the referral part of an escalation, the counselor's actions."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from referrals.models import OutcomeReason, Service, Trigger, Urgency
from referrals.services import Consent

CONSENT_YES = "yes"
CONSENT_NO_IMMINENT = "no_imminent"


class EscalationForm(forms.Form):
    """What the supporter confirms when a boundary-check answer needs a referral."""

    summary = forms.CharField(
        label=_("Summary for the professional"),
        help_text=_(
            "Only what they need to act: what was said about the risk, and how to reach "
            "the person. Leave out anything else."
        ),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write a short summary for the professional.")},
    )
    consent = forms.ChoiceField(
        label=_("Does the person agree to the referral?"),
        choices=[
            (CONSENT_YES, _("Yes, they agree to be referred")),
            (CONSENT_NO_IMMINENT, _("No, but there is an imminent risk: refer without consent")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the person agrees to the referral.")},
    )
    no_consent_reason = forms.CharField(
        label=_("Why the referral cannot wait for consent"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, trigger: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.trigger = trigger
        # The cursor starts in the summary; for imminent risk the crisis protocol above
        # it must stay in view, so the page opens at the top instead.
        if trigger != Trigger.IMMINENT_RISK:
            self.fields["summary"].widget.attrs["autofocus"] = True

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("consent") == CONSENT_NO_IMMINENT:
            if self.trigger != Trigger.IMMINENT_RISK:
                self.add_error(
                    "consent",
                    _("Without consent a referral can only be made for imminent risk."),
                )
            elif not (data.get("no_consent_reason") or "").strip():
                self.add_error(
                    "no_consent_reason",
                    _("Say why the referral goes ahead without the person's consent."),
                )
        return data

    def consent_value(self) -> Consent:
        given = self.cleaned_data["consent"] == CONSENT_YES
        return Consent(given, "" if given else self.cleaned_data["no_consent_reason"].strip())


class CoordinatorReferralForm(EscalationForm):
    """What a coordinator chooses when they hand a person to a professional: the
    service, the urgency, and the escalation's summary and consent."""

    field_order = ["service", "urgency", "summary", "consent", "no_consent_reason"]

    service = forms.ModelChoiceField(
        label=_("Service"),
        queryset=Service.objects.filter(active=True),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a service.")},
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=Urgency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an urgency.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, trigger=Trigger.COORDINATOR, **kwargs)

    def clean(self) -> dict[str, Any]:
        # Going without consent is for imminent risk only, which an emergency stands for.
        emergency = self.cleaned_data.get("urgency") == Urgency.EMERGENCY
        self.trigger = Trigger.IMMINENT_RISK if emergency else Trigger.COORDINATOR
        return super().clean()


class ReferralPageForm(forms.Form):
    """One of the referral page's forms: its ids start with its own prefix, so two forms
    with a field of the same name (a note, a reason) never share an id on the page."""

    id_prefix = "id"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class CloseForm(ReferralPageForm):
    id_prefix = "close"

    successful = forms.TypedChoiceField(
        label=_("Outcome"),
        choices=[("yes", _("Successful")), ("no", _("Not successful"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the referral was successful.")},
    )
    reason = forms.ChoiceField(
        label=_("If not, why not"),
        choices=[("", "—"), *OutcomeReason.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Outcome note (no clinical detail)"), max_length=500, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("successful") is False and not data.get("reason"):
            self.add_error("reason", _("Say why the referral was not successful."))
        return data


class ReasonForm(ReferralPageForm):
    id_prefix = "decline"
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("A reason is required.")},
    )


class StartForm(ReferralPageForm):
    id_prefix = "start"
    note = forms.CharField(
        label=_("How contact was made (no clinical detail)"), max_length=500, required=False
    )


class NoteForm(ReferralPageForm):
    id_prefix = "note"
    text = forms.CharField(
        label=_("Counselor note"),
        help_text=_("Read by the counselors of this service only."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the note first.")},
    )


class RerouteForm(forms.Form):
    service = forms.ModelChoiceField(
        label=_("Send it to"), queryset=Service.objects.filter(active=True)
    )
