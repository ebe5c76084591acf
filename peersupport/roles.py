"""The four roles of the product. Each is a Django group; one person may hold several."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    SUPPORTER = "supporter", _("Peer supporter")
    COUNSELOR = "counselor", _("Counselor")
    COORDINATOR = "coordinator", _("Coordinator")


# Roles whose holders work in the admin site.
STAFF_ROLES = frozenset({Role.COORDINATOR})
