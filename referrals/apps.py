from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from peersupport.roles import Role

# What each role may do in the admin with this app's models (granted after each migrate
# by peersupport.services.roles).
ROLE_PERMISSIONS = {
    Role.COORDINATOR: [
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


class ReferralsConfig(AppConfig):
    """The service directory, referrals to professionals, their timeline and deadlines."""

    name = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        # The seams of the layers below this app plugs into.
        from peersupport.home import home_items
        from peersupport.seams import consent_withdrawal_handlers, personal_data_sections
        from peersupport.services.roles import RolePermissions, app_role_permissions
        from referrals import home, panels, privacy

        app_role_permissions.register(
            self.label, RolePermissions(app_label=self.label, grants=ROLE_PERMISSIONS)
        )
        home_items.register(self.label, home.home_items)
        personal_data_sections.register(self.label, privacy.personal_data)
        consent_withdrawal_handlers.register(self.label, privacy.consent_withdrawn)

        panels.register_panels()
