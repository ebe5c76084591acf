import pytest
from django.conf import settings
from django.urls import reverse

from peersupport.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_switching_language_remembers_the_choice_for_a_signed_in_person(client, employee):
    client.force_login(employee)

    response = client.post(reverse("set_language"), {"language": "id", "next": "/"})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "id"
    employee.refresh_from_db()
    assert employee.preferred_language == "id"
    assert AuditEntry.objects.filter(action="user.language_changed", actor=employee).exists()


def test_a_visitor_can_switch_language_on_the_sign_in_page(client):
    response = client.post(reverse("set_language"), {"language": "id", "next": "/accounts/login/"})

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "id"
    page = client.get(reverse("login")).content.decode()
    assert "Masuk" in page


@pytest.mark.parametrize("language", ["xx", "", "<script>", "en" * 500])
def test_an_unknown_language_changes_nothing_and_is_no_error(client, employee, language):
    client.force_login(employee)

    response = client.post(reverse("set_language"), {"language": language, "next": "/"})

    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.preferred_language == "en"


def test_the_switch_never_redirects_to_another_site(client):
    response = client.post(
        reverse("set_language"), {"language": "id", "next": "https://evil.example/"}
    )

    assert response.url == "/"


def test_every_page_offers_the_language_switch(client, employee):
    for url in [reverse("login"), reverse("password_reset")]:
        assert 'action="/i18n/setlang/"' in client.get(url).content.decode()
    client.force_login(employee)
    assert 'action="/i18n/setlang/"' in client.get(reverse("home")).content.decode()
