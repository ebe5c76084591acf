"""One status badge for every page: a colour, an icon and the word, never colour alone.

`{% status_badge "match" match.status match.get_status_display %}` renders the status of
one kind of record. Each (kind, status) has its own class (`status-match-active`) and a
tone (`status-tone-active`) that sets the colour and the icon; the word is the record's
own label, so it is translated with the model's choices.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Outline icons on a 16 by 16 grid, drawn with currentColor (the badge's text colour).
ICONS = {
    "waiting": '<circle cx="8" cy="8" r="6"/><path d="M8 4.5V8l2.5 2"/>',
    "pending": '<path d="M2.5 8h10M9 4l4 4-4 4"/>',
    "progress": '<path d="M5 3.5l7 4.5-7 4.5z"/>',
    "active": '<path d="M3 8.5l3.2 3.2L13 4.8"/>',
    "paused": '<path d="M6 3.5v9M10 3.5v9"/>',
    "done": '<path d="M4 14.5V2M4 2.5h8.5l-2 3 2 3H4"/>',
    "stopped": '<circle cx="8" cy="8" r="6"/><path d="M5 8h6"/>',
    "declined": '<path d="M4 4l8 8M12 4l-8 8"/>',
    "urgent": '<path d="M8 1.8L1.2 14h13.6z"/><path d="M8 6.5V10M8 12.2v.1"/>',
    "priority": '<circle cx="8" cy="8" r="6"/><path d="M8 4.8v3.8M8 11.2v.1"/>',
    "routine": '<circle cx="8" cy="8" r="2.5"/>',
}

# The tone of each status, by kind of record. A status missing here shows in the
# neutral "stopped" tone, with its word, rather than breaking the page.
TONES: dict[str, dict[str, str]] = {
    "request": {
        "waiting": "waiting",
        "proposed": "pending",
        "active": "active",
        "closed": "done",
        "withdrawn": "stopped",
        "declined": "declined",
    },
    "match": {
        "proposed": "pending",
        "active": "active",
        "paused": "paused",
        "closed": "done",
        "declined": "declined",
    },
    "referral": {
        "submitted": "waiting",
        "acknowledged": "pending",
        "accepted": "active",
        "in_progress": "progress",
        "closed": "done",
        "declined": "declined",
        "withdrawn": "stopped",
    },
    "urgency": {"emergency": "urgent", "priority": "priority", "routine": "routine"},
    "supervision": {"requested": "waiting", "held": "done"},
    "review": {"open": "waiting", "done": "done"},
    "application": {"submitted": "waiting", "approved": "active", "declined": "declined"},
    "enrollment": {"active": "active", "completed": "done", "withdrawn": "stopped"},
    "supporter": {"active": "active", "paused": "paused"},
    "training": {"current": "active", "expiring": "priority", "expired": "declined"},
    "eligibility": {"ready": "active", "not_ready": "waiting"},
    "erasure": {"requested": "waiting", "completed": "done"},
    "session": {"boundary": "urgent", "quiet": "waiting", "overdue": "priority"},
}


def status_tone(kind: str, status: str) -> str:
    return TONES.get(kind, {}).get(str(status), "stopped")


@register.simple_tag
def status_badge(kind: str, status: object, label: object = "") -> SafeString:
    """The badge of one record's status; `label` is the word shown (the status code when
    empty)."""
    code = str(status)
    tone = status_tone(kind, code)
    slug = code.replace("_", "-")
    icon = mark_safe(ICONS[tone])  # noqa: S308 — constant markup of this module
    return format_html(
        '<span class="status-badge status-tone-{} status-{}-{}" data-status="{}">'
        '<svg class="status-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false" '
        'fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" '
        'stroke-linejoin="round">{}</svg>{}</span>',
        tone,
        kind,
        slug,
        code,
        icon,
        label or code,
    )
