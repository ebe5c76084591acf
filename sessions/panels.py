"""What the sessions app shows on other apps' pages: the sessions of a referred case on the
referral page, and the person's session dates on their /my/ page."""

from matching.panels import my_page_panels
from peersupport.models import User
from peersupport.panels import Panel
from referrals.access import ReferralRights
from referrals.models import Referral
from referrals.panels import ReferralPagePanel, referral_page_panels
from sessions.selectors import logs_for_referral, participant_session_dates


def _case_sessions(
    *, referral: Referral, reader: User, rights: ReferralRights
) -> ReferralPagePanel | None:
    # The logs carry the supporter's notes: only the service's counselors read them (an
    # on-call counselor of another service does not).
    if not rights.sees_session_notes:
        return None
    logs = list(logs_for_referral(referral.match_id))
    return ReferralPagePanel(
        "session_logs/_case_sessions.html", {"logs": logs}, session_notes_shown=len(logs)
    )


def _my_sessions(*, reader: User) -> Panel | None:
    matches = list(participant_session_dates(reader))
    return Panel("session_logs/_my_sessions.html", {"matches": matches}) if matches else None


def register_panels() -> None:
    referral_page_panels.register("session_logs", _case_sessions)
    my_page_panels.register("session_logs", _my_sessions)
