"""Admin of the programs app: every model, with filters, search and CSV export.

Importing the modules registers their ModelAdmins (Django imports `programs.admin`)."""

from programs.admin import participants, supporters, training

__all__ = ["participants", "supporters", "training"]
