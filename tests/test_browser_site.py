"""Every page of the built site, in headless Chromium: no errors, nothing off-origin, works on a sub-path and under a CSP."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import BOOT_TIMEOUT_MS, eventually

pytestmark = pytest.mark.browser


def site_pages(site_dir: Any) -> list[str]:
    """Every page in sitemap.xml, as a path relative to the site root."""
    text = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    return [urlsplit(loc).path.lstrip("/") for loc in re.findall(r"<loc>([^<]+)</loc>", text)]


def test_sitemap_lists_pages(site_dir: Any) -> None:
    pages = site_pages(site_dir)
    assert "" in pages and "calculators/batna/" in pages


def test_every_page_loads_cleanly_and_stays_on_origin(page: Any, server: str, site_dir: Any) -> None:
    console_errors: list[str] = []
    failed: list[str] = []
    page.on("console", lambda m: console_errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
    page.on("requestfailed", lambda r: failed.append(f"{r.url}: {r.failure}"))
    page.on("response", lambda r: failed.append(f"{r.url}: HTTP {r.status}") if r.status >= 400 else None)
    for path in site_pages(site_dir):
        page.goto(server + path)
        if page.locator(".calc[data-calc]").count():
            page.wait_for_selector('.calc[data-state="ready"]', timeout=BOOT_TIMEOUT_MS)
        page.wait_for_load_state("networkidle")
    assert page.page_errors == []
    assert console_errors == []
    assert failed == []
    # The off-origin check runs when the context fixture closes.


def test_calculator_works_on_a_sub_path_with_instant_navigation(page: Any, subpath_server: str) -> None:
    page.goto(subpath_server + "calculators/batna/")
    page.wait_for_selector('.calc[data-state="ready"]', timeout=BOOT_TIMEOUT_MS)
    page.evaluate("() => { window.__sameDocument = true; }")
    page.click("a.md-nav__link[href$='python/']")
    page.wait_for_url("**/a/b/python/")
    page.go_back()
    page.wait_for_url("**/a/b/calculators/batna/")
    page.wait_for_selector('.calc[data-state="ready"]', timeout=BOOT_TIMEOUT_MS)
    assert page.evaluate("() => window.__sameDocument === true")
    assert page.evaluate("() => window.walkawayRuntime.boots") == 1


def test_every_page_works_under_the_published_csp(csp_context: Any, csp_server: str, site_dir: Any) -> None:
    context = csp_context  # the policy holds here
    context.add_init_script(
        "window.__violations = []; document.addEventListener('securitypolicyviolation', e => "
        "window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    found = []
    for path in site_pages(site_dir):
        page.goto(csp_server + path)
        if page.locator(".calc[data-calc]").count():
            page.wait_for_selector('.calc[data-state="ready"]', timeout=BOOT_TIMEOUT_MS)
        page.wait_for_load_state("networkidle")
        found += [f"{path}: {v}" for v in page.evaluate("() => window.__violations")]
    page.goto(csp_server + "calculators/batna/")
    page.wait_for_selector('.calc[data-state="ready"]', timeout=BOOT_TIMEOUT_MS)
    page.fill("#calc-batna-offers-1-value", "1,500,000")
    eventually(page, "() => JSON.parse(document.querySelector('.calc-results').dataset.result).offers[1].decision === 'accept'")
    assert found == [] and console == []
