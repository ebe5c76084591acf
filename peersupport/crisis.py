"""The crisis contacts as pages need them: every footer names the company's first one.

That one is read from the cache, so the footer costs no query on most pages; saving a
contact forgets it, and without a cache (an outage) it is read from the database.
"""

import logging
import re
from contextlib import suppress
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from redis import RedisError

from peersupport.models import CrisisContact, User
from peersupport.services.audit import audit_log

CACHE_KEY = "crisis-line:v1"
CACHE_SECONDS = 600
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CrisisLine:
    name: str
    phone: str


EXTENSION = re.compile(r"\s*(?:ext\.?|extension|x|#)\s*(\d+)\s*$", re.IGNORECASE)


def tel_uri_number(phone: str) -> str:
    """The number for a `tel:` link (RFC 3966): digits and a leading +, so a phone dials
    it (a link with spaces or dashes is not a valid URI), and an extension as `;ext=`."""
    extension = EXTENSION.search(phone)
    main = phone[: extension.start()] if extension else phone
    digits = re.sub(r"[^\d+]", "", main)
    number = digits[:1] + digits[1:].replace("+", "")
    return f"{number};ext={extension.group(1)}" if extension else number


def primary_crisis_line() -> CrisisLine | None:
    """The first active crisis contact in the coordinators' order, or None."""
    try:
        cached = cache.get(CACHE_KEY)
    except (RedisError, OSError) as error:
        logger.warning("Crisis line read from the database, the cache is unavailable: %s", error)
        return _first_active()
    if cached is None:
        line = _first_active()
        cached = (line.name, line.phone) if line else ()
        with suppress(RedisError, OSError):  # then it is read again next time
            cache.set(CACHE_KEY, cached, CACHE_SECONDS)
    return CrisisLine(*cached) if cached else None


def _first_active() -> CrisisLine | None:
    row = (
        CrisisContact.objects.filter(active=True)
        .order_by("order", "name")
        .values_list("name", "phone")
        .first()
    )
    return CrisisLine(*row) if row else None


def crisis_line_forget() -> None:
    """After a contact changed: the next page reads the first one again."""
    try:
        cache.delete(CACHE_KEY)
    except (RedisError, OSError) as error:
        logger.warning("The cached crisis line could not be forgotten: %s", error)


@transaction.atomic
def crisis_contact_save(*, contact: CrisisContact, actor: User | None, created: bool) -> None:
    """Save a crisis contact a coordinator edited; every footer shows the change."""
    contact.full_clean()
    contact.save()
    audit_log(
        actor=actor,
        action="crisis_contact.created" if created else "crisis_contact.changed",
        target=contact,
    )
    _forget_now_and_after_commit()


@transaction.atomic
def crisis_contact_delete(*, contact: CrisisContact, actor: User | None) -> None:
    audit_log(actor=actor, action="crisis_contact.deleted", target=contact)
    contact.delete()
    _forget_now_and_after_commit()


def _forget_now_and_after_commit() -> None:
    # Now, for this process; again after commit, in case another page read the old
    # contact into the cache in between.
    crisis_line_forget()
    transaction.on_commit(crisis_line_forget)
