"""The BATNA calculator in headless Chromium, against the built site on 127.0.0.1.

Every test runs in a context that routes every request and fails on any host
but the test server (see conftest.py).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from calculators import web
from tests.conftest import BOOT_TIMEOUT_MS

pytestmark = pytest.mark.browser

PAGE = "calculators/batna/"
READ_FORM = """el => Object.fromEntries([...el.querySelectorAll('[data-path]')]
    .filter(c => c.matches('input, select')).map(c => [c.dataset.path, c.value]))"""


def wait_ready(page: Any) -> None:
    page.wait_for_selector('.calc[data-state="ready"]', timeout=BOOT_TIMEOUT_MS)


def wait_updates(page: Any, n: int) -> None:
    page.wait_for_function(f"Number(document.querySelector('.calc').dataset.updates || 0) >= {n}")


def normalised(page: Any, html: str) -> str:
    """``html`` as the browser serialises it, to compare with innerHTML."""
    return str(page.evaluate("h => { const d = document.createElement('div'); d.innerHTML = h; return d.innerHTML; }", html))


def test_prerendered_result_is_visible_before_python(page: Any, server: str) -> None:
    page.goto(server + PAGE, wait_until="domcontentloaded")
    state = page.evaluate("() => (window.walkawayRuntime || {}).state")
    assert state != "ready"
    assert page.locator(".calc-results table").first.is_visible()
    assert "Accept Harbor Corp's offer" in page.inner_text(".calc-summary")
    assert page.locator(".calc-status").inner_text()  # says what is happening


def test_python_becomes_ready_and_results_match_cpython(page: Any, server: str) -> None:
    page.goto(server + PAGE)
    wait_ready(page)
    assert page.evaluate("() => window.walkawayRuntime.boots") == 1
    page.fill("#calc-batna-offers-0-value", "1,100,000")
    page.fill("#calc-batna-risk_tolerance", "500000")
    page.fill("#calc-batna-annual_discount_rate", "0.1")
    form = page.eval_on_selector(".calc", READ_FORM)
    expected = json.loads(web.update("batna", json.dumps(form)))
    assert expected["ok"]
    # Wait until the page shows the answer for exactly this form, then compare everything.
    page.wait_for_function(
        "r => JSON.stringify(JSON.parse(document.querySelector('.calc-results').dataset.result)) === JSON.stringify(r)",
        arg=expected["result"],
    )
    assert page.inner_html(".calc-results") == normalised(page, expected["html"])
    # Hand check of one number, R = 500,000: exp(-1.5M/R) = exp(-3) = 0.049787, exp(-0.9M/R) = exp(-1.8) = 0.165299;
    # their mean is 0.107543, ln of it -2.229865, so the outcomes are worth 500,000 * 2.229865 = 1,114,932 for sure,
    # and CE = 1,114,932 - 40,000 cost = 1,074,932. The outcomes come in six months at 10% a year; the cost is paid
    # now: PV = 1,114,932 / 1.1 ** 0.5 - 40,000 = 1,114,932 / 1.048809 - 40,000 = 1,063,046 - 40,000 = 1,023,046.
    alt = json.loads(page.get_attribute(".calc-results", "data-result"))["alternatives"][0]
    assert alt["certainty_equivalent"] == pytest.approx(1_074_932, abs=1)
    assert alt["present_value"] == pytest.approx(1_023_046, abs=1)


def test_bad_input_shows_inline_error_and_keeps_last_results(page: Any, server: str) -> None:
    page.goto(server + PAGE)
    wait_ready(page)
    page.fill("#calc-batna-alternatives-0-outcomes-0-probability", "1.5")
    error = page.locator("#calc-batna-alternatives-0-outcomes-0-probability-error")
    error.wait_for(state="visible")
    assert "Probability must be between 0 and 1" in error.inner_text()
    assert page.get_attribute("#calc-batna-alternatives-0-outcomes-0-probability", "aria-invalid") == "true"
    assert "calc-results--stale" in (page.get_attribute(".calc-results", "class") or "")
    page.fill("#calc-batna-alternatives-0-outcomes-0-probability", "0.5")
    error.wait_for(state="hidden")


def test_rows_can_be_added_and_removed(page: Any, server: str) -> None:
    page.goto(server + PAGE)
    wait_ready(page)
    page.click("fieldset[data-list='offers'] > .calc-add")
    page.fill("#calc-batna-offers-2-name", "Third offer")
    page.fill("#calc-batna-offers-2-value", "1,300,000")
    page.wait_for_function(
        "() => { const o = JSON.parse(document.querySelector('.calc-results').dataset.result).offers; return o.length === 3 && o[2].value === 1300000; }"
    )
    result = json.loads(page.get_attribute(".calc-results", "data-result"))
    # The third offer is judged against the best of the alternatives (1,160,000) and the other offers (Harbor's
    # 1,180,000): 1,300,000 - 1,180,000 = 120,000.
    assert result["offers"][2] == {
        "name": "Third offer",
        "value": 1_300_000,
        "walk_away_value": 1_180_000,
        "judged_against": "Harbor Corp's offer",
        "judged_against_offer": True,
        "surplus": 120_000,
        "decision": "accept",
    }
    # Remove the first offer: the rest renumber, and the result follows.
    page.click("[data-path='offers.0'] > .calc-remove")
    page.wait_for_function("() => JSON.parse(document.querySelector('.calc-results').dataset.result).offers.length === 2")
    assert page.input_value("#calc-batna-offers-0-name") == "Lakeside's offer"
    assert page.input_value("#calc-batna-offers-1-name") == "Third offer"


def test_inputs_survive_a_reload(page: Any, server: str) -> None:
    page.goto(server + PAGE)
    wait_ready(page)
    page.fill("#calc-batna-offers-1-value", "1,250,000")
    wait_updates(page, 1)
    page.reload()
    assert page.input_value("#calc-batna-offers-1-value") == "1,250,000"
    wait_ready(page)
    page.wait_for_function("() => JSON.parse(document.querySelector('.calc-results').dataset.result).offers[1].value === 1250000")
    page.click(".calc-reset")
    page.wait_for_function("() => JSON.parse(document.querySelector('.calc-results').dataset.result).offers[1].value === 980000")


def test_instant_navigation_keeps_one_interpreter(page: Any, server: str) -> None:
    wasm: list[str] = []
    page.on("request", lambda r: wasm.append(r.url) if r.url.endswith(("pyodide.asm.wasm", "pyodide.asm.wasm.gz")) else None)
    page.goto(server + PAGE)
    wait_ready(page)
    page.evaluate("() => { window.__sameDocument = true; }")
    page.click("a.md-nav__link[href$='python/']")
    page.wait_for_url("**/python/")
    page.click("a.md-nav__link[href$='calculators/batna/']")
    page.wait_for_url("**/calculators/batna/")
    assert page.evaluate("() => window.__sameDocument === true"), "the page reloaded instead of navigating instantly"
    wait_ready(page)
    assert page.evaluate("() => window.walkawayRuntime.boots") == 1
    page.fill("#calc-batna-offers-1-value", "2,000,000")
    page.wait_for_function(
        "() => JSON.parse(document.querySelector('.calc-results').dataset.result).offers[1].decision === 'accept'"
    )
    assert len(wasm) == 1


def test_missing_wheel_fails_gracefully(context: Any, server: str) -> None:
    """Without the snapshot (which needs no wheel) and without the wheel, Python cannot start: say so."""
    context.route("**/*.snapshot.gz", lambda r: r.fulfill(status=404, body="not here"))
    context.route("**/*.whl", lambda r: r.fulfill(status=404, body="not here"))
    page = context.new_page()
    page.goto(server + PAGE)
    page.wait_for_selector('.calc[data-state="failed"]', timeout=BOOT_TIMEOUT_MS)
    assert "could not start" in page.inner_text(".calc-status")
    assert "Accept Harbor Corp's offer" in page.inner_text(".calc-summary")


def test_pages_without_calculators_do_not_load_python(page: Any, server: str) -> None:
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.goto(server)
    page.wait_for_load_state("networkidle")
    assert not [u for u in urls if "pyodide" in u or u.endswith(".whl")]
