"""What generated people, requests and sessions are made of."""

from datetime import timedelta

HISTORY_WEEKS = 104
USERNAME_PREFIX = "scale-"
COORDINATOR_USERNAME = "scale-coordinator"
CONSENT_VERSION = "2026-1"

SITES = {
    "Jakarta": 30,
    "Cikarang": 9,
    "Surabaya": 12,
    "Bandung": 10,
    "Medan": 8,
    "Semarang": 7,
    "Makassar": 6,
    "Balikpapan": 5,
    "Batam": 5,
    "Karawang": 4,
    "Denpasar": 2,
    "Palembang": 2,
}
DEPARTMENTS = [
    "Produksi",
    "Gudang",
    "Logistik",
    "Keuangan",
    "Sumber Daya Manusia",
    "Teknologi Informasi",
    "Penjualan",
    "Pemasaran",
    "Layanan Pelanggan",
    "Pengadaan",
    "Hukum",
    "Kesehatan dan Keselamatan Kerja",
    "Riset dan Pengembangan",
    "Pemeliharaan",
    "Mutu",
    "Administrasi",
]
FIRST_NAMES = [
    *("Agus", "Budi", "Dewi", "Eko", "Fitri", "Gita", "Hendra", "Indah", "Joko", "Kartika"),
    *("Lestari", "Made", "Nur", "Putri", "Rina", "Sari", "Teguh", "Wahyu", "Yuni", "Andi"),
    *("Bayu", "Citra", "Dimas", "Endah", "Fajar", "Galih", "Hana", "Irfan", "Krisna", "Lina"),
    *("Maya", "Nanda", "Oki", "Purnama", "Ratna", "Siti", "Tri", "Umar", "Vina", "Wulan"),
    *("Yoga", "Zahra", "Ketut", "Wayan", "Nyoman"),
]
LAST_NAMES = [
    *("Pratama", "Santoso", "Lestari", "Wijaya", "Saputra", "Hidayat", "Kusuma", "Nugroho"),
    *("Rahayu", "Setiawan", "Siregar", "Nasution", "Harahap", "Simanjuntak", "Sitompul"),
    *("Gunawan", "Halim", "Tanjung", "Wibowo", "Utomo", "Purba", "Sinaga", "Putra", "Hakim"),
    *("Susanto", "Suryadi", "Hartono", "Sudirman", "Wirawan"),
]
TOPICS = {
    "peer_support": ["stress", "workload", "bereavement", "caregiving", "work_life", "finances"],
    "mentoring": ["career", "leadership", "new_starter", "relationships_at_work", "workload"],
    "return_to_work": ["return_to_work", "injury", "chronic_illness", "stress", "workload"],
}
MODES = ["in_person", "video", "phone", "chat"]
MODE_WEIGHTS = [35, 35, 20, 10]
MINUTES = [20, 30, 30, 45, 45, 45, 60, 60, 90]
NOTES = [
    "Talked about the week at work and what helped.",
    "Went through the return plan for next week; energy is better in the mornings.",
    "Mostly listened. Agreed to meet again next week.",
    "Discussed sleep and workload; will raise priorities with the team lead.",
    "Shared my own experience of coming back after leave.",
    "",
]
# Boundary triggers: about one session in forty has one.
TRIGGERS = {
    "beyond_scope": 35,
    "disclosed_risk": 25,
    "workplace_adjustment": 25,
    "supporter_distress": 12,
    "imminent_risk": 3,
}
TRIGGER_RATE = 0.025
URGENCY = {
    "imminent_risk": ("emergency", timedelta(hours=1)),
    "disclosed_risk": ("priority", timedelta(hours=24)),
    "beyond_scope": ("routine", timedelta(hours=72)),
    "workplace_adjustment": ("routine", timedelta(hours=72)),
}
OUTCOME_REASONS = ["not_reached", "declined_by_participant", "no_capacity", "referred_onward"]
PROGRAMS = [
    ("Peer support", "Dukungan sebaya", "peer_support", 5),
    ("Mentoring", "Pendampingan karier", "mentoring", 2),
    ("Return to work", "Kembali bekerja", "return_to_work", 4),
]
