"""The curated lists that supporters, requests and plans are described with.

Matching compares these codes, so they are stable identifiers; the labels translate.
"""

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class ProgramKind(models.TextChoices):
    PEER_SUPPORT = "peer_support", _("Peer support")
    MENTORING = "mentoring", _("Mentoring")
    RETURN_TO_WORK = "return_to_work", _("Return to work")


class MatchMode(models.TextChoices):
    COORDINATOR = "coordinator", _("The coordinator approves each match")
    EMPLOYEE_CHOICE = "employee_choice", _("The employee picks from suggestions")


class Topic(models.TextChoices):
    RETURN_TO_WORK = "return_to_work", _("Returning to work")
    STRESS = "stress", _("Stress and pressure")
    WORKLOAD = "workload", _("Workload")
    CHRONIC_ILLNESS = "chronic_illness", _("Living with a long illness")
    INJURY = "injury", _("Recovering from an injury")
    BEREAVEMENT = "bereavement", _("Grief and loss")
    CAREGIVING = "caregiving", _("Caring for family")
    WORK_LIFE = "work_life", _("Work and family life")
    RELATIONSHIPS_AT_WORK = "relationships_at_work", _("Relationships at work")
    NEW_STARTER = "new_starter", _("Settling into a new job")
    CAREER = "career", _("Career growth")
    LEADERSHIP = "leadership", _("Leading a team")
    FINANCES = "finances", _("Money worries")


class LivedExperience(models.TextChoices):
    RETURNED_AFTER_INJURY = "returned_after_injury", _("Returned to work after an injury")
    LONG_ILLNESS = "long_illness", _("Long illness")
    MENTAL_HEALTH_RECOVERY = "mental_health_recovery", _("Recovery from a mental-health condition")
    CAREGIVING = "caregiving", _("Caring for a family member")
    BEREAVEMENT = "bereavement", _("Bereavement")
    DISABILITY = "disability", _("Living with a disability")
    PARENTHOOD = "parenthood", _("Becoming a parent while working")
    RELOCATION = "relocation", _("Moving city or country for work")
    BURNOUT = "burnout", _("Burnout")


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone")
    CHAT = "chat", _("Chat")


DAYS = [
    ("mon", _("Monday")),
    ("tue", _("Tuesday")),
    ("wed", _("Wednesday")),
    ("thu", _("Thursday")),
    ("fri", _("Friday")),
    ("sat", _("Saturday")),
    ("sun", _("Sunday")),
]
DAY_PARTS = [("am", _("morning")), ("pm", _("afternoon")), ("eve", _("evening"))]
# A week as 21 slots such as "mon_am"; availability is a list of these codes.
AVAILABILITY_SLOTS = [
    (f"{day}_{part}", format_lazy("{} {}", day_label, part_label))
    for day, day_label in DAYS
    for part, part_label in DAY_PARTS
]
AVAILABILITY_CODES = frozenset(code for code, _label in AVAILABILITY_SLOTS)


class Accommodation(models.TextChoices):
    FLEXIBLE_HOURS = "flexible_hours", _("Flexible hours")
    MODIFIED_DUTIES = "modified_duties", _("Modified duties")
    EQUIPMENT = "equipment", _("Equipment")
    REMOTE_DAYS = "remote_days", _("Remote days")
    EXTRA_BREAKS = "extra_breaks", _("Extra breaks")
    OTHER = "other", _("Other")
