"""The one way the matching pages report a change: the service's refusal as an error
message, or the page's confirmation."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest

from matching.services import MatchingError


def attempt(
    request: HttpRequest,
    change: Callable[[], object],
    *,
    done: str = "",
    level: int = messages.SUCCESS,
) -> bool:
    """Run `change`; tell the person why it could not be made, or that it was (when `done`
    says something). True when the change was made."""
    try:
        change()
    except MatchingError as error:
        messages.error(request, str(error))
        return False
    if done:
        messages.add_message(request, level, done)
    return True
