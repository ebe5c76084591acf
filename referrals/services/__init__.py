"""Every change to referrals: raising, the status machine, notes, re-routing, deadlines.

Each change claims the row with a conditional update on its current status, writes an
immutable timeline event and the audit entry, and queues its notifications in the same
transaction: a referral change and its messages are saved together or not at all.
"""

from referrals.services.common import (
    NOTE_MAX,
    REASON_MAX,
    SUMMARY_MAX,
    TRANSITIONS,
    NoServiceError,
    ReferralError,
)
from referrals.services.coordination import (
    referral_raise_by_coordinator,
    referral_reassign,
    referral_reroute,
    referrals_escalate,
)
from referrals.services.lifecycle import (
    counselor_note_add,
    referral_accept,
    referral_acknowledge,
    referral_close,
    referral_decline,
    referral_start,
    referral_withdraw,
)
from referrals.services.raising import Consent, referral_raise

__all__ = [
    "NOTE_MAX",
    "REASON_MAX",
    "SUMMARY_MAX",
    "TRANSITIONS",
    "Consent",
    "NoServiceError",
    "ReferralError",
    "counselor_note_add",
    "referral_accept",
    "referral_acknowledge",
    "referral_close",
    "referral_decline",
    "referral_raise",
    "referral_raise_by_coordinator",
    "referral_reassign",
    "referral_reroute",
    "referral_start",
    "referral_withdraw",
    "referrals_escalate",
]
