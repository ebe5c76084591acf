"""Every change to support requests and matches."""

from matching.services.automation import (
    PROPOSAL_ANSWER_TIME,
    bulk_match,
    proposals_expire,
    supporters_told_about_checkin,
)
from matching.services.common import MatchingError
from matching.services.matches import (
    match_accept,
    match_close,
    match_decline_by_supporter,
    match_feedback,
    match_pause,
    match_propose,
    people_left,
)
from matching.services.requests import (
    request_ask_different,
    request_decline,
    request_submit,
    request_withdraw,
)

__all__ = [
    "PROPOSAL_ANSWER_TIME",
    "MatchingError",
    "bulk_match",
    "match_accept",
    "match_close",
    "match_decline_by_supporter",
    "match_feedback",
    "match_pause",
    "match_propose",
    "people_left",
    "proposals_expire",
    "request_ask_different",
    "request_decline",
    "request_submit",
    "request_withdraw",
    "supporters_told_about_checkin",
]
