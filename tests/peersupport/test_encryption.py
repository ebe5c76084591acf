import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from peersupport.fields import _fernet
from referrals.models import Referral
from tests.referrals.factories import make_referral, make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def keys(settings):
    old = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    _fernet.cache_clear()
    yield settings
    _fernet.cache_clear()


def stored_summary(referral: Referral) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT summary FROM referrals_referral WHERE id = %s", [referral.pk])
        return cursor.fetchone()[0]


def test_rotating_re_encrypts_with_the_new_key_and_the_text_survives(keys, capsys):
    referral = make_referral(make_service([]), summary="Told me about the overdose last year")
    old_key = keys.FIELD_ENCRYPTION_KEYS[0]
    before = stored_summary(referral)

    new_key = Fernet.generate_key().decode()
    keys.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    _fernet.cache_clear()
    call_command("rotate_encryption_key")

    after = stored_summary(referral)
    assert after != before
    assert (
        Fernet(new_key.encode()).decrypt(after.encode()) == b"Told me about the overdose last year"
    )
    keys.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key can go now
    _fernet.cache_clear()
    assert Referral.objects.get(pk=referral.pk).summary == "Told me about the overdose last year"
    assert "referrals.Referral.summary: 1 value(s)" in capsys.readouterr().out


def test_encrypted_text_cannot_be_searched_by_content(keys):
    with pytest.raises(Exception):  # noqa: B017 (Django raises FieldError)
        list(Referral.objects.filter(summary__icontains="overdose"))
