import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from peersupport.models import AuditEntry, User

pytestmark = pytest.mark.django_db


def test_it_refuses_to_run_with_debug_off_unless_forced(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")

    assert not User.objects.exists()


def test_it_is_idempotent(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo", password="pw-one-two-three")
    first = (User.objects.count(), AuditEntry.objects.count())

    call_command("seed_demo", password="pw-one-two-three")

    assert (User.objects.count(), AuditEntry.objects.count()) == first
    out = capsys.readouterr().out
    for username in ["coordinator", "supporter", "counselor", "employee"]:
        assert username in out


SECTIONS = {
    "coordinator": {"en": "Running the program", "id": "Menjalankan program"},
    "supporter": {
        "en": "Your work as a peer supporter",
        "id": "Tugas Anda sebagai pendamping sebaya",
    },
    "counselor": {"en": "Your referral queue", "id": "Antrean rujukan Anda"},
    "employee": {"en": "Support for you", "id": "Dukungan untuk Anda"},
}


@pytest.mark.parametrize("username", list(SECTIONS))
def test_each_demo_user_signs_in_and_lands_on_their_home_in_their_language(client, username):
    call_command("seed_demo", password="pw-one-two-three", force=True)
    user = User.objects.get(username=username)

    response = client.post(
        reverse("login"), {"username": username, "password": "pw-one-two-three"}, follow=True
    )
    if username in ("coordinator", "counselor"):
        assert response.redirect_chain[-1][0].startswith(reverse("two_factor_verify"))
        response = client.post(
            response.redirect_chain[-1][0], {"code": current_code(username)}, follow=True
        )

    assert response.redirect_chain[-1][0] == reverse("home")
    assert SECTIONS[username][user.preferred_language] in response.content.decode()
    assert user.roles == {username}


def current_code(username: str) -> str:
    """What an authenticator app shows now for the key seed_demo printed."""
    import base64
    import hashlib
    import hmac
    import struct
    import time

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from peersupport.services.two_factor import totp_secret

    secret = totp_secret(TOTPDevice.objects.get(user__username=username))
    key = base64.b32decode(secret)
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def test_seed_demo_prints_the_authenticator_key_of_those_who_need_one(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo", password="pw-one-two-three")

    out = capsys.readouterr().out
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ")}
    assert "authenticator key" in lines["coordinator"]
    assert "authenticator key" in lines["counselor"]
    assert "authenticator key" not in lines["employee"]


def test_the_demo_world_has_managers_departments_and_sites():
    call_command("seed_demo", password="pw", force=True)

    employee = User.objects.get(username="employee")
    assert employee.line_manager is not None
    assert User.objects.values("department").distinct().count() >= 4
    assert User.objects.values("site").distinct().count() >= 3


def test_the_demo_has_three_programs_twenty_supporters_and_participants_with_plans():
    from programs.models import Program, ReturnToWorkPlan, SupporterProfile, WellbeingCheckIn

    call_command("seed_demo", password="pw", force=True)
    call_command("seed_demo", password="pw", force=True)

    assert sorted(Program.objects.values_list("kind", flat=True)) == [
        "mentoring",
        "peer_support",
        "return_to_work",
    ]
    # The named supporters (the generated company of devtools/demo/company.py adds its
    # own, tested in tests/dashboard/test_seed_demo.py).
    named = SupporterProfile.objects.exclude(user__username__startswith="demo-")
    assert named.count() == 20
    program = Program.objects.get(kind="peer_support")
    eligible = named.eligible_for(program).count()
    assert 5 < eligible < 20  # mixed training states and pauses
    assert ReturnToWorkPlan.objects.filter(enrollment__person__username="employee").exists()
    assert WellbeingCheckIn.objects.exclude(person__username__startswith="demo-").count() == 4


def test_the_counselor_has_referrals_of_each_urgency_and_status_and_the_supporter_has_logs():
    from referrals.models import Referral, Service
    from referrals.selectors import counselor_queue
    from sessions.models import SessionLog

    call_command("seed_demo", password="pw", force=True)
    counselor = User.objects.get(username="counselor")
    queue = list(counselor_queue(counselor))
    assert {r.urgency for r in queue} == {"emergency", "priority", "routine"}
    assert {r.status for r in queue} == {"submitted", "acknowledged", "accepted", "in_progress"}
    assert Referral.objects.filter(status__in=["closed", "declined"]).count() >= 2
    assert Service.objects.values("kind").distinct().count() >= 5
    logs = SessionLog.objects.filter(author__username="supporter")
    assert logs.filter(match__request__requester__username="employee").count() >= 3
    assert logs.exclude(triggers=[]).filter(referral__isnull=False).exists()
