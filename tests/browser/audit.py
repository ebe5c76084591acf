"""The checks every page a browser test visits goes through (tests/browser/conftest.py wires
them into the `page` fixture, so no test has to call them):

- axe-core, the accessibility engine (node_modules/axe-core, installed by `make install-dev`),
  runs in the page once it has loaded; its serious and critical findings against WCAG 2.0,
  2.1 and 2.2 A/AA and axe's best practices are reported back to Python;
- the Nu HTML Checker (node_modules/vnu-jar, run by `java`) validates the markup the live
  server sent for each HTML document of the main frame (POST results and redirect targets
  included); its errors count, its warnings and notes do not. No error is filtered as a
  false positive: none has shown up that was not a real fault of the markup.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
MISSING_TOOLS = "run `make install-dev` (npm ci installs axe-core and vnu-jar into node_modules/)"

# WCAG 2.2 AA is the bar (issue #15); axe's best practices add the rules a screen-reader
# user notices (landmarks, headings, unique names). Only serious and critical findings fail:
# axe's moderate and minor ones are advice, not a failure of the criteria.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
FAILING_IMPACTS = ("serious", "critical")
BINDING = "__peersupportA11yReport"
PENDING = "__peersupportA11yAudit"

# Runs in every document before the page's own scripts. Playwright injects init scripts
# through the DevTools protocol, which the page's Content-Security-Policy does not govern,
# and axe evaluates no strings, so the CSP stays as it is and its own test still means
# something (tests/browser/test_dashboard.py). Only the top frame of an http(s) page is
# audited; axe reaches into same-origin frames itself.
AUDIT_JS = f"""
(() => {{
  if (window.top !== window || !/^https?:$/.test(location.protocol)) return;
  let finished;
  window.{PENDING} = new Promise((resolve) => {{ finished = resolve; }});
  window.addEventListener("load", () => {{
    const options = {{
      runOnly: {{ type: "tag", values: {json.dumps(AXE_TAGS)} }},
      resultTypes: ["violations"],
    }};
    axe.run(document, options)
      .then((results) => results.violations
        .filter((v) => {json.dumps(list(FAILING_IMPACTS))}.includes(v.impact))
        .map((v) => ({{
          id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.map((n) => ({{ target: n.target.join(" "), html: n.html }})),
        }})))
      .then((violations) => window.{BINDING}(location.href, violations, null))
      .catch((error) => window.{BINDING}(location.href, [], String(error)))
      .finally(finished);
  }});
}})();
"""
# What Python awaits before a page leaves its document: the audit that load started.
AWAIT_AUDIT_JS = f"""() => Promise.race([
  window.{PENDING} || null, new Promise((resolve) => setTimeout(resolve, 20000)),
])"""


@dataclass(frozen=True)
class Finding:
    """One problem on one page, said so that the person fixing it finds it."""

    url: str
    check: str  # "axe" or "html"
    rule: str
    message: str
    where: str

    def __str__(self) -> str:
        return f"[{self.check}] {self.rule}: {self.message}\n    at {self.where}\n    on {self.url}"


def axe_findings(url: str, violations: list[dict[str, Any]], error: str | None) -> list[Finding]:
    if error is not None:
        return [Finding(url, "axe", "axe-error", error, "the whole page")]
    return [
        Finding(url, "axe", v["id"], f"{v['help']} ({v['impact']})", node["target"])
        for v in violations
        for node in v["nodes"]
    ]


def html_findings(url: str, messages: list[dict[str, Any]]) -> list[Finding]:
    """The checker's errors (type "error", and "non-document-error" when it could not
    read the document at all); "info" messages, warnings included, are not errors."""
    return [
        Finding(
            url,
            "html",
            "html-error",
            message.get("message", ""),
            f"line {message.get('lastLine', '?')}: {message.get('extract', '').strip()!r}",
        )
        for message in messages
        if message.get("type") in ("error", "non-document-error")
    ]


class HtmlChecker:
    """One Nu HTML Checker web service for the whole test session (a JVM starts in
    seconds, then checks a page in milliseconds); documents are posted to it from two
    threads while the browser goes on."""

    def __init__(self) -> None:
        if not VNU_JAR.exists():
            raise RuntimeError(f"{VNU_JAR} is missing: {MISSING_TOOLS}")
        java = shutil.which("java")
        if java is None:
            raise RuntimeError("no `java`: apt-get install default-jre-headless")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen(  # noqa: S603 - a fixed command of our own
            [
                java,
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(VNU_JAR),
                "nu.validator.servlet.Main",
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="vnu")
        self._wait_until_ready()

    def _wait_until_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the HTML checker stopped (exit {self.process.returncode})")
            try:
                self._post(b"<!doctype html><html lang=en><title>ready</title>")
                return
            except OSError:
                time.sleep(0.25)
        raise RuntimeError("the HTML checker did not answer within a minute")

    def _post(self, markup: bytes) -> list[dict[str, Any]]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/?out=json",
            data=markup,
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return json.load(response)["messages"]

    def check(self, url: str, markup: bytes) -> Future[list[Finding]]:
        return self.pool.submit(lambda: html_findings(url, self._post(markup)))

    def close(self) -> None:
        self.pool.shutdown(wait=True)
        self.process.terminate()
        self.process.wait(timeout=10)


@dataclass
class PageAudit:
    """What the checks found on the pages of one browser context, in the order visited."""

    checker: HtmlChecker
    axe: list[Finding] = field(default_factory=list)
    audited: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    _html: list[Future[list[Finding]]] = field(default_factory=list)

    def report_axe(self, url: str, violations: list[dict[str, Any]], error: str | None) -> None:
        self.audited.append(url)
        self.axe.extend(axe_findings(url, violations, error))

    def check_html(self, url: str, markup: bytes) -> None:
        self.documents.append(url)
        self._html.append(self.checker.check(url, markup))

    def wait(self, page: Any) -> None:
        """Until axe has reported on the page's current document."""
        # A closed page, or one between documents, has no audit pending.
        with contextlib.suppress(PlaywrightError):
            page.evaluate(AWAIT_AUDIT_JS)

    def findings(self) -> list[Finding]:
        """Every finding so far; waits for the HTML checks still running."""
        html = [finding for future in self._html for finding in future.result()]
        return self.axe + html

    def forget(self) -> None:
        """Start afresh (a test that proves the checks find a broken page clears them)."""
        self.findings()
        self.axe.clear()
        self._html.clear()
        self.audited.clear()
        self.documents.clear()


def axe_source() -> str:
    if not AXE_JS.exists():
        raise RuntimeError(f"{AXE_JS} is missing: {MISSING_TOOLS}")
    return AXE_JS.read_text(encoding="utf-8")


def is_html_document(response: Any, page: Any) -> bool:
    request = response.request
    return (
        request.resource_type == "document"
        and request.frame == page.main_frame
        and response.url.startswith("http")
        and not 300 <= response.status < 400
        and response.headers.get("content-type", "").startswith("text/html")
    )


__all__ = [
    "AUDIT_JS",
    "BINDING",
    "Finding",
    "HtmlChecker",
    "PageAudit",
    "axe_source",
    "is_html_document",
]
