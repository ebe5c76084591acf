"""Free text as people should see it: no control characters, no bidirectional overrides.

Control characters (other than newline, carriage return and tab) break e-mails, exports
and terminals; Unicode bidi overrides and isolates make text read differently from how
it is stored ("Trojan Source"), which in notes about people is a way to mislead. Every
form post is cleaned by `CleanTextMiddleware`, every cell of a CSV or XLSX import by
`peersupport.tabular`; an HSDS import holding them is refused.
"""

import re

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
