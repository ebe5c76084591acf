import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from peersupport.models import (
    AccountToken,
    AuditEntry,
    HrImport,
    HrImportStatus,
    Notification,
    User,
)
from peersupport.roles import Role
from peersupport.seams import leaver_handlers
from peersupport.services.hr_import import (
    ImportFileError,
    ImportNotApplicable,
    hr_file_read,
    hr_import_apply,
    hr_import_create,
    hr_import_plan,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HEADER = "employee_id,full_name,email,department,site,line_manager_id,gender,languages,status\n"
FIRST = (
    HEADER
    + "1001,Hendra Wijaya,hendra@corp.co.id,Logistik,Surabaya,,male,id;jv,active\n"
    + "1002,Agus Pratama,agus@corp.co.id,Logistik,Surabaya,1001,L,Indonesian;Javanese,\n"
    + "1003,Siti Rahmawati,siti@corp.co.id,Keuangan,Jakarta,1004,perempuan,id,aktif\n"
    + "1004,Dewi Lestari,dewi@corp.co.id,HR,Jakarta,,female,id;en,active\n"
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def run_import(coordinator, text, *, invite=False, name="hr.csv"):
    hr_import = hr_import_create(name=name, content=text.encode(), actor=coordinator)
    return hr_import_apply(hr_import=hr_import, actor=coordinator, send_invitations=invite)


def test_it_creates_people_as_employees_with_their_managers_linked_in_any_order(coordinator):
    summary = run_import(coordinator, FIRST)

    assert summary["create"] == 4
    siti = User.objects.get(employee_id="1003")
    assert siti.line_manager.employee_id == "1004"  # the manager comes after her in the file
    assert User.objects.get(employee_id="1002").line_manager.full_name == "Hendra Wijaya"
    agus = User.objects.get(employee_id="1002")
    assert agus.gender == "male"
    assert agus.languages == ["id", "jv"]
    assert agus.roles == {"employee"}
    assert not agus.has_usable_password()
    assert AuditEntry.objects.filter(action="user.imported").count() == 4


def test_running_the_same_file_twice_changes_nothing(coordinator):
    run_import(coordinator, FIRST)
    before = list(User.objects.order_by("pk").values())
    audit_before = AuditEntry.objects.exclude(action__startswith="hr_import").count()

    summary = run_import(coordinator, FIRST)

    assert summary["unchanged"] == 4
    assert summary["create"] == summary["update"] == 0
    assert list(User.objects.order_by("pk").values()) == before
    assert AuditEntry.objects.exclude(action__startswith="hr_import").count() == audit_before


def test_a_later_file_updates_people_and_reports_what_changed(coordinator):
    run_import(coordinator, FIRST)
    later = FIRST.replace(
        "1003,Siti Rahmawati,siti@corp.co.id,Keuangan", "1003,Siti Rahmawati,siti@corp.co.id,Audit"
    )

    plan = hr_import_plan(rows=hr_file_read(name="hr.csv", content=later.encode()))

    row = next(r for r in plan.rows if r.employee_id == "1003")
    assert row.action == "update"
    assert row.change_labels == ["department"]
    run_import(coordinator, later)
    assert User.objects.get(employee_id="1003").department == "Audit"


def test_a_file_that_leaves_someone_out_deletes_nobody(coordinator):
    run_import(coordinator, FIRST)

    run_import(
        coordinator,
        HEADER + "1001,Hendra Wijaya,hendra@corp.co.id,Logistik,Surabaya,,male,id;jv,\n",
    )

    assert User.objects.filter(employee_id__in=["1001", "1002", "1003", "1004"]).count() == 4


def test_a_leaver_loses_access_at_once_and_coordinators_are_told(client, coordinator, monkeypatch):
    run_import(coordinator, FIRST)
    agus = User.objects.get(employee_id="1002")
    agus.set_password("agus-password-123")
    agus.save()
    client.force_login(agus)
    assert client.get(reverse("home")).status_code == 200
    received = []
    # A handler of a test app, beside the real ones, for this test only.
    monkeypatch.setitem(
        leaver_handlers._entries, "tests", lambda users, actor: received.extend(users)
    )

    summary = run_import(
        coordinator, FIRST.replace("Indonesian;Javanese,", "Indonesian;Javanese,left")
    )

    assert summary["leave"] == 1
    agus.refresh_from_db()
    assert not agus.is_active
    assert agus.left_at is not None
    assert client.get(reverse("home")).status_code == 302  # the open session no longer works
    assert [u.pk for u in received] == [agus.pk]
    note = Notification.objects.get(kind="people_left", recipient=coordinator)
    assert note.context["names"] == ["Agus Pratama"]


def test_a_leaver_who_is_rehired_gets_access_back(coordinator):
    run_import(coordinator, FIRST)
    run_import(coordinator, FIRST.replace("Indonesian;Javanese,", "Indonesian;Javanese,left"))

    summary = run_import(coordinator, FIRST)

    assert summary["update"] == 1
    agus = User.objects.get(employee_id="1002")
    assert agus.is_active
    assert agus.left_at is None


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("1005,,x@corp.co.id,HR,Jakarta,,,,", "The full name is missing."),
        (",Nama,x@corp.co.id,HR,Jakarta,,,,", "The employee id is missing."),
        ("1005,Nama,not-an-email,HR,Jakarta,,,,", "is not a valid e-mail address"),
        ("1005,Nama,x@corp.co.id,HR,Jakarta,9999,,,", "Line manager 9999 is neither in the file"),
        ("1005,Nama,x@corp.co.id,HR,Jakarta,1005,,,", "cannot be their own line manager"),
        ("1005,Nama,x@corp.co.id,HR,Jakarta,,robot,,", "Unknown gender"),
        ("1005,Nama,x@corp.co.id,HR,Jakarta,,,klingon,", "Unknown language"),
        ("1005,Nama,x@corp.co.id,HR,Jakarta,,,,maybe", "Unknown status"),
        ("1005,Nama,agus@corp.co.id,HR,Jakarta,,,,", "is also on line 3"),
        ("1002,Nama,other@corp.co.id,HR,Jakarta,,,,", "Employee id 1002 is also on line 3"),
        ("1005," + "N" * 201 + ",x@corp.co.id,HR,Jakarta,,,,", "longer than 200"),
    ],
)
def test_a_bad_row_is_refused_with_its_reason_and_nothing_is_written(coordinator, line, reason):
    text = FIRST + line + "\n"
    hr_import = hr_import_create(name="hr.csv", content=text.encode(), actor=coordinator)

    plan = hr_import_plan(rows=hr_import.rows)

    refused = [r for r in plan.rows if r.errors]
    assert [r.line for r in refused] == [6]
    assert reason in " ".join(refused[0].errors)
    with pytest.raises(ImportNotApplicable):
        hr_import_apply(hr_import=hr_import, actor=coordinator, send_invitations=True)
    assert not User.objects.filter(employee_id__in=["1001", "1002", "1005"]).exists()
    assert not Notification.objects.exists()


def test_an_email_of_another_person_is_refused(coordinator):
    UserFactory(email="agus@corp.co.id", employee_id="77")

    plan = hr_import_plan(rows=hr_file_read(name="hr.csv", content=FIRST.encode()))

    row = next(r for r in plan.rows if r.employee_id == "1002")
    assert "belongs to another person" in row.errors[0]


def test_a_person_who_signed_up_is_linked_instead_of_duplicated(coordinator):
    signed_up = UserFactory(email="agus@corp.co.id", employee_id="", full_name="agus p")

    run_import(coordinator, FIRST)

    signed_up.refresh_from_db()
    assert signed_up.employee_id == "1002"
    assert signed_up.full_name == "Agus Pratama"
    assert User.objects.filter(email__iexact="agus@corp.co.id").count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("hr.pdf", b"%PDF", "Upload a CSV or XLSX file."),
        ("hr.csv", b"", "The file is empty."),
        ("hr.csv", b"name,department\nA,B\n", "no column for: employee_id, email"),
        ("hr.csv", HEADER.encode(), "no rows"),
        ("hr.xlsx", b"not a zip", "not a readable XLSX"),
        ("hr.csv", b"\x00\x01\x02", "not a CSV"),
    ],
)
def test_a_bad_file_is_refused_as_a_whole(coordinator, name, content, message):
    with pytest.raises(ImportFileError, match=message):
        hr_import_create(name=name, content=content, actor=coordinator)

    assert not HrImport.objects.exists()


def test_it_reads_xlsx_with_indonesian_headers_and_numeric_ids(coordinator):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["NIK", "Nama Lengkap", "Email Kantor", "Departemen", "Lokasi", "ID Atasan"])
    sheet.append([2001, "Putu Ayu", "putu@corp.co.id", "Produksi", "Denpasar", None])
    sheet.append([2002, "Made Wirawan", "made@corp.co.id", "Produksi", "Denpasar", 2001])
    buffer = io.BytesIO()
    workbook.save(buffer)

    hr_import = hr_import_create(name="HR.XLSX", content=buffer.getvalue(), actor=coordinator)
    hr_import_apply(hr_import=hr_import, actor=coordinator, send_invitations=False)

    assert User.objects.get(employee_id="2002").line_manager.employee_id == "2001"


def test_a_semicolon_csv_from_excel_in_cp1252_is_read(coordinator):
    text = FIRST.replace(";", "/").replace(",", ";")
    text = text.replace("Siti Rahmawati", "Siti Rahmawatí")

    rows = hr_file_read(name="hr.csv", content=text.encode("cp1252"))

    assert rows[2]["full_name"] == "Siti Rahmawatí"
    assert not hr_import_plan(rows=rows).has_errors


def test_an_import_applies_once(coordinator):
    hr_import = hr_import_create(name="hr.csv", content=FIRST.encode(), actor=coordinator)
    hr_import_apply(hr_import=hr_import, actor=coordinator, send_invitations=False)

    with pytest.raises(ImportNotApplicable):
        hr_import_apply(hr_import=hr_import, actor=coordinator, send_invitations=False)


def test_new_people_are_invited_through_the_outbox(coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        summary = run_import(coordinator, FIRST, invite=True)

    assert summary["invited"] == 4
    assert AccountToken.objects.filter(purpose="invitation", used_at__isnull=True).count() == 4
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["hendra@corp.co.id", "agus@corp.co.id", "siti@corp.co.id", "dewi@corp.co.id"]
    )
    assert "/accounts/invitation/" in mail.outbox[0].body


# --- the admin pages ----------------------------------------------------------------


def upload(client, text, name="hr.csv"):
    file = io.BytesIO(text.encode())
    file.name = name
    return client.post(reverse("admin:peersupport_user_import"), {"file": file})


def test_a_coordinator_previews_then_confirms_an_import_in_the_admin(client, coordinator):
    client.force_login(coordinator)

    preview = upload(client, FIRST)
    assert preview.status_code == 302
    page = client.get(preview.url)
    assert "New people" in page.content.decode()
    assert not User.objects.filter(employee_id="1001").exists()  # a preview writes nothing

    done = client.post(preview.url, {"send_invitations": "on", "apply": "1"}, follow=True)

    assert "4 people added" in done.content.decode()
    assert User.objects.filter(employee_id__in=["1001", "1002", "1003", "1004"]).count() == 4
    assert HrImport.objects.get().status == HrImportStatus.APPLIED


def test_the_preview_lists_refused_rows_and_offers_no_import(client, coordinator):
    client.force_login(coordinator)

    preview = upload(client, FIRST + "1005,,x@corp.co.id,HR,Jakarta,,,,\n")
    page = client.get(preview.url).content.decode()

    assert "The full name is missing." in page
    assert 'name="apply"' not in page
    client.post(preview.url, {"apply": "1"})
    assert not User.objects.filter(employee_id="1001").exists()


def test_a_bad_file_gets_a_message_in_the_form(client, coordinator):
    client.force_login(coordinator)

    response = upload(client, "hello", name="notes.docx")

    assert response.status_code == 200
    assert "Upload a CSV or XLSX file." in response.content.decode()


def test_discarding_an_import_writes_nothing(client, coordinator):
    client.force_login(coordinator)
    preview = upload(client, FIRST)

    client.post(preview.url, {"discard": "1"})

    assert HrImport.objects.get().status == HrImportStatus.DISCARDED
    assert not User.objects.filter(employee_id="1001").exists()


@pytest.mark.parametrize("role", ["supporter", "other_supporter", "counselor", "employee"])
def test_only_coordinators_reach_the_import(client, cast, role):
    hr_import = hr_import_create(name="hr.csv", content=FIRST.encode(), actor=cast["coordinator"])
    client.force_login(cast[role])

    for url in [
        reverse("admin:peersupport_user_import"),
        reverse("admin:peersupport_hrimport_preview", args=[hr_import.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_a_coordinator_resends_an_invitation_and_the_old_link_stops_working(
    client, coordinator, django_capture_on_commit_callbacks
):
    person = UserFactory(password=None, roles=[Role.EMPLOYEE])
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            client.post(
                reverse("admin:peersupport_user_changelist"),
                {"action": "invite", "_selected_action": [person.pk]},
            )

    first_link, second_link = (
        m.body.split("/accounts/invitation/")[1].split("/")[0] for m in mail.outbox
    )
    assert client.get(reverse("invitation_accept", args=[first_link])).status_code == 404
    assert client.get(reverse("invitation_accept", args=[second_link])).status_code == 200


def test_an_admin_user_without_import_rights_is_refused(client, coordinator):
    clerk = UserFactory(is_staff=True)
    hr_import = hr_import_create(name="hr.csv", content=FIRST.encode(), actor=coordinator)
    client.force_login(clerk)

    assert client.get(reverse("admin:peersupport_user_import")).status_code == 403
    preview = reverse("admin:peersupport_hrimport_preview", args=[hr_import.pk])
    assert client.post(preview, {"apply": "1"}).status_code == 403
    assert not User.objects.filter(employee_id="1001").exists()


def test_a_manager_marked_as_left_who_was_never_imported_is_no_manager(coordinator):
    text = HEADER + (
        "3001,Ghost Manager,ghost@corp.co.id,HR,Jakarta,,,,left\n"
        "3002,Report,report@corp.co.id,HR,Jakarta,3001,,,\n"
    )

    plan = hr_import_plan(rows=hr_file_read(name="hr.csv", content=text.encode()))

    assert [r.action for r in plan.rows] == ["skip", "error"]
    assert "Line manager 3001 is neither in the file nor known." in plan.rows[1].errors


def test_re_running_a_file_with_leavers_and_managers_changes_nothing(coordinator):
    text = FIRST.replace("Indonesian;Javanese,", "Indonesian;Javanese,left") + (
        "1005,Unknown Leaver,gone@corp.co.id,HR,Jakarta,,,,left\n"
    )
    run_import(coordinator, FIRST)
    run_import(coordinator, text)

    summary = run_import(coordinator, text)

    assert summary["update"] == summary["create"] == summary["leave"] == 0
    assert summary["unchanged"] == 4 and summary["skip"] == 1


def test_an_email_stored_in_another_case_is_recognised(coordinator):
    UserFactory(email="Boss@Corp.co.id", employee_id="")

    summary = run_import(coordinator, FIRST.replace("dewi@corp.co.id", "boss@corp.co.id"))

    assert summary["create"] == 3 and summary["update"] == 1
    assert User.objects.get(employee_id="1004").email.lower() == "boss@corp.co.id"


def test_ids_that_differ_only_in_case_are_refused_not_a_crash(coordinator):
    text = HEADER + "A1,One,one@corp.co.id,HR,Jakarta,,,,\na1,Two,two@corp.co.id,HR,Jakarta,,,,\n"

    plan = hr_import_plan(rows=hr_file_read(name="hr.csv", content=text.encode()))

    assert "Employee id a1 is also on line 2." in plan.rows[1].errors


def test_an_address_too_long_for_the_column_is_refused(coordinator):
    long_address = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".id"
    text = HEADER + f"4001,Long,{long_address},HR,Jakarta,,,,\n"

    plan = hr_import_plan(rows=hr_file_read(name="hr.csv", content=text.encode()))

    assert "is not a valid e-mail address" in plan.rows[0].errors[0]


def test_an_id_with_slashes_gets_a_valid_user_name(client, coordinator):
    run_import(coordinator, HEADER + "KRY/2020/001,Slash,slash@corp.co.id,HR,Jakarta,,,,\n")
    person = User.objects.get(employee_id="KRY/2020/001")

    assert person.username == "kry-2020-001"
    person.full_clean()
    client.force_login(person)
    assert client.post(reverse("set_language"), {"language": "id"}).status_code == 302


def xlsx_bytes(build) -> bytes:
    workbook = Workbook()
    build(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_damaged_xlsx_is_refused_as_a_whole(coordinator):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types><broken")
        archive.writestr("xl/workbook.xml", "<workbook")
    with pytest.raises(ImportFileError):
        hr_import_create(name="hr.xlsx", content=buffer.getvalue(), actor=coordinator)


def test_a_sparse_xlsx_with_a_far_away_cell_is_read_quickly(coordinator, settings):
    settings.HR_IMPORT_MAX_ROWS = 50

    def build(workbook):
        sheet = workbook.active
        sheet.append(["employee_id", "full_name", "email"])
        sheet.append(["5001", "Near", "near@corp.co.id"])
        sheet.cell(row=5000, column=16000, value="far away")
        for row in range(100, 200):
            sheet.cell(row=row, column=1, value=str(row))

    with pytest.raises(ImportFileError, match="at most 50"):
        hr_import_create(name="hr.xlsx", content=xlsx_bytes(build), actor=coordinator)
