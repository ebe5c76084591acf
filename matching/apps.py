from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from peersupport.roles import Role

# What each role may do in the admin (granted after each migrate by
# peersupport.services.roles).
ROLE_PERMISSIONS = {
    Role.COORDINATOR: [
        "matching.view_supportrequest",
        "matching.view_match",
        "peersupport.view_crisiscontact",
        "peersupport.add_crisiscontact",
        "peersupport.change_crisiscontact",
    ],
}


class MatchingConfig(AppConfig):
    """Support requests, the matching engine, matches and their life cycle."""

    name = "matching"
    verbose_name = _("Requests and matches")

    def ready(self) -> None:
        # The seams of the layers below this app plugs into.
        from matching import home, privacy, services
        from peersupport.home import home_items
        from peersupport.seams import (
            consent_withdrawal_handlers,
            leaver_handlers,
            personal_data_sections,
        )
        from peersupport.services.roles import RolePermissions, app_role_permissions
        from programs.seams import checkin_help_handlers

        app_role_permissions.register(
            self.label, RolePermissions(app_label=self.label, grants=ROLE_PERMISSIONS)
        )
        home_items.register(self.label, home.home_items)
        personal_data_sections.register(self.label, privacy.personal_data)
        consent_withdrawal_handlers.register(self.label, privacy.consent_withdrawn)
        leaver_handlers.register(self.label, services.people_left)
        checkin_help_handlers.register(self.label, services.supporters_told_about_checkin)
