"""The rows of a dashboard table, rendered in one go (a page has hundreds of cells)."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from dashboard.figures import Table

register = template.Library()

HIDDEN = "text-end text-body-secondary fst-italic"


@register.simple_tag
def table_rows(table: Table) -> SafeString:
    """`<tr>`s of a table: the label as a row header, then each cell (hidden ones dimmed)."""
    return format_html_join(
        "\n",
        '<tr><th scope="row" class="fw-normal">{}</th>{}</tr>',
        (
            (
                row.text,
                format_html_join(
                    "",
                    '<td class="{}">{}</td>',
                    ((HIDDEN if cell.suppressed else "text-end", str(cell)) for cell in row.cells),
                ),
            )
            for row in table.rows
        ),
    )


@register.simple_tag
def table_head(table: Table) -> SafeString:
    columns = format_html_join(
        "", '<th scope="col" class="text-end">{}</th>', ((c.title,) for c in table.columns)
    )
    return format_html('<tr><th scope="col">{}</th>{}</tr>', table.label_title, columns)
