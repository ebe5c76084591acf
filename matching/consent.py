"""The consent an employee gives when asking for support. Change the text, change the
version: every request stores the version its requester agreed to."""

from django.utils.translation import gettext_lazy as _

CONSENT_TEXT_VERSION = "2026-1"
CONSENT_TEXT = _(
    "What you tell your peer supporter stays between the two of you. Your supporter keeps "
    "short notes of your sessions that only they, and a counselor if your case is ever "
    "referred, can read; the coordinator sees only dates and topics. There is one limit: "
    "if there is a risk of harm to you or to someone else, your supporter brings in a "
    "professional (a counselor) straight away. You can withdraw at any time."
)
