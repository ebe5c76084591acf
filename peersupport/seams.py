"""The seams through which a person's life cycle reaches every app.

The core owns a person's rights (a copy of their data, withdrawing consent, erasure) and
the HR import that marks leavers, but the records those touch live in the apps above it,
which the core may not import (DESIGN.md). So the core declares here what it needs of
each app, as a Protocol, and a registry of them; every app registers its entries in its
AppConfig.ready() under its label. Handlers run in INSTALLED_APPS order (the order of
ready()), inside the caller's transaction: what one of them writes commits or rolls back
with the change that caused it.

Retention (anonymising cases closed long ago) has no seam: a case spans every app below
`sessions`, so `sessions.privacy.cases_anonymise_after_retention` does it all, nightly.
"""

from typing import Any, Protocol

from peersupport.models import User
from peersupport.registry import Registry


class PersonalDataSection(Protocol):
    """The sections of the person's copy of their data that one app holds, by name:
    {"matches": [{...}, ...]}. Reads only."""

    def __call__(self, *, user: User) -> dict[str, list[dict[str, Any]]]: ...


class ConsentWithdrawalHandler(Protocol):
    """Close what one app holds open on the strength of the person's consent."""

    def __call__(self, *, user: User) -> None: ...


class ErasureHandler(Protocol):
    """Anonymise what one app holds about the person, before the core anonymises their
    own row (so the handler still sees who they were)."""

    def __call__(self, *, user: User) -> None: ...


class LeaverHandler(Protocol):
    """Close one app's open work of people who just left the company (`actor` is who
    imported the HR file, for the audit)."""

    def __call__(self, *, users: list[User], actor: User | None) -> None: ...


personal_data_sections: Registry[PersonalDataSection] = Registry("personal-data sections")
"""Filled in ready() by every app that holds personal data; read by
`peersupport.services.privacy.personal_data` when a person asks for their copy."""

consent_withdrawal_handlers: Registry[ConsentWithdrawalHandler] = Registry(
    "consent-withdrawal handlers"
)
"""Filled in ready() by matching (requests, matches) and referrals (consented referrals);
run by `consent_withdraw` and, first of all, by `erasure_complete`."""

erasure_handlers: Registry[ErasureHandler] = Registry("erasure handlers")
"""Filled in ready() by programs (supporter texts) and sessions (the cases); run by
`erasure_complete` after the consent-withdrawal handlers."""

leaver_handlers: Registry[LeaverHandler] = Registry("leaver handlers")
"""Filled in ready() by matching (requests and matches); run by the HR import for the
people it marks as left, in the import's transaction."""


def consent_withdrawal_handle(*, user: User) -> None:
    """Every app closes what it held open on `user`'s consent."""
    for handler in consent_withdrawal_handlers:
        handler(user=user)


def erasure_handle(*, user: User) -> None:
    """Every app anonymises what it holds about `user`."""
    for handler in erasure_handlers:
        handler(user=user)


def leavers_handle(*, users: list[User], actor: User | None) -> None:
    """Every app closes the open work of `users`, who left the company."""
    for handler in leaver_handlers:
        handler(users=users, actor=actor)
