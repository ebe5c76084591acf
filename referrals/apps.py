from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    """The service directory, referrals to professionals, their timeline and deadlines."""

    name = "referrals"
    verbose_name = _("Referrals")
