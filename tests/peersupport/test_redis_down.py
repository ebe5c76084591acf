"""Redis is down (cache and broker on a port where nothing listens): people still sign in.

During an outage a counselor must still be able to sign in, give the second factor and
open an emergency; employees can still ask for support, supporters apply, and anybody
can ask for a password reset. The sign-in lockout lives in the database and keeps
working; the cache-only rate limits let posts through and log it.
"""

import time

import pytest
from django.core.cache import cache
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from matching.models import SupportRequest
from peersupport.models import Notification
from programs.models import SupporterApplication
from referrals.models import Trigger
from tests.factories import TEST_PASSWORD, UserFactory
from tests.peersupport.test_two_factor import code_for
from tests.programs.factories import ProgramFactory
from tests.programs.test_applications import FORM as APPLICATION
from tests.referrals.factories import make_active_match, make_referral, make_service

pytestmark = pytest.mark.django_db

DEAD = "redis://127.0.0.1:1/0"
# The cache gives up after 1 s (config/settings.py) and the broker after 2 s: a page that
# takes longer is hanging on the dead Redis.
FAST_SECONDS = 5.0


@pytest.fixture
def dead_redis(settings, dead_broker: None) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": DEAD,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with pytest.raises(Exception, match=r"Connection refused|Error 111"):
        cache.get("anything")  # the outage is real: nothing answers on that port


def timed(call):
    started = time.monotonic()
    response = call()
    elapsed = time.monotonic() - started
    assert elapsed < FAST_SECONDS, f"the page waited {elapsed:.1f} s for the dead Redis"
    return response


def test_a_counselor_signs_in_with_the_second_factor_and_opens_an_emergency(
    client, dead_redis, caplog
):
    counselor = UserFactory(roles=["counselor"])
    device = TOTPDevice.objects.get(user=counselor)
    service = make_service([counselor])
    emergency = make_referral(
        service,
        trigger=Trigger.IMMINENT_RISK,
        match=make_active_match(),
        summary="Imminent risk: has a plan for tonight.",
    )

    signed_in = timed(
        lambda: client.post(
            reverse("login"),
            {"username": counselor.username, "password": TEST_PASSWORD, "next": "/referrals/"},
        )
    )
    assert signed_in.status_code == 302
    asked = timed(lambda: client.get(signed_in.url))
    assert asked.url.startswith(reverse("two_factor_verify")), "the code is asked first"

    verified = timed(
        lambda: client.post(
            reverse("two_factor_verify"), {"code": code_for(device), "next": "/referrals/"}
        )
    )
    assert verified.url == "/referrals/"

    queue = timed(lambda: client.get("/referrals/")).content.decode()
    assert "Emergency" in queue
    page = timed(lambda: client.get(reverse("referrals:detail", args=[emergency.uuid])))
    assert "Imminent risk: has a plan for tonight." in page.content.decode()
    assert "the cache is unavailable" in caplog.text


def test_the_lockout_keeps_working_without_the_cache(client, dead_redis, settings):
    person = UserFactory(roles=["employee"])
    for _ in range(settings.SIGNIN_FAILURE_LIMIT):
        timed(lambda: client.post(reverse("login"), {"username": person.username, "password": "x"}))

    locked = client.post(reverse("login"), {"username": person.username, "password": TEST_PASSWORD})

    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()


def test_an_employee_asks_for_support_and_a_supporter_applies(client, dead_redis):
    program = ProgramFactory(name_en="Peer support")
    employee = UserFactory(roles=["employee"])
    client.force_login(employee)

    asked = timed(
        lambda: client.post(
            reverse("matching:request"),
            {
                "program": program.pk,
                "topics": ["stress"],
                "description": "Work has been heavy.",
                "languages": ["id"],
                "site_preference": "either",
                "meeting_modes": ["video"],
                "availability": ["mon_am"],
                "consent": "on",
            },
        )
    )
    applied = timed(lambda: client.post(reverse("programs:apply"), APPLICATION))

    assert (asked.status_code, applied.status_code) == (302, 302)
    assert SupportRequest.objects.filter(requester=employee).count() == 1
    assert SupporterApplication.objects.filter(applicant=employee).count() == 1


def test_a_password_reset_is_queued_for_when_the_broker_is_back(client, dead_redis):
    person = UserFactory(roles=["employee"])

    response = timed(
        lambda: client.post(reverse("password_reset"), {"email": person.email}, follow=True)
    )

    assert response.status_code == 200
    queued = Notification.objects.get(recipient=person, kind="password_reset")
    assert queued.status == "pending"
