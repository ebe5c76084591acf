"""The panels of the counselor's referral page, which referrals owns, and what referrals
adds to the participant's /my/ page."""

from dataclasses import dataclass
from typing import Protocol

from matching.panels import my_page_panels
from peersupport.models import User
from peersupport.panels import Panel
from peersupport.registry import Registry
from referrals.access import ReferralRights, referrals_about
from referrals.models import Referral


@dataclass(frozen=True)
class ReferralPagePanel(Panel):
    """A panel of the referral page. It says how many session logs it shows with their
    notes, so the page's view can write the audit entry of that read."""

    session_notes_shown: int = 0

    @property
    def includes_session_notes(self) -> bool:
        return self.session_notes_shown > 0


class ReferralPagePanelProvider(Protocol):
    """What another app shows on a referral's page, within the reader's rights on it
    (referrals/access.py): it reads, never writes, and shows no notes the rights withhold."""

    def __call__(
        self, *, referral: Referral, reader: User, rights: ReferralRights
    ) -> ReferralPagePanel | None: ...


referral_page_panels: Registry[ReferralPagePanelProvider] = Registry("referral page panels")


def referral_page_panels_for(
    *, referral: Referral, reader: User, rights: ReferralRights
) -> list[ReferralPagePanel]:
    return [
        panel
        for provide in referral_page_panels
        if (panel := provide(referral=referral, reader=reader, rights=rights))
    ]


def _my_referrals(*, reader: User) -> Panel | None:
    mine = list(referrals_about(reader).select_related("service").order_by("-created_at"))
    return Panel("referrals/_my_referrals.html", {"referrals": mine}) if mine else None


def register_panels() -> None:
    my_page_panels.register("referrals", _my_referrals)
