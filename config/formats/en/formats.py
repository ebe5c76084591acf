"""English dates and times, one format everywhere: 4 Dec 2026, 4 Dec 2026 09:55.

Only the display formats are set; input formats, number separators and the rest come
from Django's own `en` locale."""

DATE_FORMAT = "j M Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y H:i"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
