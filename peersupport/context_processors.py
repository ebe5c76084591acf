from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from peersupport.crisis import primary_crisis_line
from peersupport.roles import Role


def roles(request: HttpRequest) -> dict[str, object]:
    """The signed-in person's roles, for the navigation."""
    user = getattr(request, "user", None)
    held = user.roles if user is not None and user.is_authenticated else frozenset()
    return {"user_roles": held, "Role": Role}


def crisis_line(request: HttpRequest) -> dict[str, object]:
    """The company's first crisis contact, for the footer of every page (one small query,
    made only when a page renders the footer)."""
    return {"crisis_line": SimpleLazyObject(primary_crisis_line)}
