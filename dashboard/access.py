"""Who reads the dashboard and its exports: the coordinators, in aggregates only (groups
under five people are suppressed by the sections themselves)."""

from django.http import Http404

from peersupport.models import User
from peersupport.roles import Role


def may_read_dashboard(user: User) -> bool:
    return user.has_role(Role.COORDINATOR)


def require_dashboard_reader(user: User) -> None:
    """The dashboard's pages: everyone but a coordinator gets 404."""
    if not may_read_dashboard(user):
        raise Http404
