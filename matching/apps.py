from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    """Support requests, the matching engine, matches and their life cycle."""

    name = "matching"
    verbose_name = _("Requests and matches")
