"""Forms of the core: sign-in, password reset through the outbox, and the language switch."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from peersupport.models import SpokenLanguage, User
from peersupport.request_context import client_address
from peersupport.services.accounts import email_domain_allowed
from peersupport.services.notifications import notification_queue
from peersupport.services.throttle import rate_limit_hit

HOUR = 3600


class SpokenLanguagesField(forms.MultipleChoiceField):
    """The languages a person speaks, as ticks; stored as a list of codes."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Languages spoken"))
        super().__init__(choices=SpokenLanguage.choices, **kwargs)


class SignInForm(AuthenticationForm):
    """Django's sign-in form, its first field named for what people type: their work
    e-mail (any case) or a username (peersupport/auth.py accepts either)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail or username")


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the e-mail goes through the outbox in the user's language.

    At most PASSWORD_RESET_MAILS_PER_ADDRESS an hour reach one mailbox, and one client
    address may ask PASSWORD_RESET_ASKS_PER_CLIENT times an hour; past either the page
    answers exactly as before, so it tells nothing, and nothing more is sent.
    """

    def save(self, *args: Any, **kwargs: Any) -> None:
        if rate_limit_hit(
            scope="password_reset_asked",
            who=f"address:{client_address.get()}",
            limit=settings.PASSWORD_RESET_ASKS_PER_CLIENT,
            window_seconds=HOUR,
        ):
            return
        super().save(*args, **kwargs)

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        if rate_limit_hit(
            scope="password_reset_mail",
            who=f"email:{to_email.strip().lower()}",
            limit=settings.PASSWORD_RESET_MAILS_PER_ADDRESS,
            window_seconds=HOUR,
        ):
            return
        path = reverse(
            "password_reset_confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        notification_queue(
            recipient=context["user"],
            kind="password_reset",
            context={"reset_url": f"{settings.SITE_URL}{path}"},
        )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    next = forms.CharField(required=False)


class SignupForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(
        label=_("Work e-mail"),
        max_length=254,
        help_text=_("We send a link to this address; there you choose your password."),
    )

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(_("Enter your full name."), code="required")
        return name

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if not email_domain_allowed(email):
            raise forms.ValidationError(
                _("Sign-up is open to work addresses ending in: %(domains)s."),
                code="domain",
                params={"domains": ", ".join(f"@{d}" for d in settings.SIGNUP_EMAIL_DOMAINS)},
            )
        return email


class ProfileForm(forms.ModelForm):
    """What a person may change about themselves; HR owns the rest."""

    languages = SpokenLanguagesField(required=False)

    class Meta:
        model = User
        fields = ["preferred_language", "languages", "contact_preference", "phone"]
        widgets = {"phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"})}
