"""What HR exports call their columns and values, and how the preview names a change."""

from django.utils.translation import gettext_lazy

from peersupport.models import Gender

# Each column with the header names HR systems use for it (compared case-insensitively,
# spaces and hyphens read as underscores).
COLUMNS: dict[str, set[str]] = {
    "employee_id": {"employee_id", "employee_number", "id_karyawan", "nik", "nomor_induk"},
    "full_name": {"full_name", "name", "nama", "nama_lengkap"},
    "email": {"email", "e_mail", "work_email", "work_e_mail", "email_kantor"},
    "department": {"department", "departemen", "divisi", "bagian"},
    "site": {"site", "location", "lokasi", "lokasi_kerja"},
    "line_manager_id": {
        "line_manager_id",
        "line_manager",
        "manager_employee_id",
        "manager_id",
        "id_atasan",
        "atasan",
    },
    "gender": {"gender", "sex", "jenis_kelamin"},
    "languages": {"languages", "language", "bahasa"},
    "status": {"status", "employment_status", "status_karyawan"},
}
REQUIRED_COLUMNS = ("employee_id", "full_name", "email")

GENDERS = {
    "female": Gender.FEMALE,
    "f": Gender.FEMALE,
    "perempuan": Gender.FEMALE,
    "p": Gender.FEMALE,
    "wanita": Gender.FEMALE,
    "male": Gender.MALE,
    "m": Gender.MALE,
    "laki-laki": Gender.MALE,
    "laki laki": Gender.MALE,
    "l": Gender.MALE,
    "pria": Gender.MALE,
    "other": Gender.OTHER,
    "lainnya": Gender.OTHER,
    "": Gender.UNDISCLOSED,
}
STATUSES = {
    "": "active",
    "active": "active",
    "aktif": "active",
    "left": "left",
    "leaver": "left",
    "terminated": "left",
    "resigned": "left",
    "keluar": "left",
    "berhenti": "left",
    "resign": "left",
}
LANGUAGE_NAMES = {
    "indonesian": "id",
    "bahasa indonesia": "id",
    "english": "en",
    "inggris": "en",
    "bahasa inggris": "en",
    "javanese": "jv",
    "jawa": "jv",
    "bahasa jawa": "jv",
    "sundanese": "su",
    "sunda": "su",
    "bahasa sunda": "su",
    "malay": "ms",
    "melayu": "ms",
    "mandarin": "zh",
    "chinese": "zh",
    "balinese": "ban",
    "bali": "ban",
    "minangkabau": "min",
    "minang": "min",
}
EMAIL_MAX_LENGTH = 254
FIELD_LIMITS = {"employee_id": 40, "full_name": 200, "department": 120, "site": 120}
COLUMN_LABELS = {
    "employee_id": gettext_lazy("Employee id"),
    "full_name": gettext_lazy("Full name"),
    "department": gettext_lazy("Department"),
    "site": gettext_lazy("Site"),
}
# How the preview names each change.
CHANGE_LABELS = {
    "full_name": gettext_lazy("full name"),
    "email": gettext_lazy("work e-mail"),
    "department": gettext_lazy("department"),
    "site": gettext_lazy("site"),
    "gender": gettext_lazy("gender"),
    "languages": gettext_lazy("languages spoken"),
    "employee_id": gettext_lazy("employee id"),
    "line_manager": gettext_lazy("line manager"),
    "rejoined": gettext_lazy("rejoined the company"),
    "confirmed_by_hr": gettext_lazy("sign-up confirmed by HR"),
}
# The fields an import sets, in the order the report shows them.
IMPORTED_FIELDS = ["full_name", "email", "department", "site", "gender", "languages"]
