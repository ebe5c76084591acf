"""The shared core's models, one module per concern; imported here so that the rest of
the code (and the migrations) say `from peersupport.models import User`."""

from peersupport.models.accounts import (
    AccountToken,
    AccountTokenPurpose,
    ContactPreference,
    Gender,
    SpokenLanguage,
    User,
    validate_spoken_languages,
)
from peersupport.models.audit import AuditEntry
from peersupport.models.crisis import CrisisContact
from peersupport.models.hr import HrImport, HrImportStatus
from peersupport.models.notes import AuthoredNote
from peersupport.models.outbox import Notification, NotificationStatus
from peersupport.models.privacy import ErasureRequest, ErasureStatus
from peersupport.models.throttle import SignInThrottle

__all__ = [
    "AccountToken",
    "AccountTokenPurpose",
    "AuditEntry",
    "AuthoredNote",
    "ContactPreference",
    "CrisisContact",
    "ErasureRequest",
    "ErasureStatus",
    "Gender",
    "HrImport",
    "HrImportStatus",
    "Notification",
    "NotificationStatus",
    "SignInThrottle",
    "SpokenLanguage",
    "User",
    "validate_spoken_languages",
]
