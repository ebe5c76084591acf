from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    """Programs, enrollment, supporter profiles, training, return-to-work plans, WHO-5."""

    name = "programs"
    verbose_name = _("Programs and training")
    role_permissions = {
        "coordinator": [
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

    def home_links(self) -> dict[str, list[Any]]:
        from peersupport.home import HomeLink

        return {
            "employee": [
                HomeLink(
                    "programs:list",
                    _("Programs"),
                    _("What your company offers: peer support, mentoring, return to work."),
                ),
                HomeLink(
                    "programs:apply",
                    _("Become a peer supporter"),
                    _("Share what helped you: apply to support colleagues after training."),
                ),
            ],
            "supporter": [
                HomeLink(
                    "programs:supporter_home",
                    _("Your supporter page"),
                    _("Your training status, caseload cap and availability; pause when needed."),
                ),
            ],
        }

    def ready(self) -> None:
        from peersupport.signals import person_erasing

        person_erasing.connect(_erase, dispatch_uid="programs-erase")

    def personal_data(self, user: Any) -> dict[str, Any]:
        from programs.privacy import personal_data

        return personal_data(user)


def _erase(sender: Any, user: Any, **kwargs: Any) -> None:
    from programs.privacy import person_erasing

    person_erasing(user)
