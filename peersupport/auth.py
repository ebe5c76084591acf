"""Sign-in with a username or a work e-mail address."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from peersupport.models import User


class UsernameOrEmailBackend(ModelBackend):
    """Employees know their work e-mail; demo and service accounts have usernames."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username and "@" in username:
            user = User.objects.filter(email__iexact=username.strip()).first()
            if user is None:
                User().set_password(password)  # same cost as a real check: no timing hint
                return None
            username = user.get_username()
        return super().authenticate(request, username=username, password=password, **kwargs)
