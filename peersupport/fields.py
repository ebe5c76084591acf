"""Free text that is encrypted at rest.

Session notes, referral summaries, counselor notes and request descriptions are stored
as Fernet tokens (AES-128-CBC with an HMAC), so a database dump, a backup or a replica
holds no readable note. The keys come from the environment (`FIELD_ENCRYPTION_KEYS`,
newest first); older keys still decrypt, and `manage.py rotate_encryption_key`
re-encrypts every value with the newest one.
"""

import base64
import hashlib
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.validators import MaxLengthValidator
from django.db import models

TOKEN_PREFIX = "gAAAAA"  # noqa: S105 — every Fernet token starts so (version byte and timestamp)


@cache
def _fernet() -> MultiFernet:
    keys = list(settings.FIELD_ENCRYPTION_KEYS)
    if not keys:
        # Development only: a key derived from SECRET_KEY (check --deploy warns).
        digest = hashlib.sha256(f"field-encryption:{settings.SECRET_KEY}".encode()).digest()
        keys = [base64.urlsafe_b64encode(digest).decode()]
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must hold url-safe base64 keys of 32 bytes "
            "(make one with: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())')"
        ) from exc


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode() if text else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "An encrypted value cannot be read with FIELD_ENCRYPTION_KEYS: was a key removed?"
        ) from exc


def rotate(token: str) -> str:
    """The same text encrypted with the newest key."""
    return _fernet().rotate(token.encode()).decode() if token else ""


class BoundedTextField(models.TextField):
    """A TextField whose `max_length` holds everywhere: in its form field (shown with a
    counter, refused with a message) and in model validation, which Django skips for
    text fields. The database column stays unbounded."""

    @property
    def default_validators(self) -> list[MaxLengthValidator]:
        return [MaxLengthValidator(self.max_length)] if self.max_length else []


class EncryptedTextField(BoundedTextField):
    """A TextField whose value is encrypted in the database and plain in Python.

    It cannot be searched or filtered by content (the ciphertext differs every time):
    only emptiness can be asked for, with `field=""`.
    """

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return value if value is None else decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in ("exact", "isnull"):
            return None  # "contains" and friends would compare ciphertext: refuse them
        return super().get_lookup(lookup_name)


def encrypted_fields() -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) of the project that holds encrypted text."""
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]
