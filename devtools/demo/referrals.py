"""Demo data of the referrals app: a directory of realistic Indonesian services with
`counselor` in the in-house team, an on-call rota, and referrals of every urgency and
status in `counselor`'s queue. Safe to run again."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from devtools.demo import DemoContext
from referrals.models import Referral, ReferralSource, Service, ServiceKind, Trigger
from referrals.services import (
    Consent,
    referral_accept,
    referral_acknowledge,
    referral_close,
    referral_decline,
    referral_raise,
    referral_start,
)

ALL = ["emergency", "priority", "routine"]

# name, organisation, kind, languages, sites, hours, phone, email, urgencies, en, id
SERVICES = [
    (
        "Tim Konseling Internal",
        "PT Nusantara Sejahtera",
        ServiceKind.INTERNAL_COUNSELING,
        ["id", "en", "jv"],
        [],
        "Senin-Jumat 08.00-17.00; siaga 24 jam",
        "+62 21 5000 2000",
        "konseling@nusantara-sejahtera.example",
        ALL,
        "The company's own psychologists: confidential counselling on site or by video.",
        "Psikolog perusahaan: konseling rahasia di kantor atau lewat video.",
    ),
    (
        "EAP Sehat Jiwa",
        "PT Mitra Sehat Jiwa",
        ServiceKind.EAP,
        ["id", "en"],
        [],
        "24/7",
        "+62 21 5000 1234",
        "eap@mitrasehatjiwa.example",
        ALL,
        "Up to six free counselling sessions for employees and their families.",
        "Hingga enam sesi konseling gratis bagi karyawan dan keluarganya.",
    ),
    (
        "Kesehatan Kerja dan SDM",
        "PT Nusantara Sejahtera",
        ServiceKind.OCCUPATIONAL_HEALTH,
        ["id", "en"],
        ["Jakarta", "Surabaya"],
        "Senin-Jumat 08.00-16.00",
        "+62 21 5000 3000",
        "k3@nusantara-sejahtera.example",
        ["routine"],
        "Workplace adjustments and return-to-work plans.",
        "Penyesuaian tempat kerja dan rencana kembali bekerja.",
    ),
    (
        "Puskesmas Kecamatan Wonokromo",
        "Dinas Kesehatan Kota Surabaya",
        ServiceKind.PUSKESMAS,
        ["id", "jv"],
        ["Surabaya"],
        "Senin-Sabtu 07.30-14.00",
        "+62 31 828 0000",
        "",
        ["priority", "routine"],
        "Community health centre with a mental-health clinic (poli jiwa).",
        "Puskesmas dengan layanan poli jiwa.",
    ),
    (
        "RSJ Menur Surabaya",
        "Pemerintah Provinsi Jawa Timur",
        ServiceKind.HOSPITAL,
        ["id", "jv"],
        ["Surabaya"],
        "IGD 24 jam",
        "+62 31 502 1635",
        "",
        ["emergency", "priority"],
        "Psychiatric hospital with a 24-hour emergency department.",
        "Rumah sakit jiwa dengan IGD 24 jam.",
    ),
    (
        "Yayasan Pulih",
        "Yayasan Pulih",
        ServiceKind.NGO,
        ["id", "en"],
        [],
        "Senin-Jumat 09.00-17.00",
        "+62 21 788 42580",
        "",
        ["routine"],
        "Psychosocial support for survivors of violence and trauma.",
        "Dukungan psikososial bagi penyintas kekerasan dan trauma.",
    ),
]

# participant, trigger, how far along, summary
REFERRALS = [
    (
        "rina",
        Trigger.IMMINENT_RISK,
        "submitted",
        "Mengatakan punya rencana menyakiti diri malam ini. Sudah ditemani atasan.",
    ),
    (
        "siti",
        Trigger.DISCLOSED_RISK,
        "acknowledged",
        "Bercerita tentang pikiran menyakiti diri sejak kehilangan ayahnya.",
    ),
    (
        "putu",
        Trigger.BEYOND_SCOPE,
        "accepted",
        "Bertanya tentang obat tidur dan gejala trauma setelah kecelakaan.",
    ),
    ("yusuf", Trigger.DISCLOSED_RISK, "in_progress", "Mengalami perundungan dari rekan satu tim."),
    ("wulan", Trigger.BEYOND_SCOPE, "closed", "Meminta rujukan untuk terapi kecemasan."),
    ("hendra", Trigger.BEYOND_SCOPE, "declined", "Membutuhkan konseling dalam bahasa Jawa halus."),
]


@transaction.atomic
def seed(ctx: DemoContext) -> None:
    counselor, coordinator = ctx.people["counselor"], ctx.people["coordinator"]
    services = {}
    for name, org, kind, languages, sites, hours, phone, email, urgencies, en, id_ in SERVICES:
        service, _created = Service.objects.update_or_create(
            name=name,
            defaults={
                "organization": org,
                "kind": kind,
                "languages": languages,
                "sites": sites,
                "hours": hours,
                "phone": phone,
                "email": email,
                "urgencies": urgencies,
                "description_en": en,
                "description_id": id_,
            },
        )
        services[kind] = service
    internal = services[ServiceKind.INTERNAL_COUNSELING]
    internal.counselors.add(counselor)
    internal.backup_counselor = counselor
    internal.save(update_fields=["backup_counselor"])
    now = timezone.now()
    if not internal.shifts.filter(ends_at__gt=now).exists():
        start = now.replace(hour=0, minute=0, second=0, microsecond=0)
        internal.shifts.create(
            counselor=counselor, starts_at=start, ends_at=start + timedelta(days=7)
        )
    for username, trigger, stage, summary in REFERRALS:
        participant = ctx.people[username]
        if Referral.objects.filter(participant=participant).exists():
            continue
        referral = referral_raise(
            participant=participant,
            raised_by=coordinator,
            source=ReferralSource.COORDINATOR,
            trigger=trigger,
            summary=summary,
            consent=Consent(True),
            service=internal,
        )
        _advance(referral, stage, counselor)


def _advance(referral: Referral, stage: str, counselor: object) -> None:
    if stage == "submitted":
        return
    if stage == "declined":
        referral_decline(
            referral=referral,
            actor=counselor,
            reason="Tidak ada konselor berbahasa Jawa minggu ini.",
        )
        return
    referral_acknowledge(referral=referral, actor=counselor)
    if stage == "acknowledged":
        return
    referral_accept(referral=referral, actor=counselor)
    if stage == "accepted":
        return
    referral_start(referral=referral, actor=counselor, note="Telepon pertama, janji temu Kamis.")
    if stage == "closed":
        referral_close(
            referral=referral, actor=counselor, successful=True, note="Lima sesi selesai."
        )
