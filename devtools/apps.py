from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Demo data, the scale world and the benchmarks: tools for trying and measuring the
    product, never part of it. Installed only with DEBUG on or DEVTOOLS=1 (config/settings.py),
    so a production deployment has no command that writes demo people."""

    name = "devtools"
    verbose_name = "Developer tools"
