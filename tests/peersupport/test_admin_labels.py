"""Every input of the admin has a name a screen reader says (issue #15, WCAG 4.1.2): the
split date and time inputs and the inputs of a tabular inline have no <label> of their
own, so the admin gives them one (peersupport/admin_base.py)."""

import pytest
from django.urls import reverse

from tests.programs.factories import SupporterProfileFactory

pytestmark = pytest.mark.django_db


def test_the_split_date_and_time_inputs_are_named_after_their_field(client, coordinator):
    profile = SupporterProfileFactory()
    client.force_login(coordinator)

    page = client.get(
        reverse("admin:programs_supporterprofile_change", args=[profile.pk])
    ).content.decode()

    assert 'aria-label="Approved: date"' in page
    assert 'aria-label="Approved: time"' in page


def test_the_inputs_of_a_tabular_inline_are_named_after_their_column(client, coordinator):
    client.force_login(coordinator)

    page = client.get(reverse("admin:referrals_service_add")).content.decode()

    assert 'aria-label="Counselor"' in page
    assert 'aria-label="Starts: date"' in page
    assert 'aria-label="Ends: time"' in page
    # The sites' value is not repeated in a hidden input (which may carry no aria-*).
    assert 'name="initial-sites"' not in page
