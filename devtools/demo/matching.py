"""Demo data of the matching app: crisis contacts, waiting requests, and active matches
for `supporter`, with `employee` among them. Safe to run again."""

from django.db import transaction
from django.utils import timezone

from devtools.demo import DemoContext
from matching.consent import CONSENT_TEXT_VERSION
from matching.models import Match, MatchStatus, RequestStatus, SupportRequest
from peersupport.crisis import crisis_line_forget
from peersupport.models import CrisisContact
from programs.choices import ProgramKind
from programs.models import Enrollment, Program

CONTACTS = [
    (
        "Darurat / Emergency",
        "112",
        "Polisi, ambulans, pemadam kebakaran",
        "Police, ambulance, fire",
        "24/7",
    ),
    (
        "SEJIWA (Kemenkes)",
        "119 ext. 8",
        "Layanan konseling kesehatan jiwa",
        "Mental-health counselling line",
        "24/7",
    ),
    (
        "EAP PT Nusantara Sejahtera",
        "+62 21 5000 1234",
        "Konselor perusahaan, rahasia",
        "The company's counselors, confidential",
        "08.00-20.00",
    ),
]

# requester, program kind, supporter (None: waiting), topics, description
REQUESTS = [
    (
        "employee",
        ProgramKind.RETURN_TO_WORK,
        "supporter",
        ["return_to_work", "injury"],
        "Kembali setelah operasi punggung.",
    ),
    ("siti", ProgramKind.PEER_SUPPORT, "supporter", ["bereavement"], ""),
    ("rina", ProgramKind.PEER_SUPPORT, "s.ayu", ["stress", "workload"], ""),
    (
        "putu",
        ProgramKind.PEER_SUPPORT,
        None,
        ["caregiving", "work_life"],
        "Merawat ibu yang sakit.",
    ),
    ("yusuf", ProgramKind.MENTORING, None, ["new_starter", "career"], ""),
    ("wulan", ProgramKind.PEER_SUPPORT, None, ["stress"], ""),
]


@transaction.atomic
def seed(ctx: DemoContext) -> None:
    for order, (name, phone, description_id, description_en, hours) in enumerate(CONTACTS):
        CrisisContact.objects.update_or_create(
            name=name,
            defaults={
                "phone": phone,
                "description_id": description_id,
                "description_en": description_en,
                "hours": hours,
                "order": order,
            },
        )
    crisis_line_forget()
    programs = {p.kind: p for p in Program.objects.all()}
    for username, kind, supporter, topics, description in REQUESTS:
        person = ctx.people[username]
        program = programs[kind]
        request, created = SupportRequest.objects.get_or_create(
            requester=person,
            program=program,
            status__in=[RequestStatus.WAITING, RequestStatus.PROPOSED, RequestStatus.ACTIVE],
            defaults={
                "topics": topics,
                "description": description,
                "languages": person.languages,
                "consent_given_at": timezone.now(),
                "consent_text_version": CONSENT_TEXT_VERSION,
                "status": RequestStatus.ACTIVE if supporter else RequestStatus.WAITING,
            },
        )
        if not created or supporter is None:
            continue
        enrollment = Enrollment.objects.filter(
            person=person, program=program, role="participant", status="active"
        ).first() or Enrollment.objects.create(
            person=person,
            program=program,
            role="participant",
            started_on=timezone.localdate(),
            consent_given_at=request.consent_given_at,
            consent_text_version=CONSENT_TEXT_VERSION,
        )
        match = Match.objects.create(
            request=request,
            supporter=ctx.people[supporter],
            status=MatchStatus.ACTIVE,
            score=85,
            reasons=[["topics", 20], ["lived_experience", 25]],
            accepted_at=timezone.now(),
            enrollment=enrollment,
        )
        # Accepted the moment it was proposed (never before).
        Match.objects.filter(pk=match.pk).update(accepted_at=match.proposed_at)
