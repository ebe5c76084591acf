"""The access matrix of every URL of the product: each role of the fixed cast, on the
objects of the cast (tests/security/conftest.py builds them).

A URL added without its row in MATRIX fails
`test_every_url_of_the_product_has_a_row_in_the_matrix`,
so nobody ships a page whose access nobody decided. Objects of others answer 404, never
403, so their ids are not confirmed; POST-only views answer a GET with 405, and their
POST is 404 for everyone the object does not belong to.
"""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from matching.models import Match, SupportRequest
from peersupport.models import User
from programs.models import Enrollment, ReturnToWorkPlan, WellbeingCheckIn
from referrals.models import CounselorNote, Referral, ReferralEvent
from sessions.models import SessionAddendum, SessionLog, SessionLogRevision, SupervisionRequest
from tests.security.conftest import (
    ACTIVATION_TOKEN,
    COUNSELOR_NOTE,
    DESCRIPTION,
    INVITATION_TOKEN,
    SESSION_NOTE,
    SUMMARY,
    World,
)

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "coordinator",
    "supporter",
    "other_supporter",
    "counselor",
    "other_counselor",
    "employee",
    "other_employee",
)

LOGIN = "302 to the sign-in page"
ADMIN = "302 to the admin's sign-in"
GO = "302 elsewhere"

# One row per URL name, one column per role (in the order of ROLES). GET, except where
# POST_MATRIX says what a POST gets. The objects are the cast's: `supporter` supports
# `employee` (the match, its session log, the referral it raised to `counselor`'s
# service); `other_*` are outsiders to all of it.
# fmt: off
MATRIX: dict[str, tuple[Any, ...]] = {
    #                                   anon.  coord. supp.  o.supp couns. o.cou. empl.  o.empl
    "home":                                 (LOGIN, 200,   200,   200,   200,   200,   200,   200),
    "healthz":                              (200,   200,   200,   200,   200,   200,   200,   200),
    "set_language":                         (405,   405,   405,   405,   405,   405,   405,   405),
    "login":                                (200,   GO,    GO,    GO,    GO,    GO,    GO,    GO),
    "logout":                               (405,   405,   405,   405,   405,   405,   405,   405),
    "signup":                               (200,   GO,    GO,    GO,    GO,    GO,    GO,    GO),
    "signup_sent":                          (200,   200,   200,   200,   200,   200,   200,   200),
    # The e-mailed links: whoever holds the token may set that person's password.
    "signup_confirm":                       (200,   200,   200,   200,   200,   200,   200,   200),
    "invitation_accept":                    (200,   200,   200,   200,   200,   200,   200,   200),
    "password_reset_confirm":               (GO,    GO,    GO,    GO,    GO,    GO,    GO,    GO),
    "profile":                              (LOGIN, 200,   200,   200,   200,   200,   200,   200),
    "privacy":                              (LOGIN, 200,   200,   200,   200,   200,   200,   200),
    "privacy_export_json":                  (LOGIN, 200,   200,   200,   200,   200,   200,   200),
    "privacy_export_html":                  (LOGIN, 200,   200,   200,   200,   200,   200,   200),
    "privacy_withdraw":                     (LOGIN, 405,   405,   405,   405,   405,   405,   405),
    "privacy_erasure":                      (LOGIN, 405,   405,   405,   405,   405,   405,   405),
    "two_factor_verify":                    (LOGIN, GO,    GO,    GO,    GO,    GO,    GO,    GO),
    "two_factor_setup":                     (LOGIN, 200,   200,   200,   200,   200,   200,   200),
    "two_factor_recovery_codes":            (LOGIN, GO,    GO,    GO,    GO,    GO,    GO,    GO),
    "password_change":                      (LOGIN, 200,   200,   200,   200,   200,   200,   200),
    "password_change_done":                 (LOGIN, 200,   200,   200,   200,   200,   200,   200),
    "password_reset":                       (200,   200,   200,   200,   200,   200,   200,   200),
    "password_reset_done":                  (200,   200,   200,   200,   200,   200,   200,   200),
    "password_reset_complete":              (200,   200,   200,   200,   200,   200,   200,   200),
    "programs:list":                        (LOGIN, 200,   200,   200,   200,   200,   200,   200),
    "programs:detail":                      (LOGIN, 200,   200,   200,   200,   200,   200,   200),
    # Anyone may apply to become a supporter; a supporter is sent to their page.
    "programs:apply":                       (LOGIN, 200,   GO,    GO,    200,   200,   200,   200),
    "programs:supporter_home":              (LOGIN, 404,   200,   200,   404,   404,   404,   404),
    "programs:supporter_edit":              (LOGIN, 404,   200,   200,   404,   404,   404,   404),
    "programs:checkin":                     (LOGIN, 404,   404,   404,   404,   404,   200,   404),
    "matching:request":                     (LOGIN, 404,   404,   404,   404,   404,   200,   200),
    "matching:my":                          (LOGIN, 200,   200,   200,   200,   200,   200,   200),
    # A confirmation page: GET says what will happen, POST does it.
    "matching:withdraw":                    (LOGIN, 404,   404,   404,   404,   404,   200,   404),
    "matching:different":                   (LOGIN, 405,   405,   405,   405,   405,   405,   405),
    "matching:choose":                      (LOGIN, 404,   404,   404,   404,   404,   200,   404),
    "matching:feedback":                    (LOGIN, 405,   405,   405,   405,   405,   405,   405),
    "matching:queue":                       (LOGIN, 200,   404,   404,   404,   404,   404,   404),
    "matching:bulk":                        (LOGIN, 200,   404,   404,   404,   404,   404,   404),
    "matching:propose":                     (LOGIN, 405,   405,   405,   405,   405,   405,   405),
    "matching:decline":                     (LOGIN, 405,   405,   405,   405,   405,   405,   405),
    "matching:supporter_matches":           (LOGIN, 404,   200,   200,   404,   404,   404,   404),
    "matching:accept":                      (LOGIN, 405,   405,   405,   405,   405,   405,   405),
    "matching:supporter_decline":           (LOGIN, 405,   405,   405,   405,   405,   405,   405),
    "matching:close":                       (LOGIN, 404,   200,   404,   404,   404,   404,   404),
    "matching:pause":                       (LOGIN, 405,   405,   405,   405,   405,   405,   405),
    "matching:plan":                        (LOGIN, 404,   200,   404,   404,   404,   404,   404),
    "referrals:queue":                      (LOGIN, 404,   404,   404,   200,   200,   404,   404),
    "referrals:detail":                     (LOGIN, 404,   404,   404,   200,   404,   404,   404),
    # A coordinator hands a person to a professional; nobody else opens the page.
    "referrals:raise":                      (LOGIN, 200,   404,   404,   404,   404,   404,   404),
    "referrals:acknowledge":                (LOGIN, 405,   405,   405,   405,   405,   405,   405),
    "referrals:accept":                     (LOGIN, 405,   405,   405,   405,   405,   405,   405),
    "referrals:start":                      (LOGIN, 405,   405,   405,   405,   405,   405,   405),
    "referrals:close":                      (LOGIN, 405,   405,   405,   405,   405,   405,   405),
    "referrals:decline":                    (LOGIN, 405,   405,   405,   405,   405,   405,   405),
    "referrals:note":                       (LOGIN, 405,   405,   405,   405,   405,   405,   405),
    "referrals:withdraw":                   (LOGIN, 405,   405,   405,   405,   405,   405,   405),
    "sessions:list":                        (LOGIN, 404,   200,   200,   404,   404,   404,   404),
    "sessions:supervision":                 (LOGIN, 404,   200,   200,   404,   404,   404,   404),
    "sessions:match":                       (LOGIN, 404,   200,   404,   404,   404,   404,   404),
    "sessions:log_new":                     (LOGIN, 404,   200,   404,   404,   404,   404,   404),
    "sessions:log":                         (LOGIN, 404,   200,   404,   404,   404,   404,   404),
    "sessions:correct":                     (LOGIN, 405,   405,   405,   405,   405,   405,   405),
    "sessions:addendum":                    (LOGIN, 405,   405,   405,   405,   405,   405,   405),
    "dashboard:index":                      (LOGIN, 200,   404,   404,   404,   404,   404,   404),
    "dashboard:export":                     (LOGIN, 200,   404,   404,   404,   404,   404,   404),
}

# What a POST to a URL of one object gets: 404 for everyone it does not belong to.
POST_MATRIX: dict[str, tuple[Any, ...]] = {
    #                                   anon.  coord. supp.  o.supp couns. o.cou. empl.  o.empl
    "programs:detail":                      (LOGIN, 200,   200,   200,   200,   200,   200,   200),
    "programs:checkin":                     (LOGIN, 404,   404,   404,   404,   404,   200,   404),
    "matching:withdraw":                    (LOGIN, 404,   404,   404,   404,   404,   GO,    404),
    "matching:different":                   (LOGIN, 404,   404,   404,   404,   404,   GO,    404),
    "matching:choose":                      (LOGIN, 404,   404,   404,   404,   404,   200,   404),
    "matching:feedback":                    (LOGIN, 404,   404,   404,   404,   404,   GO,    404),
    "matching:bulk":                        (LOGIN, GO,    404,   404,   404,   404,   404,   404),
    "matching:propose":                     (LOGIN, GO,    404,   404,   404,   404,   404,   404),
    "matching:decline":                     (LOGIN, GO,    404,   404,   404,   404,   404,   404),
    "matching:accept":                      (LOGIN, 404,   GO,    404,   404,   404,   404,   404),
    "matching:supporter_decline":           (LOGIN, 404,   GO,    404,   404,   404,   404,   404),
    "matching:close":                       (LOGIN, 404,   GO,    404,   404,   404,   404,   404),
    "matching:pause":                       (LOGIN, 404,   GO,    404,   404,   404,   404,   404),
    "matching:plan":                        (LOGIN, 404,   200,   404,   404,   404,   404,   404),
    "referrals:detail":                     (LOGIN, 404,   404,   404,   200,   404,   404,   404),
    # POST_DATA is no referral: the coordinator's form answers 400, nothing is saved.
    "referrals:raise":                      (LOGIN, 400,   404,   404,   404,   404,   404,   404),
    "referrals:acknowledge":                (LOGIN, 404,   404,   404,   GO,    404,   404,   404),
    "referrals:accept":                     (LOGIN, 404,   404,   404,   GO,    404,   404,   404),
    # Not yet accepted: the counselor is told so on the page.
    "referrals:start":                      (LOGIN, 404,   404,   404,   200,   404,   404,   404),
    "referrals:close":                      (LOGIN, 404,   404,   404,   400,   404,   404,   404),
    "referrals:decline":                    (LOGIN, 404,   404,   404,   GO,    404,   404,   404),
    "referrals:note":                       (LOGIN, 404,   404,   404,   GO,    404,   404,   404),
    # The supporter who raised it and the person it is about may withdraw it.
    "referrals:withdraw":                   (LOGIN, 404,   GO,    404,   404,   404,   GO,    404),
    "sessions:match":                       (LOGIN, 404,   200,   404,   404,   404,   404,   404),
    "sessions:log_new":                     (LOGIN, 404,   400,   404,   404,   404,   404,   404),
    "sessions:log":                         (LOGIN, 404,   200,   404,   404,   404,   404,   404),
    "sessions:correct":                     (LOGIN, 404,   400,   404,   404,   404,   404,   404),
    "sessions:addendum":                    (LOGIN, 404,   GO,    404,   404,   404,   404,   404),
}
# A few of the admin's pages (names in the "admin:" namespace): coordinators only. The rest
# of the admin is Django's own.
ADMIN_MATRIX: dict[str, tuple[Any, ...]] = {
    #                              anon.  coord. supp.  o.supp couns. o.cou. empl.  o.empl
    "index":                           (ADMIN, 200,   ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, ADMIN),
    "peersupport_user_import":         (ADMIN, 200,   ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, ADMIN),
    "programs_trainingrecord_import":  (ADMIN, 200,   ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, ADMIN),
    "referrals_service_import":        (ADMIN, 200,   ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, ADMIN),
    "peersupport_user_change":         (ADMIN, 200,   ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, ADMIN),
    "matching_supportrequest_change":  (ADMIN, 200,   ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, ADMIN),
    "referrals_referral_change":       (ADMIN, 200,   ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, ADMIN),
    "session_logs_sessionlog_change":  (ADMIN, 200,   ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, ADMIN),
    "referrals_referral_changelist":   (ADMIN, 200,   ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, ADMIN),
}
ADMIN_POST_MATRIX: dict[str, tuple[Any, ...]] = {
    "peersupport_user_change":         (ADMIN, 200,   ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, ADMIN),
    "matching_supportrequest_change":  (ADMIN, 403,   ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, ADMIN),
    "referrals_referral_change":       (ADMIN, 403,   ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, ADMIN),
    "session_logs_sessionlog_change":  (ADMIN, 403,   ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, ADMIN),
}
# fmt: on
MATRIX |= {f"admin:{name}": row for name, row in ADMIN_MATRIX.items()}
POST_MATRIX |= {f"admin:{name}": row for name, row in ADMIN_POST_MATRIX.items()}

# A POST that would act on the object, so a 404 proves the action did not happen.
POST_DATA = {"reason": "completed", "text": "A note.", "rating": "5", "pause": "1"}


def _reset_link(world: World, cast: dict[str, User]) -> dict[str, str]:
    # The token depends on the last sign-in, so it is made after the role signed in.
    employee = User.objects.get(pk=cast["employee"].pk)
    return {"uidb64": world.reset_uid, "token": default_token_generator.make_token(employee)}


OBJECTS: dict[str, Callable[[World, dict[str, User]], dict[str, Any]]] = {
    "signup_confirm": lambda w, c: {"token": ACTIVATION_TOKEN},
    "invitation_accept": lambda w, c: {"token": INVITATION_TOKEN},
    "password_reset_confirm": _reset_link,
    "programs:detail": lambda w, c: {"pk": w.program.pk},
    "programs:checkin": lambda w, c: {"enrollment_pk": w.enrollment.pk},
    "matching:withdraw": lambda w, c: {"uuid": w.waiting.uuid},
    "matching:different": lambda w, c: {"uuid": w.match.request.uuid},
    "matching:choose": lambda w, c: {"uuid": w.choosing.uuid},
    "matching:feedback": lambda w, c: {"uuid": w.closed.uuid},
    "matching:bulk": lambda w, c: {"program_pk": w.program.pk},
    "matching:propose": lambda w, c: {"uuid": w.waiting.uuid},
    "matching:decline": lambda w, c: {"uuid": w.waiting.uuid},
    "matching:accept": lambda w, c: {"uuid": w.proposed.uuid},
    "matching:supporter_decline": lambda w, c: {"uuid": w.proposed.uuid},
    "matching:close": lambda w, c: {"uuid": w.match.uuid},
    "matching:pause": lambda w, c: {"uuid": w.match.uuid},
    "matching:plan": lambda w, c: {"uuid": w.match.uuid},
    **{
        f"referrals:{name}": lambda w, c: {"uuid": w.referral.uuid}
        for name in ("detail", "acknowledge", "accept", "start", "close", "decline", "note")
    },
    "referrals:withdraw": lambda w, c: {"uuid": w.referral.uuid},
    "referrals:raise": lambda w, c: {"person_id": c["employee"].pk},
    "sessions:match": lambda w, c: {"uuid": w.match.uuid},
    "sessions:log_new": lambda w, c: {"uuid": w.match.uuid},
    "sessions:log": lambda w, c: {"uuid": w.log.uuid},
    "sessions:correct": lambda w, c: {"uuid": w.log.uuid},
    "sessions:addendum": lambda w, c: {"uuid": w.log.uuid},
    "dashboard:export": lambda w, c: {"section": "demand", "file_format": "csv"},
    "admin:peersupport_user_change": lambda w, c: {"object_id": c["employee"].pk},
    "admin:matching_supportrequest_change": lambda w, c: {"object_id": w.match.request_id},
    "admin:referrals_referral_change": lambda w, c: {"object_id": w.referral.pk},
    "admin:session_logs_sessionlog_change": lambda w, c: {"object_id": w.log.pk},
}

# Free text and who may read it (DESIGN.md): no page of anyone else shows it.
READERS = {
    SESSION_NOTE: {"supporter", "counselor"},
    SUMMARY: {"counselor"},
    COUNSELOR_NOTE: {"counselor"},
    DESCRIPTION: {"supporter", "counselor", "coordinator", "employee"},
}


def _walk(patterns: list, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = ":".join(filter(None, [namespace, pattern.name or ""])) if pattern.name else ""
            yield route, name or route


def product_urls() -> dict[str, str]:
    """Every URL of the product by name (its route when it has none): the admin (its
    representatives are listed by hand) and static files are not the product's."""
    skip = ("admin/", settings.STATIC_URL.lstrip("/"))
    return {
        name: route
        for route, name in _walk(get_resolver().url_patterns)
        if not route.startswith(skip)
    }


def test_every_url_of_the_product_has_a_row_in_the_matrix() -> None:
    urls = product_urls()
    missing = sorted(name for name in urls if name not in MATRIX)
    assert not missing, f"URLs without a row in MATRIX (decide each role's answer): {missing}"
    gone = sorted(name for name in MATRIX if name not in urls and not name.startswith("admin:"))
    assert not gone, f"rows of MATRIX whose URL is gone: {gone}"


def test_every_url_of_one_object_says_which_object() -> None:
    with_arguments = {name for name, route in product_urls().items() if "<" in route}
    assert with_arguments <= set(OBJECTS), sorted(with_arguments - set(OBJECTS))
    assert set(POST_MATRIX) <= set(MATRIX)
    # The e-mailed links belong to whoever holds the token; the export is read only.
    not_owned = {
        "signup_confirm",
        "invitation_accept",
        "password_reset_confirm",
        "dashboard:export",
    }
    assert set(POST_MATRIX) >= set(OBJECTS) - not_owned


def _sign_in(client: Client, cast: dict[str, User], role: str) -> None:
    if role != "anonymous":
        client.force_login(cast[role])


def _url(name: str, world: World, cast: dict[str, User]) -> str:
    kwargs = OBJECTS[name](world, cast) if name in OBJECTS else {}
    return reverse(name, kwargs=kwargs)


def _assert_answer(response: Any, expected: Any, where: str) -> None:
    if expected in (LOGIN, ADMIN, GO):
        assert response.status_code == 302, f"{where}: {response.status_code}, not {expected}"
        location = response["Location"]
        at_login = location.startswith(reverse("login"))
        at_admin_login = location.startswith("/admin/login/")
        assert (at_login, at_admin_login, not (at_login or at_admin_login)) == (
            expected == LOGIN,
            expected == ADMIN,
            expected == GO,
        ), f"{where}: sent to {location}, expected {expected}"
    else:
        assert response.status_code == expected, (
            f"{where}: {response.status_code}, expected {expected}"
        )


def _state() -> tuple:
    """Everything a POST to the cast's objects could change."""
    return (
        list(Match.objects.order_by("pk").values_list("status", "feedback_at")),
        list(SupportRequest.objects.order_by("pk").values_list("status", "close_reason")),
        list(Referral.objects.order_by("pk").values_list("status", "counselor_id")),
        list(Enrollment.objects.order_by("pk").values_list("status")),
        *(
            model.objects.count()
            for model in (
                ReferralEvent,
                CounselorNote,
                SessionLog,
                SessionLogRevision,
                SessionAddendum,
                SupervisionRequest,
                ReturnToWorkPlan,
                WellbeingCheckIn,
            )
        ),
    )


GET_CASES = [(name, role) for name in MATRIX for role in ROLES]
POST_CASES = [(name, role) for name in POST_MATRIX for role in ROLES]


@pytest.mark.parametrize(("name", "role"), GET_CASES, ids=[f"{n}-{r}" for n, r in GET_CASES])
def test_each_role_gets_its_answer_from_each_url(
    client: Client, cast: dict[str, User], world: World, name: str, role: str
) -> None:
    _sign_in(client, cast, role)
    url = _url(name, world, cast)

    response = client.get(url)

    _assert_answer(response, MATRIX[name][ROLES.index(role)], f"GET {url} as {role}")
    if response.status_code == 200 and not response.streaming:
        page = response.content.decode(errors="replace")
        for secret, readers in READERS.items():
            if role not in readers:
                assert secret not in page, f"GET {url} shows {secret} to {role}"


@pytest.mark.parametrize(("name", "role"), POST_CASES, ids=[f"{n}-{r}" for n, r in POST_CASES])
def test_a_post_to_someone_elses_object_is_404_and_changes_nothing(
    client: Client, cast: dict[str, User], world: World, name: str, role: str
) -> None:
    _sign_in(client, cast, role)
    url = _url(name, world, cast)
    before = _state()

    response = client.post(url, POST_DATA)

    expected = POST_MATRIX[name][ROLES.index(role)]
    _assert_answer(response, expected, f"POST {url} as {role}")
    if expected in (404, LOGIN, ADMIN, 403):
        assert _state() == before, f"POST {url} as {role} changed something"
