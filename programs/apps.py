from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    """Programs, enrollment, supporter profiles, training, return-to-work plans, WHO-5."""

    name = "programs"
    verbose_name = _("Programs and training")
