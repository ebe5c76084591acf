import pytest
from django.urls import reverse

from peersupport.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SECTION_TITLES = {
    "employee": "Support for you",
    "supporter": "Your work as a peer supporter",
    "counselor": "Your referral queue",
    "coordinator": "Running the program",
}


def test_it_sends_a_visitor_who_is_not_signed_in_to_the_sign_in_page(client):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", list(SECTION_TITLES))
def test_each_role_lands_on_a_home_made_for_it_and_sees_no_other_role(client, cast, role):
    user = {"employee": cast["employee"], "supporter": cast["supporter"]}.get(role) or cast[role]
    client.force_login(user)

    page = client.get(reverse("home")).content.decode()

    assert SECTION_TITLES[role] in page
    for other, title in SECTION_TITLES.items():
        if other != role:
            assert title not in page


def test_only_the_coordinator_home_links_to_the_administration(client, cast):
    admin_url = reverse("admin:index")
    for name, user in cast.items():
        client.force_login(user)
        page = client.get(reverse("home")).content.decode()
        assert (f'href="{admin_url}"' in page) == (name == "coordinator"), name


def test_a_person_with_several_roles_sees_a_section_for_each(client):
    user = UserFactory(roles=[Role.EMPLOYEE, Role.SUPPORTER])
    client.force_login(user)

    page = client.get(reverse("home")).content.decode()

    assert SECTION_TITLES["employee"] in page
    assert SECTION_TITLES["supporter"] in page
    assert SECTION_TITLES["coordinator"] not in page


def test_a_person_without_a_role_is_told_whom_to_ask(client):
    client.force_login(UserFactory())

    page = client.get(reverse("home")).content.decode()

    assert "no role in the program yet" in page


def test_the_home_speaks_indonesian_when_asked(client, employee):
    client.force_login(employee)

    page = client.get(reverse("home"), headers={"accept-language": "id"}).content.decode()

    assert "Dukungan untuk Anda" in page
    assert 'lang="id"' in page


@pytest.mark.parametrize("people", [5, 60])
def test_the_home_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, people):
    UserFactory.create_batch(people, roles=[Role.EMPLOYEE])
    user = UserFactory(roles=[Role.EMPLOYEE, Role.SUPPORTER, Role.COORDINATOR])
    client.force_login(user)

    # The session and the person (4), then each role's cards, each counted by one
    # aggregate query (about five per role); the first page after a
    # start also reads the footer's crisis line into the cache.
    with django_assert_max_num_queries(22):
        assert client.get(reverse("home")).status_code == 200
    with django_assert_max_num_queries(21):
        assert client.get(reverse("home")).status_code == 200
