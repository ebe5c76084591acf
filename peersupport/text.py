"""Free text as people should see it: no control characters, no bidirectional overrides.

Control characters (other than newline, carriage return and tab) break e-mails, exports
and terminals; Unicode bidi overrides and isolates make text read differently from how
it is stored ("Trojan Source"), which in notes about people is a way to mislead. Every
form post is cleaned by `CleanTextMiddleware`; every import cleans each cell.
"""

import re
from typing import Any

from django.http import QueryDict

UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# What people type as a secret is theirs, character for character.
UNTOUCHED_FIELDS = ("password", "csrfmiddlewaretoken")


def clean_text(value: str) -> str:
    """`value` without control characters (newline, carriage return and tab stay) and
    without bidi overrides or isolates."""
    return UNWANTED.sub("", value)


def cleaned_post(post: QueryDict) -> QueryDict | None:
    """A copy of `post` with every text value cleaned, or None when nothing changed."""
    changed = False
    cleaned = QueryDict(mutable=True, encoding=post.encoding)
    for key, values in post.lists():
        keep = any(word in key for word in UNTOUCHED_FIELDS)
        new = values if keep else [clean_text(value) for value in values]
        changed = changed or new != values
        cleaned.setlist(key, new)
    if not changed:
        return None
    cleaned._mutable = False
    return cleaned


def clean_texts(value: Any) -> Any:
    """`value` (decoded JSON: dicts, lists, strings, numbers) with every string cleaned."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_texts(item) for item in value]
    if isinstance(value, dict):
        return {clean_text(str(key)): clean_texts(item) for key, item in value.items()}
    return value
