"""Indonesian dates and times, one format everywhere: 4 Des 2026, 4 Des 2026 09.55.

`M` gives Django's Indonesian month abbreviations (Jan Feb Mar Apr Mei Jun Jul Agu Sep
Okt Nov Des); the time is written with a dot, as Indonesian does. Only the display
formats are set; input formats and number separators come from Django's `id` locale."""

DATE_FORMAT = "j M Y"
TIME_FORMAT = "H.i"
DATETIME_FORMAT = "j M Y H.i"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
