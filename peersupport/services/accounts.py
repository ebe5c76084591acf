"""Getting people in: invitations, sign-up with a work e-mail, and their profile."""

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from peersupport.models import AccountToken, AccountTokenPurpose, User
from peersupport.roles import Role
from peersupport.services.audit import audit_log, audit_log_many
from peersupport.services.notifications import notification_queue, notification_queue_many
from peersupport.services.users import user_grant_role

# A second sign-up for the same address within this pause sends nothing more.
SIGNUP_RESEND_PAUSE = timedelta(minutes=2)


class SignupRefused(Exception):
    """The address cannot sign up here; the message says why, in the user's language."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, _hash(token)


def _link(name: str, token: str) -> str:
    return f"{settings.SITE_URL}{reverse(name, kwargs={'token': token})}"


def email_domain_allowed(email: str) -> bool:
    domain = email.rsplit("@", 1)[-1].lower()
    return domain in {d.lower() for d in settings.SIGNUP_EMAIL_DOMAINS}


def _revoke_open_tokens(
    users: Iterable[User], *, now: timezone.datetime, purpose: str | None = None
) -> None:
    """Links still open for these people stop working (only of `purpose`, if given)."""
    tokens = AccountToken.objects.filter(
        user__in=list(users), used_at__isnull=True, revoked_at__isnull=True
    )
    if purpose is not None:
        tokens = tokens.filter(purpose=purpose)
    tokens.update(revoked_at=now)


@transaction.atomic
def invitations_send(*, users: list[User], actor: User | None) -> int:
    """Invite people who have never signed in to set their password (a 7-day link).

    Earlier links of the same people stop working. Returns how many were invited.
    """
    now = timezone.now()
    invitees = [u for u in users if u.is_active and u.last_login is None and u.left_at is None]
    if not invitees:
        return 0
    _revoke_open_tokens(invitees, now=now, purpose=AccountTokenPurpose.INVITATION)
    expires = now + timedelta(days=settings.INVITATION_VALID_DAYS)
    tokens, contexts = [], []
    for user in invitees:
        token, token_hash = _new_token()
        tokens.append(
            AccountToken(
                user=user,
                purpose=AccountTokenPurpose.INVITATION,
                token_hash=token_hash,
                created_by=actor,
                expires_at=expires,
            )
        )
        contexts.append(
            {
                "invitation_url": _link("invitation_accept", token),
                "valid_days": settings.INVITATION_VALID_DAYS,
                "invited_by": str(actor) if actor else "",
            }
        )
    AccountToken.objects.bulk_create(tokens, batch_size=1000)
    notification_queue_many(recipients=invitees, kind="invitation", contexts=contexts)
    audit_log_many(actor=actor, action="user.invited", targets=invitees)
    return len(invitees)


def account_token_find(*, token: str, purpose: AccountTokenPurpose) -> AccountToken | None:
    """The open, unexpired token behind a link, or None (used, revoked, expired, unknown)."""
    return (
        AccountToken.objects.select_related("user")
        .filter(
            token_hash=_hash(token),
            purpose=purpose,
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__left_at__isnull=True,
        )
        .first()
    )


def _use_token(account_token: AccountToken) -> bool:
    """Mark the token used: a conditional update, so a link works exactly once."""
    now = timezone.now()
    used = AccountToken.objects.filter(
        pk=account_token.pk, used_at__isnull=True, revoked_at__isnull=True
    ).update(used_at=now)
    if used:
        _revoke_open_tokens([account_token.user], now=now)
    return bool(used)


@transaction.atomic
def account_link_complete(*, account_token: AccountToken, password: str) -> User | None:
    """Set the password through an e-mailed link (an invitation or a sign-up).

    A sign-up also activates the account and makes the person an employee. Returns None
    when the link was used meanwhile.
    """
    if not _use_token(account_token):
        return None
    user = account_token.user
    user.set_password(password)
    fields = ["password"]
    if account_token.purpose == AccountTokenPurpose.ACTIVATION:
        user.is_active, user.awaiting_confirmation = True, False
        fields += ["is_active", "awaiting_confirmation"]
    user.save(update_fields=fields)
    if account_token.purpose == AccountTokenPurpose.ACTIVATION:
        user_grant_role(user=user, role=Role.EMPLOYEE, actor=None)
        audit_log(actor=user, action="user.signup_confirmed", target=user)
    else:
        audit_log(actor=user, action="user.invitation_accepted", target=user)
    return user


def _recently_sent(user: User, *, now: timezone.datetime) -> bool:
    return AccountToken.objects.filter(
        user=user,
        purpose=AccountTokenPurpose.ACTIVATION,
        created_at__gt=now - SIGNUP_RESEND_PAUSE,
    ).exists()


@transaction.atomic
def signup_request(*, full_name: str, email: str, language: str) -> None:
    """Start a sign-up: e-mail a link where the owner of the address sets the password.

    Nothing is usable until that link is opened, so typing somebody's address gets
    nobody into their account. A known address gets the link for that person, never a
    second account; an address with a password gets a hint to reset it instead; a person
    who left, or whose account a coordinator closed, gets nothing. The answer on screen
    is the same in every case, so no address is confirmed. A new account keeps
    `language`, the one the person was using: the e-mail and the pages after it speak it.
    Two sign-ups racing for one new address end as one account and one answer.
    """
    if not email_domain_allowed(email):
        raise SignupRefused
    email = User.objects.normalize_email(email).lower()
    now = timezone.now()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        closed = user.left_at is not None or not (user.is_active or user.awaiting_confirmation)
        if closed or _recently_sent(user, now=now):
            return
        if user.has_usable_password():
            _new_token()  # the same work as the other paths: the timing tells nothing
            notification_queue(
                recipient=user,
                kind="signup_existing",
                context={"reset_url": f"{settings.SITE_URL}{reverse('password_reset')}"},
            )
            return
    else:
        user = _signup_account(full_name=full_name, email=email, language=language)
        if user is None:
            return  # a sign-up running at the same moment made the account and sends the link
    _revoke_open_tokens([user], now=now, purpose=AccountTokenPurpose.ACTIVATION)
    token, token_hash = _new_token()
    AccountToken.objects.create(
        user=user,
        purpose=AccountTokenPurpose.ACTIVATION,
        token_hash=token_hash,
        expires_at=now + timedelta(days=settings.SIGNUP_CONFIRMATION_VALID_DAYS),
    )
    notification_queue(
        recipient=user,
        kind="signup_confirm",
        context={
            "confirm_url": _link("signup_confirm", token),
            "valid_days": settings.SIGNUP_CONFIRMATION_VALID_DAYS,
        },
    )


def _signup_account(*, full_name: str, email: str, language: str) -> User | None:
    user = User(
        username=email,
        email=email,
        full_name=full_name,
        is_active=False,
        awaiting_confirmation=True,
        preferred_language=language
        if language in dict(settings.LANGUAGES)
        else settings.LANGUAGE_CODE,
    )
    user.set_unusable_password()
    user.full_clean(exclude=["username", "email"])  # unique: the database decides, below
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        return None
    audit_log(actor=None, action="user.signed_up", target=user)
    return user


@transaction.atomic
def profile_update(*, user: User, changed: list[str]) -> None:
    """Save what a person changed on their own profile (the form already validated)."""
    if not changed:
        return
    user.save(update_fields=changed)
    audit_log(actor=user, action="user.profile_changed", target=user, changes={"fields": changed})
