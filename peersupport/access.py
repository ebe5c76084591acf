"""Access helpers of the core: roles, and the person's own privacy records.

Each app answers "may this person see or act on this object" in its own `access.py`
(matching, referrals, sessions, programs, dashboard); this one holds what they share.
"""

from django.db.models import QuerySet
from django.http import Http404

from peersupport.models import ErasureRequest, ErasureStatus, User
from peersupport.roles import Role


def require_role(user: User, role: Role) -> None:
    """Pages of one role: everyone else gets 404, so nothing about them is confirmed."""
    if not user.has_role(role):
        raise Http404


def holders_of(role: Role, people: QuerySet[User] | None = None) -> QuerySet[User]:
    """The people (of `people`, or everyone) who hold `role`: the choice lists of the admin
    offer counselors and supporters only."""
    people = User.objects.all() if people is None else people
    return people.filter(groups__name=role).distinct()


def pending_erasure_of(user: User) -> ErasureRequest | None:
    """The person's own erasure request still waiting for the coordinator, if any."""
    return ErasureRequest.objects.filter(person=user, status=ErasureStatus.REQUESTED).first()


def may_change_account(actor: User, account: User) -> bool:
    """Only a superuser changes a superuser (their password included): a coordinator must
    not be able to take over an account that holds every right."""
    return actor.is_superuser or not account.is_superuser


def may_set_password_of(actor: User, account_pk: str) -> bool:
    """A coordinator sets no password but their own: people reset theirs by e-mail."""
    return actor.is_superuser or str(actor.pk) == str(account_pk)
