"""Accessibility and HTML findings in files another part of issue #15 is changing (the
admin's templates and admin.css, app.css, the matching, referral, session-log, program,
privacy and home templates). They are written down here, each with where it is and the fix,
so that this branch stays green without touching those files.

THIS LIST MUST BE EMPTIED once the owners' fixes are merged: delete an entry when its page
passes, and every page a browser test visits is held to 0 findings again. Nothing here may
be a finding in a file of the accessibility part (base.html, the language switch,
templates/registration, the error pages, the form widgets, the views and forms).

Keys: (URL name as `resolve()` gives it, a shell pattern; axe rule id or "html:" + a
fragment of the HTML checker's message). Values: where it is and the suggested fix.
"""

from fnmatch import fnmatch
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

# fmt: off
KNOWN_FINDINGS: dict[tuple[str, str], str] = {
    # admin.css / templates/admin (the admin's restyling).
    ("admin:*", "target-size"):
        "changelist filter links (#changelist-filter a), pagination and the date shortcuts "
        "are under 24x24 px: give them min-height 24px / padding in admin.css",
    ("admin:*", "link-in-text-block"):
        ".breadcrumbs > a are told apart from the text by colour only: underline them "
        "(text-decoration: underline) in admin.css",
    ("admin:peersupport_user_change", "html:Attribute “disabled” not allowed on element “div”"):
        "the password field's ReadOnlyPasswordHashWidget renders <div disabled>: override "
        "templates/auth/widgets/read_only_password_hash.html without `disabled`",
    ("admin:peersupport_user_change", "html:Element “option” without attribute “label”"):
        "an empty <option value=\"\"></option> in a select of the user form: give the "
        "empty choice a label (\"---------\") in the field's choices",
    ("admin:programs_enrollment_change", "html:The first “option” element in a “select”"):
        "a required select (the person) without an empty first option: add the empty "
        "choice or drop `required` from the widget",
    # templates/matching.
    ("matching:bulk", "target-size"):
        "templates/matching/bulk.html: the 'Back to the queue' link (a[href$=\"queue/\"]), "
        "alone in its <p> so not an inline link, is under 24 px high: give it room "
        "(class \"d-inline-block py-1\", or a btn btn-link)",
    # templates/session_logs: the escalation step (a POST of the log with a trigger ticked).
    ("sessions:log_new", "html:Duplicate ID"):
        "templates/session_logs/escalation.html renders `{% for field in form %}"
        "{{ field.as_hidden }}` in both of its forms, so id_occurred_at, id_minutes, id_mode, "
        "id_notes, id_mood, id_next_follow_up, id_triggers_0 … appear twice: carry the values "
        "in inputs without ids (e.g. the view passes the same data in a form made with "
        "auto_id=False, and the template loops over that one)",
    ("sessions:log_new", "html:“hidden” must not have any “aria-*”"):
        "the same hidden copies: Django 5.2 gives `notes` (it has help text) "
        "aria-describedby=\"id_notes_helptext\" even when hidden; the auto_id=False copy "
        "above has none",
}
# fmt: on


def url_name(url: str) -> str:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return urlsplit(url).path


def is_known(finding: object) -> bool:
    name = url_name(finding.url)
    for (known_name, rule), _reason in KNOWN_FINDINGS.items():
        if not fnmatch(name, known_name):
            continue
        if rule == finding.rule or (
            rule.startswith("html:") and finding.check == "html" and rule[5:] in finding.message
        ):
            return True
    return False
