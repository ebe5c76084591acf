"""Deployment checks of our own (shown by `manage.py check --deploy`)."""

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def encryption_key_is_set(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if settings.FIELD_ENCRYPTION_KEYS:
        return []
    return [
        Warning(
            "FIELD_ENCRYPTION_KEYS is not set: notes are encrypted with a key derived from "
            "SECRET_KEY, so changing SECRET_KEY would make them unreadable.",
            hint="Set FIELD_ENCRYPTION_KEYS to a Fernet key kept apart from the database "
            "backups (python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())').",
            id="peersupport.W001",
        )
    ]
