"""The panels of the participant's /my/ page, which matching owns: referrals and sessions
add theirs (the status of a referral, the dates of sessions) from above."""

from typing import Protocol

from peersupport.models import User
from peersupport.panels import Panel
from peersupport.registry import Registry


class MyPagePanelProvider(Protocol):
    """What another app shows a person on their own /my/ page; None when it has nothing."""

    def __call__(self, *, reader: User) -> Panel | None: ...


my_page_panels: Registry[MyPagePanelProvider] = Registry("my page panels")


def my_page_panels_for(reader: User) -> list[Panel]:
    return [panel for provide in my_page_panels if (panel := provide(reader=reader))]
