"""The shared core: people, the notification outbox and the audit trail."""

from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
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


class AuditEntry(models.Model):
    """One thing someone did to a record: who, what, which record, when, from where.

    Written by services in the same transaction as the change; never edited.
    """

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_repr = models.CharField(_("who (as recorded)"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.ForeignKey(
        ContentType,
        verbose_name=_("record type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_id = models.CharField(_("record id"), max_length=64, blank=True)
    target_repr = models.CharField(_("record"), max_length=200, blank=True)
    changes = models.JSONField(_("details"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
            models.Index(fields=["actor", "-created_at"], name="audit_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_repr} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("Audit entries are immutable.")
        super().save(*args, **kwargs)


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    """One message in the outbox: saved with the change that causes it, sent after commit."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="notifications",
    )
    to_address = models.EmailField(_("sent to"), max_length=254)
    kind = models.CharField(_("kind"), max_length=80)
    context = models.JSONField(_("context"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NotificationStatus.choices,
        default=NotificationStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # An emergency alert (someone's life may be at risk): sent ahead of everything else.
    urgent = models.BooleanField(_("emergency alert"), default=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notification outbox")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notification_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to_address}"


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


class HrImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Waiting for confirmation")
    APPLIED = "applied", _("Applied")
    DISCARDED = "discarded", _("Discarded")


class HrImport(models.Model):
    """One upload of the HR export: its rows, previewed before anything is written."""

    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    file_name = models.CharField(_("file"), max_length=255)
    rows = models.JSONField(_("rows"), default=list)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=HrImportStatus.choices,
        default=HrImportStatus.PREVIEWED,
    )
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        verbose_name = _("HR import")
        verbose_name_plural = _("HR imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"


class CrisisContact(models.Model):
    """Who to call when someone is in danger now: shown wherever support is asked for.

    Coordinators keep these in the administration; nothing is hard-coded in a page.
    """

    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=40)
    description_en = models.CharField(_("description (English)"), max_length=300, blank=True)
    description_id = models.CharField(_("description (Indonesian)"), max_length=300, blank=True)
    hours = models.CharField(_("hours"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("crisis contact")
        verbose_name_plural = _("crisis contacts")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.phone})"

    @property
    def description(self) -> str:
        from django.utils.translation import get_language

        prefer_id = (get_language() or settings.LANGUAGE_CODE)[:2] == "id"
        first, second = (
            (self.description_id, self.description_en)
            if prefer_id
            else (self.description_en, self.description_id)
        )
        return first or second


class SignInThrottle(models.Model):
    """Failed sign-ins counted per account and per address, with the lock they earned.

    A lock lasts longer each time the same key is locked again (doubling), and a
    successful sign-in clears the account's count (not the address's).
    """

    key = models.CharField(_("key"), max_length=200, unique=True)
    failures = models.PositiveIntegerField(_("failures"), default=0)
    lockouts = models.PositiveIntegerField(_("lockouts"), default=0)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("sign-in throttle")
        verbose_name_plural = _("sign-in throttles")

    def __str__(self) -> str:
        return self.key


class ErasureStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    COMPLETED = "completed", _("Completed")


class ErasureRequest(models.Model):
    """A person asking for their data to be deleted; a coordinator completes it.

    Once completed, the request keeps only that it happened (and when, and by whom):
    the person's row is anonymised in place, so no name stays here either.
    """

    person = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.PROTECT, related_name="erasure_requests"
    )
    requested_at = models.DateTimeField(_("asked"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ErasureStatus.choices, default=ErasureStatus.REQUESTED
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_by = models.ForeignKey(
        User,
        verbose_name=_("completed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status="requested"),
                name="one_open_erasure_request",
                violation_error_message=_("Your request for deletion is already with us."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.requested_at:%Y-%m-%d}"


class AuthoredNote(models.Model):
    """A piece of encrypted text someone added to a record, with who and when.

    Concrete notes add the record they belong to and their own `text` field
    (an EncryptedTextField with its own length and name).
    """

    author = models.ForeignKey(
        User,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author} · {self.created_at:%Y-%m-%d %H:%M}"
