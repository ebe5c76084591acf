from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from peersupport.roles import Role

# What each role may do in the admin with this app's models.
ROLE_PERMISSIONS = {
    Role.COORDINATOR: [
        f"programs.{action}_{model}"
        for model in (
            "program",
            "trainingmodule",
            "trainingrecord",
            "supporterprofile",
            "supporterapplication",
            "enrollment",
            "returntoworkplan",
            "planphase",
            "milestone",
        )
        for action in ("view", "add", "change")
    ]
    + ["programs.view_wellbeingcheckin", "programs.delete_trainingrecord"],
}


class ProgramsConfig(AppConfig):
    """Programs, enrollment, supporter profiles, training, return-to-work plans, WHO-5."""

    name = "programs"
    verbose_name = _("Programs and training")

    def ready(self) -> None:
        # The seams of the core this app plugs into (peersupport.seams, .home, .services.roles).
        from peersupport.home import home_items
        from peersupport.seams import erasure_handlers, personal_data_sections
        from peersupport.services.roles import RolePermissions, app_role_permissions
        from programs import home, privacy

        app_role_permissions.register(
            self.label, RolePermissions(app_label=self.label, grants=ROLE_PERMISSIONS)
        )
        home_items.register(self.label, home.home_items)
        personal_data_sections.register(self.label, privacy.personal_data)
        erasure_handlers.register(self.label, privacy.person_erasing)
