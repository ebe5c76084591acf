"""The list of findings left for other owners names pages that exist and rules that the
checks report, so an entry cannot silently let through more than it says."""

from fnmatch import fnmatch

from django.urls import get_resolver

from tests.browser.audit import Finding
from tests.browser.known_findings import KNOWN_FINDINGS, is_known


def view_names() -> set[str]:
    def walk(resolver, namespace=""):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
                yield from walk(pattern, inner)
            elif pattern.name:
                yield ":".join(filter(None, [namespace, pattern.name]))

    return set(walk(get_resolver()))


def test_every_known_finding_names_a_page_that_exists() -> None:
    names = view_names()
    for name, _rule in KNOWN_FINDINGS:
        assert any(fnmatch(view, name) for view in names), name


def test_a_known_finding_lets_through_only_its_rule_on_its_page() -> None:
    bulk = "http://testserver/matching/bulk/1/"
    assert is_known(Finding(bulk, "axe", "target-size", "", ""))
    assert not is_known(Finding(bulk, "axe", "label", "", ""))
    assert not is_known(Finding("http://testserver/matching/queue/", "axe", "target-size", "", ""))
    assert not is_known(Finding(bulk, "html", "html-error", "Duplicate ID “x”.", ""))
