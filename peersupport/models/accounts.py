"""People: the user model, what they tell us about themselves, and the single-use
links (invitation, sign-up confirmation) that let them choose a password."""

from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from peersupport.roles import Role


class SpokenLanguage(models.TextChoices):
    """Languages a person can hold a conversation in (not the UI languages)."""

    INDONESIAN = "id", _("Indonesian")
    ENGLISH = "en", _("English")
    JAVANESE = "jv", _("Javanese")
    SUNDANESE = "su", _("Sundanese")
    MALAY = "ms", _("Malay")
    MANDARIN = "zh", _("Mandarin")
    BALINESE = "ban", _("Balinese")
    MINANGKABAU = "min", _("Minangkabau")


def validate_spoken_languages(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("Choose languages from the list."), code="not_a_list")
    unknown = sorted(set(value) - set(SpokenLanguage.values))
    if unknown:
        raise ValidationError(
            _("Unknown language: %(codes)s."),
            code="unknown_language",
            params={"codes": ", ".join(unknown)},
        )


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Another gender")
    UNDISCLOSED = "", _("Prefer not to say")


class ContactPreference(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone call")
    WHATSAPP = "whatsapp", _("WhatsApp")
    IN_PERSON = "in_person", _("In person at work")


class User(AbstractUser):
    """A person in the company. Signs in with a username or their work e-mail."""

    first_name = None
    last_name = None
    employee_id = models.CharField(
        _("employee id"),
        max_length=40,
        blank=True,
        help_text=_("The id in the HR system; imports match people by it."),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("work e-mail"), max_length=254)
    department = models.CharField(_("department"), max_length=120, blank=True, db_index=True)
    site = models.CharField(_("site"), max_length=120, blank=True, db_index=True)
    line_manager = models.ForeignKey(
        "self",
        verbose_name=_("line manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    languages = models.JSONField(
        _("languages spoken"),
        default=list,
        blank=True,
        validators=[validate_spoken_languages],
        help_text=_("Languages this person can hold a conversation in."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Used for the pages after sign-in and for every e-mail."),
    )
    contact_preference = models.CharField(
        _("how to reach me"),
        max_length=12,
        choices=ContactPreference.choices,
        default=ContactPreference.EMAIL,
    )
    phone = models.CharField(
        _("phone"),
        max_length=32,
        blank=True,
        validators=[
            RegexValidator(
                r"^\+?[0-9 ()-]{6,30}$", _("Enter a phone number such as +62 812 3456 7890.")
            )
        ],
    )
    awaiting_confirmation = models.BooleanField(
        _("sign-up not confirmed yet"),
        default=False,
        help_text=_("Signed up, but has not opened the link sent to their e-mail."),
    )
    left_at = models.DateTimeField(
        _("left the company"),
        null=True,
        blank=True,
        help_text=_("Set by an HR import; a person who left cannot sign in."),
    )

    REQUIRED_FIELDS = ["email", "full_name"]
    objects = UserManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_unique_ci",
                violation_error_message=_("A person with this work e-mail already exists."),
            ),
            models.UniqueConstraint(
                fields=["employee_id"],
                condition=~models.Q(employee_id=""),
                name="user_employee_id_unique",
                violation_error_message=_("A person with this employee id already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()
        if self.line_manager_id is not None and self.line_manager_id == self.pk:
            raise ValidationError({"line_manager": _("A person cannot be their own line manager.")})
        if self.phone == "" and self.contact_preference in (
            ContactPreference.PHONE,
            ContactPreference.WHATSAPP,
        ):
            raise ValidationError({"phone": _("Add a phone number to be reached this way.")})

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        """The first name: what a matched employee sees of their supporter."""
        return (self.full_name.split() or [self.username])[0]

    @cached_property
    def roles(self) -> frozenset[str]:
        """The role names this person holds: one query, cached on the instance."""
        if not self.pk or not self.is_active:
            return frozenset()
        names = self.groups.filter(name__in=Role.values).values_list("name", flat=True)
        return frozenset(names)

    def has_role(self, role: str) -> bool:
        return role in self.roles


class AccountTokenPurpose(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    ACTIVATION = "activation", _("Sign-up confirmation")


class AccountToken(models.Model):
    """A single-use link sent by e-mail: an invitation, or the confirmation of a sign-up.

    Either way the person chooses their password on the page the link opens, so only
    whoever reads that mailbox can get into the account. Only a hash is stored.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="account_tokens",
    )
    purpose = models.CharField(_("purpose"), max_length=12, choices=AccountTokenPurpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("account link")
        verbose_name_plural = _("account links")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} · {self.user}"
