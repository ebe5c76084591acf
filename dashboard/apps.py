from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The coordinator's dashboard and reports: figures from every app, aggregated in the
    database. It sits above the other apps (it reads them all; none reads it)."""

    name = "dashboard"
    verbose_name = _("Dashboard")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from dashboard.sql import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="dashboard_sqlite")

    def home_links(self) -> dict[str, list[Any]]:
        from peersupport.home import HomeLink

        return {
            "coordinator": [
                HomeLink(
                    "dashboard:index",
                    _("Dashboard"),
                    _("Demand, capacity, activity, safety, training and outcomes at a glance."),
                ),
            ],
        }
