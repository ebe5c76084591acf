from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The coordinator's dashboard and reports: figures from every app, aggregated in the
    database. It sits above the other apps (it reads them all; none reads it)."""

    name = "dashboard"
    verbose_name = _("Dashboard")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from dashboard import home
        from dashboard.sql import register_sqlite_functions
        from peersupport.home import home_items

        connection_created.connect(register_sqlite_functions, dispatch_uid="dashboard_sqlite")
        home_items.register(self.label, home.home_items)
