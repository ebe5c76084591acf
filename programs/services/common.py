"""What several of the programs services need: month arithmetic, and who coordinates."""

import calendar
from datetime import date

from peersupport.models import User
from peersupport.roles import Role


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day (31 Jan + 1 month: 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def coordinators() -> list[User]:
    return list(User.objects.filter(groups__name=Role.COORDINATOR, is_active=True).distinct())
