from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def from_iso(value: object) -> date | datetime | object:
    """`{{ expires|from_iso|date }}`: a date or time that an outbox context carries as ISO
    8601 text (the context is JSON), back as a value the `date` filter formats in the
    recipient's language and the company's time zone. Anything else is returned as it is."""
    if not isinstance(value, str):
        return value
    try:
        if "T" not in value:
            return date.fromisoformat(value)
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return value
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


@register.filter
def html_datetime(value: object) -> str:
    """`<time datetime="{{ moment|html_datetime }}">`: the moment in the company's time
    zone to the second, with its offset. The `date:'c'` format adds microseconds, which
    HTML does not accept (a fraction of a second has at most three digits)."""
    if isinstance(value, datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return moment.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return ""
