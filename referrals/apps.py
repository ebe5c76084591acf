from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    """The service directory, referrals to professionals, their timeline and deadlines."""

    name = "referrals"
    verbose_name = _("Referrals")
    role_permissions = {
        "coordinator": [
            "referrals.view_referral",
            "referrals.change_referral",
            "referrals.view_referralevent",
            "referrals.view_service",
            "referrals.add_service",
            "referrals.change_service",
            "referrals.view_oncallshift",
            "referrals.add_oncallshift",
            "referrals.change_oncallshift",
            "referrals.delete_oncallshift",
        ],
    }

    def ready(self) -> None:
        from peersupport.signals import consent_withdrawn

        consent_withdrawn.connect(_withdraw_referrals, dispatch_uid="referrals-consent-withdrawn")

        from referrals.panels import register_panels

        register_panels()

    def personal_data(self, user: Any) -> dict[str, Any]:
        from referrals.privacy import personal_data

        return personal_data(user)

    def home_links(self) -> dict[str, list[Any]]:
        from peersupport.home import HomeLink

        return {
            "counselor": [
                HomeLink(
                    "referrals:queue",
                    _("Referrals"),
                    _("Cases referred to your service, most urgent first."),
                ),
            ],
            "coordinator": [
                HomeLink(
                    "admin:referrals_referral_changelist",
                    _("Referrals"),
                    _("Every referral and its timeline; overdue and declined ones to act on."),
                ),
            ],
        }


def _withdraw_referrals(sender: Any, user: Any, **kwargs: Any) -> None:
    from referrals.privacy import consent_withdrawn

    consent_withdrawn(user)
