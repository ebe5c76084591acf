from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    """Support requests, the matching engine, matches and their life cycle."""

    name = "matching"
    verbose_name = _("Requests and matches")
    role_permissions = {
        "coordinator": [
            "matching.view_supportrequest",
            "matching.view_match",
            "peersupport.view_crisiscontact",
            "peersupport.add_crisiscontact",
            "peersupport.change_crisiscontact",
        ],
    }

    def ready(self) -> None:
        from peersupport.signals import consent_withdrawn, person_left
        from programs.signals import checkin_suggests_help

        person_left.connect(_close_work_of_leavers, dispatch_uid="matching-people-left")
        consent_withdrawn.connect(_withdraw_requests, dispatch_uid="matching-consent-withdrawn")
        checkin_suggests_help.connect(_tell_the_supporter, dispatch_uid="matching-checkin-help")

    def personal_data(self, user: Any) -> dict[str, Any]:
        from matching.privacy import personal_data

        return personal_data(user)

    def home_links(self) -> dict[str, list[Any]]:
        from peersupport.home import HomeLink

        return {
            "employee": [
                HomeLink(
                    "matching:request",
                    _("Ask for support"),
                    _("A trained colleague to talk to, or a mentor. Confidential."),
                ),
                HomeLink(
                    "matching:my",
                    _("My support"),
                    _("Your requests and matches, your plan and your well-being check-ins."),
                ),
            ],
            "supporter": [
                HomeLink(
                    "matching:supporter_matches",
                    _("Your matches"),
                    _("Colleagues you support, and new matches waiting for your answer."),
                ),
            ],
            "coordinator": [
                HomeLink(
                    "matching:queue",
                    _("Matching queue"),
                    _("Waiting requests, oldest first, with the best suggestions."),
                ),
            ],
        }


def _close_work_of_leavers(sender: Any, users: list, actor: Any = None, **kwargs: Any) -> None:
    from matching.services import people_left

    people_left(users=users, actor=actor)


def _tell_the_supporter(sender: Any, checkin: Any, **kwargs: Any) -> None:
    from matching.services import supporters_told_about_checkin

    supporters_told_about_checkin(checkin=checkin)


def _withdraw_requests(sender: Any, user: Any, **kwargs: Any) -> None:
    from matching.privacy import consent_withdrawn

    consent_withdrawn(user)
