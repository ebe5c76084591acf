from typing import Any

from django import template

register = template.Library()


@register.filter
def attr(attrs: dict[str, Any], name: str) -> Any:
    """`widget.attrs|attr:"aria-describedby"`: an attribute whose name a template cannot
    spell with a dot."""
    return attrs.get(name, "")
