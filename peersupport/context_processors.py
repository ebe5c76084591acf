from django.http import HttpRequest

from peersupport.roles import Role


def roles(request: HttpRequest) -> dict[str, object]:
    """The signed-in person's roles, for the navigation."""
    user = getattr(request, "user", None)
    held = user.roles if user is not None and user.is_authenticated else frozenset()
    return {"user_roles": held, "Role": Role}
