"""Access helpers shared by every app's views."""

from django.http import Http404

from peersupport.models import User
from peersupport.roles import Role


def require_role(user: User, role: Role) -> None:
    """Pages of one role: everyone else gets 404, so nothing about them is confirmed."""
    if not user.has_role(role):
        raise Http404
