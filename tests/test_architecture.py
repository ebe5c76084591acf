"""The shape of the code, checked on its syntax tree (docs/architecture.md).

- Apps depend one way: core <- programs <- matching <- referrals <- sessions <- dashboard
  <- devtools; `config/` sits on top and may import any of them.
- No module over 400 lines and no function over 60 (migrations and tests aside).
- Views and admin modules do not decide access: no get_object_or_404, no role checks, no
  filters on the fields that say whose a record is. That lives in each app's access.py.
- AppConfigs do not look hooks up by name: apps meet through the typed registries.

Each check is a function of source text, so the tests at the end prove that each one
catches what it is meant to catch.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Lowest first: an app may import itself and the apps before it, never one after it.
LAYERS = ["peersupport", "programs", "matching", "referrals", "sessions", "dashboard", "devtools"]
TOP = "config"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

# Fields that say whose a record is: a filter on them in a view or an admin is an access
# decision, which belongs in access.py.
OWNER_FIELDS = frozenset(
    {
        "requester",
        "supporter",
        "participant",
        "raised_by",
        "counselor",
        "counselors",
        "author",
        "person",
        "recipient",
        "actor",
        "user",
        "line_manager",
        "facilitator",
        "facilitators",
        "member",
        "members",
    }
)
QUERY_METHODS = frozenset({"filter", "exclude", "get"})
SHORTCUTS_404 = frozenset({"get_object_or_404", "get_list_or_404"})


def product_modules() -> Iterator[Path]:
    for top in [*LAYERS, TOP]:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _is_view_or_admin(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    if parts[0] not in LAYERS:
        return False
    return path.stem in ("views", "admin") or any(p in ("views", "admin") for p in parts[1:-1])


# --- The checks ------------------------------------------------------------------------


def imports_above(source: str, app: str) -> list[str]:
    """The modules of apps above `app` that `source` imports (anywhere in the file)."""
    if app == TOP or app not in LAYERS:
        return []
    above = set(LAYERS[LAYERS.index(app) + 1 :]) | {TOP}
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [name for name in names if name.split(".")[0] in above]
    return found


def long_functions(source: str) -> list[tuple[str, int]]:
    return [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]


def _called(node: ast.Call) -> str:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return ""


def _is_owner_lookup(keyword: ast.keyword) -> bool:
    """A lookup through a field that says whose a record is, compared with a person (a
    constant such as `counselor__isnull=True` decides nothing about who asks)."""
    if keyword.arg is None or isinstance(keyword.value, ast.Constant):
        return False
    return any(part in OWNER_FIELDS for part in keyword.arg.split("__"))


def access_decisions(source: str) -> list[str]:
    """What in a view or admin module decides who may see what."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        called = _called(node)
        if called in SHORTCUTS_404:
            found.append(f"line {node.lineno}: {called}")
        elif called == "has_role":
            found.append(f"line {node.lineno}: a role check")
        elif called in QUERY_METHODS:
            for keyword in node.keywords:
                if (keyword.arg or "").startswith("groups__name") or _is_owner_lookup(keyword):
                    found.append(f"line {node.lineno}: .{called}({keyword.arg}=…)")
    return found


def hook_lookups(source: str, *, is_apps_module: bool) -> list[str]:
    """getattr/hasattr used to find a hook: any in an apps.py, or on an app config or a
    signal's sender elsewhere, or in a function that walks the app configs."""
    found = []
    tree = ast.parse(source)
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    walking = {
        id(call)
        for function in functions
        if any(
            isinstance(n, ast.Call) and _called(n) == "get_app_configs" for n in ast.walk(function)
        )
        for call in ast.walk(function)
    }
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and _called(node) in ("getattr", "hasattr")):
            continue
        first = node.args[0] if node.args else None
        on_config = isinstance(first, ast.Name) and (
            "config" in first.id.lower() or first.id in ("sender", "app")
        )
        if is_apps_module or on_config or id(node) in walking:
            found.append(f"line {node.lineno}: {_called(node)}")
    return found


# --- The project obeys them ------------------------------------------------------------


def test_apps_import_only_the_apps_below_them() -> None:
    wrong = {}
    for path in product_modules():
        app = path.relative_to(ROOT).parts[0]
        if above := imports_above(path.read_text(), app):
            wrong[_name(path)] = above
    assert wrong == {}


def test_no_module_is_longer_than_400_lines() -> None:
    long = {
        _name(path): lines
        for path in product_modules()
        if (lines := path.read_text().count("\n")) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_function_is_longer_than_60_lines() -> None:
    long = {
        _name(path): found
        for path in product_modules()
        if (found := long_functions(path.read_text()))
    }
    assert long == {}


def test_views_and_admin_leave_access_to_access_modules() -> None:
    deciding = {
        _name(path): found
        for path in product_modules()
        if _is_view_or_admin(path) and (found := access_decisions(path.read_text()))
    }
    assert deciding == {}


def test_every_app_answers_access_in_its_own_access_module() -> None:
    missing = [app for app in LAYERS[:-1] if not (ROOT / app / "access.py").exists()]
    assert missing == []


def test_app_configs_look_nothing_up_by_name() -> None:
    lookups = {
        _name(path): found
        for path in product_modules()
        if (found := hook_lookups(path.read_text(), is_apps_module=path.name == "apps.py"))
    }
    assert lookups == {}


# --- The checks catch what they are meant to -------------------------------------------


@pytest.mark.parametrize(
    ("source", "app", "expected"),
    [
        ("from sessions.models import SessionLog", "referrals", ["sessions.models"]),
        ("def f():\n    import dashboard.views", "peersupport", ["dashboard.views"]),
        ("from config.celery import app", "programs", ["config.celery"]),
        ("from programs.models import Program", "matching", []),
        ("from referrals.models import Referral", "config", []),
        ("from .models import Thing", "programs", []),
    ],
)
def test_the_import_check_finds_an_import_of_a_higher_app(
    source: str, app: str, expected: list[str]
) -> None:
    assert imports_above(source, app) == expected


def test_the_function_check_counts_every_line_of_a_function() -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    assert long_functions(f"def short():\n{body[: body.rfind(chr(10))]}") == []
    assert long_functions(f"def long():\n{body}") == [("long", MAX_FUNCTION_LINES + 1)]


@pytest.mark.parametrize(
    "source",
    [
        "match = get_object_or_404(Match, uuid=uuid)",
        "if request.user.has_role(Role.COUNSELOR): pass",
        "Match.objects.filter(supporter=request.user)",
        "SupportRequest.objects.get(uuid=uuid, requester=request.user)",
        "SessionLog.objects.filter(match__request__requester=user)",
        "User.objects.filter(groups__name='coordinator')",
        "Referral.objects.exclude(participant=user)",
    ],
)
def test_the_access_check_finds_a_decision_in_a_view(source: str) -> None:
    assert len(access_decisions(source)) == 1


@pytest.mark.parametrize(
    "source",
    [
        "referral, rights = referral_for(request.user, uuid, action='view')",
        "Referral.objects.filter(status='submitted', urgency=urgency)",
        "queryset.filter(program__in=programs)",
        "queryset.filter(counselor__isnull=True)",
    ],
)
def test_the_access_check_lets_other_queries_be(source: str) -> None:
    assert access_decisions(source) == []


@pytest.mark.parametrize(
    ("source", "is_apps_module", "found"),
    [
        ("def f(config):\n    return getattr(config, 'home_links', None)", False, 1),
        (
            "def f():\n    for c in apps.get_app_configs():\n        x = getattr(c, 'panels')",
            False,
            1,
        ),
        ("def roles(sender):\n    return getattr(sender, 'role_permissions', {})", False, 1),
        ("def ready(self):\n    hasattr(self, 'x')", True, 1),
        ("def label(field):\n    return getattr(obj, field)", False, 0),
    ],
)
def test_the_hook_check_finds_a_lookup_by_name(
    source: str, is_apps_module: bool, found: int
) -> None:
    assert len(hook_lookups(source, is_apps_module=is_apps_module)) == found
