from django import template

from peersupport.crisis import tel_uri_number

register = template.Library()


@register.filter
def tel_uri(phone: str) -> str:
    """`tel:{{ phone|tel_uri }}`: a number a phone dials from a link (no spaces)."""
    return tel_uri_number(str(phone))
