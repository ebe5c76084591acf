"""The five core training modules of a peer supporter, in English and Indonesian."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

CORE_MODULES = [
    {
        "code": "active-listening",
        "title_en": "Active listening",
        "title_id": "Mendengarkan secara aktif",
        "description_en": (
            "Listening to understand: attention, open questions, reflecting back, "
            "silence, and not rushing to fix."
        ),
        "description_id": (
            "Mendengarkan untuk memahami: perhatian penuh, pertanyaan terbuka, memantulkan "
            "kembali, memberi ruang hening, dan tidak terburu-buru memberi solusi."
        ),
    },
    {
        "code": "role-boundaries",
        "title_en": "Role boundaries",
        "title_id": "Batasan peran",
        "description_en": (
            "What a peer supporter does and does not do, and when and how to hand a case "
            "to a professional."
        ),
        "description_id": (
            "Apa yang dilakukan dan tidak dilakukan pendamping sebaya, serta kapan dan "
            "bagaimana menyerahkan kasus kepada profesional."
        ),
    },
    {
        "code": "conflict-management",
        "title_en": "Conflict management",
        "title_id": "Manajemen konflik",
        "description_en": (
            "Staying steady in hard conversations, de-escalation, and helping a colleague "
            "think through a conflict at work."
        ),
        "description_id": (
            "Tetap tenang dalam percakapan sulit, meredakan ketegangan, dan membantu rekan "
            "memikirkan konflik di tempat kerja."
        ),
    },
    {
        "code": "ethics-confidentiality",
        "title_en": "Ethics and confidentiality",
        "title_id": "Etika dan kerahasiaan",
        "description_en": (
            "Keeping what is shared confidential, its one limit (risk of harm), consent, "
            "and respectful record keeping."
        ),
        "description_id": (
            "Menjaga kerahasiaan apa yang diceritakan, satu-satunya batasnya (risiko "
            "bahaya), persetujuan, dan pencatatan yang menghormati privasi."
        ),
    },
    {
        "code": "mental-health-basics",
        "title_en": "Mental-health basics",
        "title_id": "Dasar-dasar kesehatan mental",
        "description_en": (
            "Common conditions, signs that someone needs professional help, and the "
            "crisis protocol."
        ),
        "description_id": (
            "Kondisi yang umum, tanda-tanda seseorang membutuhkan bantuan profesional, "
            "dan protokol krisis."
        ),
    },
]


def create_modules(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    TrainingModule = apps.get_model("programs", "TrainingModule")
    for module in CORE_MODULES:
        TrainingModule.objects.update_or_create(
            code=module["code"], defaults={**module, "validity_months": 24}
        )


def remove_modules(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    TrainingModule = apps.get_model("programs", "TrainingModule")
    TrainingModule.objects.filter(
        code__in=[module["code"] for module in CORE_MODULES], records__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]

    operations = [migrations.RunPython(create_modules, remove_modules)]
