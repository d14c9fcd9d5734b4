"""When Python starts its downloads: after the stylesheets the first paint needs, and before the theme's own script.

boot.js makes the worker in the page's <head>, and main.html lets it start from the end of the <body> (see boot.js):
on a slow connection the runtime's megabytes then do not compete with the page's stylesheets, and on a fast one
Python does not wait for the theme's start-up (about 150 ms of main thread on a calculator page, measured) and
the first paint after it.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BOOT_TIMEOUT_MS, _QuietHandler, _serve

pytestmark = pytest.mark.browser

PAGE = "calculators/batna/"
BUSY_MS = 4000
#: The theme's main stylesheet: Material's, or Zensical's (in classic/ or modern/).
STYLES = r"/assets/stylesheets/(?:classic/|modern/)?main\.[0-9a-f]+\.min\.css$"
START = "<script>window.__walkawayEarly&&window.__walkawayEarly.start()</script>"


class _SlowTheme(_QuietHandler):
    """Material's bundle takes BUSY_MS of main thread before it does anything (a slow phone, exaggerated)."""

    def do_GET(self) -> None:
        if re.search(r"/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$", self.path):
            body = (
                f"{{const t=Date.now();while(Date.now()-t<{BUSY_MS});}}\n".encode()
                + Path(self.translate_path(self.path)).read_bytes()
            )
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


class _SlowStyles(_QuietHandler):
    """The theme's main stylesheet arrives 1.5 s late (a slow connection, for that file only)."""

    def do_GET(self) -> None:
        if re.search(STYLES, self.path):
            time.sleep(1.5)
        super().do_GET()


def search(page: Any, term: str, timeout: float) -> str:
    """Type ``term`` into the theme's search, Material's or Zensical's (a dialog of its own): the first result's link
    (or, in Zensical's, its text)."""
    if page.locator(".md-search__button").count():
        page.click(".md-search__button")
        page.get_by_role("combobox", name="Search").press_sequentially(term, delay=20)
        first = page.get_by_role("option").locator("visible=true").first  # not a calculator's <select> options
    else:
        page.locator("input.md-search__input").click()
        page.locator("input.md-search__input").press_sequentially(term, delay=20)  # the theme searches on keys
        first = page.locator(".md-search-result__item a").first
    first.wait_for(timeout=timeout)
    found: str = first.get_attribute("href") or first.inner_text()  # Zensical's results are options, not links
    return found


def _first_runtime_request(context: Any, url: str) -> tuple[Any, dict[str, float]]:
    """Open ``url``; the monotonic times of navigation, of the main stylesheet's arrival and of the first runtime request."""
    times: dict[str, float] = {}
    page = context.new_page()

    def on_request(request: Any) -> None:
        if re.search(r"(\.snapshot\.gz|pyodide\.asm\.wasm(\.gz)?)$", request.url):
            times.setdefault("runtime", time.monotonic())

    def on_finished(request: Any) -> None:
        if re.search(STYLES, request.url):
            times.setdefault("styles", time.monotonic())

    page.on("request", on_request)
    page.on("requestfinished", on_finished)
    times["navigation"] = time.monotonic()
    page.goto(url, wait_until="commit")
    page.wait_for_selector('.calc[data-state="ready"]', timeout=BOOT_TIMEOUT_MS)
    return page, times


def test_every_calculator_page_starts_python_from_the_end_of_its_body(site_dir: Path) -> None:
    from calculators import CALCULATORS
    from tests.test_snapshot import page_of

    for calc in CALCULATORS.values():
        html = (site_dir / page_of(calc.doc) / "index.html").read_text(encoding="utf-8")
        boot, content, start, theme = (html.find(s) for s in ("boot.js", 'class="calc"', START, "bundle."))
        assert -1 < boot < content < start < theme, (calc.doc, boot, content, start, theme)


def test_python_does_not_wait_for_the_theme(context: Any, site_dir: Path) -> None:
    httpd, base = _serve(site_dir, _SlowTheme)
    try:
        page, times = _first_runtime_request(context, base + PAGE)
        assert page.evaluate("() => window.walkawayRuntime.mode") == "snapshot"
        waited = times["runtime"] - times["navigation"]
        assert waited < BUSY_MS / 1000 * 0.6, f"the runtime was requested {waited:.2f} s after navigation"
    finally:
        httpd.shutdown()


def test_python_waits_for_the_stylesheets(context: Any, site_dir: Path) -> None:
    httpd, base = _serve(site_dir, _SlowStyles)
    try:
        page, times = _first_runtime_request(context, base + PAGE)
        assert page.evaluate("() => window.walkawayRuntime.mode") == "snapshot"
        assert times["styles"] <= times["runtime"], times
        assert times["runtime"] - times["navigation"] >= 1.5
    finally:
        httpd.shutdown()


def test_the_theme_builds_its_search_index_once_python_is_up(context: Any, server: str) -> None:
    """The theme's search worker (about 0.4 s of a core building the index) waits for Python on a calculator page,
    and search then works as before."""
    page = context.new_page()
    searched: list[float] = []
    page.on("request", lambda r: searched.append(time.time() * 1000) if "/workers/search." in r.url else None)
    page.goto(server + PAGE)
    page.wait_for_selector('.calc[data-state="ready"]', timeout=BOOT_TIMEOUT_MS)
    page.wait_for_timeout(300)
    ready = page.evaluate("() => performance.timeOrigin + window.walkawayRuntime.readyAt")
    assert len(searched) == 1 and searched[0] >= ready - 5, (searched, ready)
    assert search(page, "concession", timeout=20_000)


def test_turning_to_search_does_not_wait_for_python(context: Any, site_dir: Path) -> None:
    """With Python's start held back (its snapshot very slow), the reader who opens search gets it at once."""
    httpd, base = _serve(site_dir, _SlowSnapshot)
    try:
        page = context.new_page()
        page.goto(base + PAGE)
        assert search(page, "concession", timeout=8_000)
        assert page.evaluate("() => window.walkawayRuntime?.state") != "ready"
    finally:
        httpd.shutdown()


class _SlowSnapshot(_QuietHandler):
    """The snapshot takes 12 s to come (Python's start, held back)."""

    def do_GET(self) -> None:
        if self.path.endswith(".snapshot.gz"):
            time.sleep(12)
        super().do_GET()


def test_pyodides_lock_file_does_not_wait_for_the_snapshot(context: Any, site_dir: Path) -> None:
    """Pyodide reads its lock file as it starts; the worker fetches it with the rest, not after the snapshot (on a
    slow connection that round trip came last, between the snapshot and Python)."""
    httpd, base = _serve(site_dir, _SlowSnapshot)
    try:
        page = context.new_page()
        asked: dict[str, float] = {}
        page.on("request", lambda r: asked.setdefault(r.url.rsplit("/", 1)[-1], time.monotonic()))
        start = time.monotonic()
        page.goto(base + PAGE)
        page.wait_for_selector('.calc[data-state="ready"]', timeout=BOOT_TIMEOUT_MS)
        assert asked["pyodide-lock.json.gz"] - start < 6, asked
        assert page.evaluate("() => window.walkawayRuntime.mode") == "snapshot"
    finally:
        httpd.shutdown()
