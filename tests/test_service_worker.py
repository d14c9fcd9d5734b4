"""Kept after one visit: the service worker (sitebuild/serviceworker.py, docs/assets/javascripts/sw-register.js).

After one visit with the network, every page opens, search works and every calculator is live with the
network off; a new build replaces the old one whole, never page by page; where the browser allows no
service worker (plain http on an intranet host, file://) none is registered and nothing breaks.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from sitebuild.serviceworker import FALLBACK_ONLY, runtime_files, write_service_worker
from tests.conftest import BOOT_TIMEOUT_MS, CHROMIUM, CHROMIUM_ARGS, _QuietHandler, _serve, eventually
from tests.test_browser_site import site_pages

pytestmark = pytest.mark.browser

CONTROLLED = "() => navigator.serviceWorker.controller !== null"
#: The runtime files the worker keeps once the page's Python has started (read in the page, in the worker's cache).
KEPT = """async (scope) => {
  const cache = await caches.open('walkaway-runtime-' + scope);
  return (await cache.keys()).map((r) => new URL(r.url).pathname.slice(new URL(scope).pathname.length));
}"""
#: The page shows build B's glossary (the hand-over page, or build A's, before it).
BUILD_B = "() => (document.querySelector('.md-content h1')?.textContent ?? '').includes('(build B)')"
ACCEPTED = "() => JSON.parse(document.querySelector('.calc-results').dataset.result).offers[1].decision === 'accept'"


def reload(page: Any, url: str | None = None) -> None:
    """Reload (or open ``url``), as a reader would; the page may reload itself before it has loaded (a new build took over)."""
    try:
        if url:
            page.goto(url, wait_until="commit")
        else:
            page.reload(wait_until="commit")
    except Exception as error:  # noqa: BLE001 - only the abort of this navigation by the next one is expected
        if "ERR_ABORTED" not in str(error):
            raise


def ask_for_an_update(page: Any) -> None:
    """Have the browser look for a new sw.js now. update() settles only when the browser's update job does, which
    can wait behind other jobs; an evaluate has no timeout of its own, so the wait is bounded here, and the
    caller waits for the new worker itself."""
    page.evaluate(
        "async () => Promise.race([(await navigator.serviceWorker.getRegistration()).update().catch(() => {}),"
        " new Promise((done) => setTimeout(done, 10000))])"
    )


def wait_kept(page: Any, scope: str, site: Path) -> None:
    """Wait until the worker's runtime cache holds every runtime file a calculator needs, under this build's revisions."""
    wanted = sorted(path for path in runtime_files(site) if path not in FALLBACK_ONLY)
    eventually(
        page,
        f"async ([scope, want]) => {{ const kept = await ({KEPT})(scope); return want.every((p) => kept.includes(p)); }}",
        [scope, wanted],
    )


def test_the_worker_is_written_with_nothing_from_another_origin(site_dir: Path) -> None:
    worker = (site_dir / "sw.js").read_text(encoding="utf-8")
    imported = re.findall(r"importScripts\(([^)]*)\)", worker)
    assert len(imported) == 1 and re.fullmatch(r'"sw-runtime\.[0-9a-f]{12}\.js"', imported[0]), imported
    assert (site_dir / imported[0].strip('"')).is_file()
    # Workbox inlined: no CDN, no workbox-sw loader, no second file to fetch.
    assert "storage.googleapis.com" not in worker and "workbox-sw" not in worker
    # Every page is precached; the runtime is not (it is cached on first use).
    for path in site_pages(site_dir):
        assert f'"{path}index.html"' in worker, path
    assert "assets/pyodide/" not in worker and ".snapshot.gz" not in worker


def test_one_visit_keeps_every_page_search_and_the_calculators_offline(csp_context: Any, csp_server: str, site_dir: Path) -> None:
    """The hard case: the first page is a calculator's, so Python starts before the worker exists. All under the CSP."""
    context = csp_context  # the policy holds here
    page = context.new_page()
    page.set_default_timeout(BOOT_TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    page.goto(csp_server + "calculators/batna/")
    page.wait_for_selector('.calc[data-state="ready"]')
    page.wait_for_function(CONTROLLED)
    assert page.evaluate("async () => (await navigator.serviceWorker.getRegistration()).scope") == csp_server
    wait_kept(page, csp_server, site_dir)

    context.set_offline(True)
    failed: list[str] = []
    # (A page left before its search worker has loaded aborts that load: not a failure.)
    page.on("requestfailed", lambda r: None if r.failure == "net::ERR_ABORTED" else failed.append(f"{r.url}: {r.failure}"))
    for path in site_pages(site_dir):
        response = page.goto(csp_server + path)
        assert response is not None and response.ok and response.from_service_worker, path
        assert page.locator(".md-content h1").count() == 1, path
        if page.locator(".calc[data-calc]").count():
            page.wait_for_selector('.calc[data-state="ready"]')
    # A calculator recomputes, offline.
    page.goto(csp_server + "calculators/batna/")
    page.wait_for_selector('.calc[data-state="ready"]')
    assert page.evaluate("() => window.walkawayRuntime.mode") == "snapshot"
    page.fill("#calc-batna-offers-1-value", "1,500,000")
    eventually(page, ACCEPTED)
    # Search, offline: a result, and following it.
    page.goto(csp_server)
    if page.locator(".md-search__button").count():  # Zensical's search: a dialog of its own
        page.click(".md-search__button")
        page.get_by_role("combobox", name="Search").fill("walk-away")
        first = page.get_by_role("option").first
    else:
        page.fill("input.md-search__input", "walk-away")
        page.wait_for_selector(".md-search-result__item")
        first = page.locator(".md-search-result__item a").first
    first.wait_for()
    target = first.get_attribute("href")
    first.click()
    page.wait_for_url(re.compile(re.escape(urlsplit(target or "").path)))
    assert page.locator(".md-content h1").count() == 1
    assert errors == [] and failed == []


@pytest.fixture
def publishable(site_dir: Path, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A copy of the site, served under a sub-path, that the test may publish a new build into."""
    site = tmp_path / "a" / "b"
    shutil.copytree(site_dir, site)
    httpd, url = _serve(tmp_path, _QuietHandler)
    yield site, url + "a/b/"
    httpd.shutdown()


def test_a_new_build_replaces_the_old_one_whole(context: Any, publishable: tuple[Path, str]) -> None:
    site, base = publishable
    page = context.new_page()
    page.set_default_timeout(BOOT_TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + "glossary/")
    page.wait_for_function(CONTROLLED)
    assert page.evaluate("async () => (await navigator.serviceWorker.getRegistration()).scope") == base
    stylesheet = "assets/stylesheets/site.css"
    old_css = (site / stylesheet).read_text(encoding="utf-8")

    # Publish build B: a page and a stylesheet every page uses change; the worker is written again.
    glossary = site / "glossary" / "index.html"
    glossary.write_text(re.sub(r"(<h1\b[^>]*>)", r"\1(build B) ", glossary.read_text(encoding="utf-8"), count=1))
    (site / stylesheet).write_text(old_css + "\n/* build B */\n", encoding="utf-8")
    write_service_worker(site)

    in_page_css = f"async () => (await (await fetch({base + stylesheet!r})).text()).includes('build B')"
    # The visit that finds build B still reads build A, whole: its page and its stylesheet.
    page.reload()
    assert "(build B)" not in page.inner_text(".md-content h1")
    assert page.evaluate(in_page_css.replace("includes('build B')", "length")) == len(old_css)
    eventually(page, "async () => !!(await navigator.serviceWorker.getRegistration()).waiting")
    assert page.evaluate(in_page_css) is False
    assert "(build B)" not in page.inner_text(".md-content h1")

    # A file the guide links to (not a page) is served as it is while build B waits: never the hand-over page.
    sitemap = page.goto(base + "sitemap.xml")
    assert sitemap is not None and sitemap.ok and "<urlset" in sitemap.text() and "Updating" not in sitemap.text()
    # The hand-over page's second try (marked) is served as usual, and the mark is taken off the address.
    page.goto(base + "glossary/?walkaway-handover=1")
    assert page.title() != "Updating the guide" and "(build B)" not in page.inner_text(".md-content h1")
    eventually(page, "() => !location.search.includes('walkaway-handover')")
    # The next visit reads build B, whole, and offline too.
    reload(page, base + "glossary/")
    page.wait_for_function(BUILD_B)
    page.wait_for_load_state("load")
    assert page.evaluate(in_page_css) is True
    context.set_offline(True)
    page.goto(base + "glossary/")
    assert "(build B)" in page.inner_text(".md-content h1")
    assert page.evaluate(in_page_css) is True
    assert errors == []


def only_from(start: str) -> Any:
    """A route handler that lets through only what starts with ``start``: the one origin, or file://."""
    return lambda r: r.continue_() if r.request.url.startswith(start) else r.abort()


def test_no_worker_on_plain_http_on_an_intranet_host_nor_from_a_file(playwright: Any, server: str, site_dir: Path) -> None:
    host = "walkaway-sw.intranet"
    base = f"http://{host}:{urlsplit(server).port}/"
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {host} 127.0.0.1"]
    )
    try:
        for start, allowed in ((base, base), ((site_dir / "index.html").resolve().as_uri(), "file://")):
            ctx = browser.new_context()
            asked: list[str] = []
            ctx.route("**/*", only_from(allowed))
            page = ctx.new_page()
            page.on("request", lambda r, asked=asked: asked.append(r.url))
            errors: list[str] = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.goto(start)
            page.wait_for_load_state("load")
            page.wait_for_timeout(1500)  # registration waits for the load and an idle moment
            # (From a file, the browser refuses even to list registrations: none can exist there.)
            registered = page.evaluate(
                "async () => 'serviceWorker' in navigator && location.protocol !== 'file:'"
                " && (await navigator.serviceWorker.getRegistrations()).length"
            )
            assert not registered and errors == [], start
            assert not [url for url in asked if url.endswith("/sw.js")], start
            ctx.close()
    finally:
        browser.close()


def test_a_hand_over_that_fails_costs_the_reader_three_seconds_once(context: Any, publishable: tuple[Path, str]) -> None:
    """If the new build never takes over, the reader gets the old build's page after the blank page, not a loop of it."""
    site, base = publishable
    page = context.new_page()
    page.set_default_timeout(BOOT_TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + "glossary/")
    page.wait_for_function(CONTROLLED)
    glossary = site / "glossary" / "index.html"
    glossary.write_text(re.sub(r"(<h1\b[^>]*>)", r"\1(build B) ", glossary.read_text(encoding="utf-8"), count=1))
    write_service_worker(site)
    # Build B that never takes over: its worker ignores the request.
    worker = site / "sw.js"
    code = worker.read_text(encoding="utf-8")
    assert code.count("self.skipWaiting()") == 1
    worker.write_text(code.replace("self.skipWaiting()", "void 0"), encoding="utf-8")
    ask_for_an_update(page)
    eventually(page, "async () => !!(await navigator.serviceWorker.getRegistration()).waiting")

    opened: list[str] = []
    page.on("framenavigated", lambda frame: opened.append(frame.url) if frame == page.main_frame else None)
    reload(page, base + "glossary/")
    page.wait_for_function("() => document.querySelector('.md-content h1') !== null", timeout=15000)
    assert "(build B)" not in page.inner_text(".md-content h1")
    assert any("walkaway-handover" in url for url in opened), opened  # the blank page's second try
    eventually(page, "() => !location.search.includes('walkaway-handover')")
    settled = len(opened)
    page.wait_for_timeout(5000)
    assert len(opened) == settled and page.title() != "Updating the guide", opened[settled:]
    assert errors == []
