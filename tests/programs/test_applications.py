import pytest
from django.core import mail
from django.urls import reverse

from peersupport.models import User
from programs.models import ApplicationStatus, SupporterApplication, SupporterProfile
from programs.services import ApplicationNotOpen, application_approve, application_decline

pytestmark = pytest.mark.django_db

FORM = {
    "motivation": "I came back after a back injury and want to help others do the same.",
    "lived_experience": ["returned_after_injury"],
    "lived_experience_note": "",
    "topics": ["return_to_work", "injury"],
    "languages": ["id", "jv"],
    "site": "Surabaya",
    "meeting_modes": ["in_person", "video"],
    "availability": ["mon_am", "wed_pm"],
    "capacity": 2,
}


def apply(client, **changes):
    return client.post(reverse("programs:apply"), {**FORM, **changes})


def test_an_employee_applies_and_the_coordinators_are_told(
    client, employee, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(employee)

    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client)

    assert response.status_code == 302
    application = SupporterApplication.objects.get(applicant=employee)
    assert application.topics == ["return_to_work", "injury"]
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    waiting = client.get(reverse("programs:apply")).content.decode()
    assert "The coordinator will reply by e-mail." in waiting


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"motivation": "help"}, "at least 20 characters"),
        ({"topics": []}, "This field is required."),
        ({"topics": ["astrology"]}, "Select a valid choice."),
        ({"languages": ["xx"]}, "Select a valid choice."),
        ({"capacity": "many"}, "Enter a whole number."),
        ({"capacity": 0}, "greater than or equal to 1"),
        ({"availability": []}, "This field is required."),
        ({"motivation": "x" * 2001}, "at most 2000 characters"),
    ],
)
def test_bad_application_input_is_refused_and_nothing_is_saved(client, employee, changes, message):
    client.force_login(employee)

    response = apply(client, **changes)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SupporterApplication.objects.exists()


def test_approving_makes_the_applicant_a_supporter_and_tells_them(
    employee, coordinator, django_capture_on_commit_callbacks
):
    application = SupporterApplication.objects.create(applicant=employee, **{**FORM, "capacity": 4})

    with django_capture_on_commit_callbacks(execute=True):
        profile = application_approve(application=application, actor=coordinator)

    assert User.objects.get(pk=employee.pk).roles == {"employee", "supporter"}
    assert profile.capacity == 4 and profile.topics == ["return_to_work", "injury"]
    assert mail.outbox[0].to == [employee.email]
    with pytest.raises(ApplicationNotOpen):
        application_approve(application=application, actor=coordinator)


def test_declining_needs_a_reason_and_tells_the_applicant_why(
    employee, coordinator, django_capture_on_commit_callbacks
):
    application = SupporterApplication.objects.create(applicant=employee, **FORM)
    with pytest.raises(ValueError):
        application_decline(application=application, actor=coordinator, reason="  ")

    with django_capture_on_commit_callbacks(execute=True):
        application_decline(
            application=application, actor=coordinator, reason="Please wait a year."
        )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    assert "Please wait a year." in mail.outbox[0].body
    assert not SupporterProfile.objects.filter(user=employee).exists()


def test_a_coordinator_approves_in_the_admin(client, coordinator, employee):
    application = SupporterApplication.objects.create(applicant=employee, **FORM)
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:programs_supporterapplication_changelist"),
        {"action": "approve", "_selected_action": [application.pk]},
        follow=True,
    )

    assert "1 application approved" in response.content.decode()
    assert SupporterProfile.objects.filter(user=employee).exists()


def test_a_coordinator_declines_in_the_admin_only_with_a_reason(client, coordinator, employee):
    application = SupporterApplication.objects.create(applicant=employee, **FORM)
    client.force_login(coordinator)
    url = reverse("admin:programs_supporterapplication_changelist")
    selected = {"action": "decline", "_selected_action": [application.pk]}

    asked = client.post(url, selected)
    assert "with the reason you write here" in asked.content.decode()
    empty = client.post(url, {**selected, "reason": "   "})
    assert "This field is required." in empty.content.decode()
    assert SupporterApplication.objects.get().status == ApplicationStatus.SUBMITTED

    client.post(url, {**selected, "reason": "Not this round."})

    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    assert application.decline_reason == "Not this round."


def test_a_supporter_is_sent_to_their_page_instead_of_applying(client, supporter):
    client.force_login(supporter)

    assert client.get(reverse("programs:apply")).url == reverse("programs:supporter_home")


def test_plain_text_e_mails_keep_apostrophes_and_ampersands(
    coordinator, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    applicant = UserFactory(full_name="Siti O'Neil & Co", preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        application_submit_for(applicant)

    assert mail.outbox[0].subject == "Siti O'Neil & Co applied to become a peer supporter"
    assert "Siti O'Neil & Co applied" in mail.outbox[0].body


def application_submit_for(applicant):
    from programs.services import application_submit

    data = {key: value for key, value in FORM.items()}
    return application_submit(applicant=applicant, data=data)


def test_a_second_application_while_one_waits_is_refused_by_the_database_rule(employee):
    from django.core.exceptions import ValidationError

    application_submit_for(employee)

    with pytest.raises(ValidationError):
        application_submit_for(employee)
