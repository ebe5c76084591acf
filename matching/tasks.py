"""Periodic work of the matching app."""

from celery import shared_task

from matching.services import proposals_expire
from peersupport.periodic import periodic


@shared_task(ignore_result=True)
@periodic
def offer_unanswered_proposals_to_the_next_supporter() -> int:
    return proposals_expire()
