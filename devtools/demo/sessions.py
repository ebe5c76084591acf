"""Demo data of the sessions app: session logs for `supporter`'s matches, one with a
boundary-check trigger and its referral, and a supervision request. Safe to run again."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from devtools.demo import DemoContext
from matching.models import Match, MatchStatus, SupportRequest
from referrals.models import Trigger
from referrals.services import Consent
from sessions.models import SessionLog
from sessions.services import Escalation, session_log_create

# days ago, minutes, mode, topics, mood, notes, triggers
LOGS = [
    (
        40,
        45,
        "in_person",
        ["return_to_work", "injury"],
        2,
        "Cemas soal hari pertama kembali. Kami bahas rencana jam kerja bertahap.",
        [],
    ),
    (
        26,
        30,
        "video",
        ["return_to_work"],
        3,
        "Minggu pertama berjalan lebih baik dari dugaannya.",
        [],
    ),
    (
        12,
        40,
        "phone",
        ["stress", "workload"],
        3,
        "Beban kerja naik lagi; ingin bicara dengan atasan tentang penyesuaian tugas.",
        [Trigger.WORKPLACE_ADJUSTMENT],
    ),
    (3, 30, "video", ["return_to_work"], 4, "Sudah bisa kerja enam jam sehari. Tidur membaik.", []),
]


@transaction.atomic
def seed(ctx: DemoContext) -> None:
    supporter = ctx.people["supporter"]
    matches = Match.objects.filter(supporter=supporter, status=MatchStatus.ACTIVE).select_related(
        "request__requester", "request__program"
    )
    for match in matches:
        if SessionLog.objects.filter(match=match).exists():
            continue
        # The match began two months ago, a few days after the request.
        began = timezone.now() - timedelta(days=60)
        asked = began - timedelta(days=4)
        SupportRequest.objects.filter(pk=match.request_id).update(
            created_at=asked, consent_given_at=asked
        )
        Match.objects.filter(pk=match.pk).update(
            proposed_at=began - timedelta(days=1), accepted_at=began
        )
        match.accepted_at = began
        logs = LOGS if match.request.requester == ctx.people["employee"] else LOGS[:1]
        for days, minutes, mode, topics, mood, notes, triggers in logs:
            data = {
                "occurred_at": timezone.now() - timedelta(days=days),
                "minutes": minutes,
                "mode": mode,
                "topics": topics,
                "mood": mood,
                "notes": notes,
                "signposting": [],
                "next_follow_up": timezone.localdate() + timedelta(days=7) if days < 5 else None,
                "triggers": triggers,
            }
            escalation = None
            if triggers:
                escalation = Escalation(
                    Trigger.WORKPLACE_ADJUSTMENT,
                    "Meminta penyesuaian tugas: belum kuat mengangkat beban di atas 10 kg.",
                    Consent(True),
                )
            session_log_create(match=match, author=supporter, data=data, escalation=escalation)
