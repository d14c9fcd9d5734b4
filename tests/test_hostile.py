"""Hostile conditions: insecure intranet hosts, file://, no JavaScript, Pyodide blocked, hostile links, fast typing, CLI fuzzing."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculators import CALCULATORS
from calculators.__main__ import main as cli_main
from tests.conftest import BOOT_TIMEOUT_MS, CHROMIUM, CHROMIUM_ARGS, eventually
from tests.test_browser_features import result, url_of, wait_ready
from tests.test_browser_site import site_pages

INTRANET = "walkaway.intranet"


@pytest.mark.browser
def test_plain_http_on_an_intranet_host_name(playwright: Any, server: str) -> None:
    """An insecure context (no service workers, no SharedArrayBuffer, no crypto.subtle): still works."""
    port = urlsplit(server).port
    base = f"http://{INTRANET}:{port}/"
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {INTRANET} 127.0.0.1"]
    )
    try:
        ctx = browser.new_context()
        off: list[str] = []
        ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else (off.append(r.request.url), r.abort()))
        page = ctx.new_page()
        page.goto(base + "calculators/batna/")
        assert page.evaluate("() => window.isSecureContext") is False
        assert page.evaluate("() => typeof SharedArrayBuffer === 'undefined' && !('serviceWorker' in navigator)")
        page.wait_for_selector('.calc[data-state="ready"]', timeout=BOOT_TIMEOUT_MS)
        page.fill("#calc-batna-offers-1-value", "1,400,000")
        page.wait_for_function(
            "() => JSON.parse(document.querySelector('.calc-results').dataset.result).offers[1].decision === 'accept'"
        )
        assert off == []
    finally:
        browser.close()


@pytest.mark.browser
def test_file_urls_show_results_and_say_why_not_live(browser: Any, site_dir: Path) -> None:
    ctx = browser.new_context()
    try:
        ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
        page = ctx.new_page()
        for name in CALCULATORS:
            page.goto((site_dir / url_of(name) / "index.html").resolve().as_uri())
            calc = page.locator(f'.calc[data-calc="{name}"]')
            assert calc.locator(".calc-results table").first.is_visible()
            page.wait_for_selector(f'.calc[data-calc="{name}"][data-state="file"]')
            status = calc.locator(".calc-status").inner_text()
            assert "served over http" in status and status.count(".") == 1  # one sentence
    finally:
        ctx.close()


@pytest.mark.browser
def test_without_javascript_everything_is_readable(browser: Any, server: str, site_dir: Path) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    try:
        ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server) else r.abort())
        page = ctx.new_page()
        for path in site_pages(site_dir):
            page.goto(server + path)
            assert page.locator("article h1").first.is_visible(), path
            for calc in page.locator(".calc[data-calc]").all():
                assert calc.locator(".calc-results table").first.is_visible()
                assert calc.locator(".calc-results svg").count() >= 1
                assert "needs JavaScript" in calc.locator(".calc-status").inner_text()
    finally:
        ctx.close()


@pytest.mark.browser
def test_pyodide_blocked_says_so_and_the_page_stays_usable(context: Any, server: str, off_origin: Any) -> None:
    context.route("**/pyodide.asm.wasm*", lambda r: r.abort())  # the wasm and its gzipped copy
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + "calculators/batna/")
    page.wait_for_selector('.calc[data-state="failed"]', timeout=BOOT_TIMEOUT_MS)
    assert "could not start" in page.inner_text(".calc-status")
    assert "Accept Harbor Corp's offer" in page.inner_text(".calc-summary")
    page.click("a.md-nav__link[href$='python/']")  # still navigable
    page.wait_for_url("**/python/")
    assert errors == []


HOSTILE_VALUES = [
    "<script>window.__pwned = 1</script>",
    '"><img src=x onerror="window.__pwned=1">',
    "javascript:window.__pwned=1",
    "NaN",
    "Infinity",
    "-Infinity",
    "1e308",
    "1e309",
    "-3",
    "9" * 100_000,
    "\u0000\u202e",
]


def hostile_links(name: str) -> list[str]:
    links = []
    for value in HOSTILE_VALUES:
        links.append(quote(json.dumps({"rounds": value, "offers.0.value": value, "offers.0.name": value, "opening": value})))
    links += [
        quote(json.dumps({"a." * 200 + "b": "1"})),  # deep nesting
        quote(json.dumps({f"unknown{i}": "x" for i in range(50)})),
        quote(json.dumps({"offers.0.value": {"nested": [1, 2, {"x": "<b>"}]}})),
        quote(json.dumps([1, 2, 3])),
        quote("{not json"),
        quote(json.dumps({"offers.99999.value": "1", "alternatives.-1.name": "x"})),
    ]
    return [f"#{name}={link}" for link in links]


@pytest.mark.browser
@pytest.mark.parametrize("name", ["batna", "concessions"])
def test_hostile_links_are_only_data(context: Any, server: str, name: str) -> None:
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for query in hostile_links(name):
        page.goto("about:blank")  # a new document each time: a fragment change alone would not reload
        page.goto(server + url_of(name) + query)
        wait_ready(page, name)
        page.wait_for_timeout(50)
        page.wait_for_function(
            "(n) => { const el = document.querySelector(`.calc[data-calc=\"${n}\"]`); return Number(el.dataset.updates || 0) >= 1 || el.querySelector('.calc-messages').textContent.trim(); }",
            arg=name,
            timeout=30_000,
        )
        calc = page.locator(f'.calc[data-calc="{name}"]')
        assert page.evaluate("() => window.__pwned") is None, query[:80]
        assert calc.locator("script, img:not(svg img), iframe").count() == 0, query[:80]
        messages = calc.locator(".calc-messages").inner_text() + " ".join(
            calc.locator(".calc-error:not([hidden])").all_inner_texts()
        )
        if "99999" not in query:
            assert messages.strip(), f"no error shown for {query[:80]}"
    assert dialogs == []


@pytest.mark.browser
def test_fast_typing_never_shows_a_stale_result_and_memory_settles(page: Any, server: str) -> None:
    page.goto(server + "calculators/zopa/")
    wait_ready(page, "zopa")
    cdp = page.context.new_cdp_session(page)

    def heap() -> float:
        cdp.send("HeapProfiler.collectGarbage")
        return float(cdp.send("Runtime.getHeapUsage")["usedSize"])

    type_burst = """async (start) => {
        const el = document.querySelector('.calc');
        const input = el.querySelector('#calc-zopa-your_walk_away');
        const shown = [];
        el.addEventListener('calc:updated', () => shown.push(JSON.parse(el.querySelector('.calc-results').dataset.result).best_ultimatum_price));
        for (let i = 0; i < 1000; i++) {
            input.value = String(start + i);
            input.dispatchEvent(new Event('input', { bubbles: true }));
            if (i % 50 === 0) await new Promise(r => setTimeout(r, 0));
        }
        return start + 999;
    }"""
    first = heap()
    last = page.evaluate(type_burst, 500_000)
    # Seller: best price = max((640,000 + s) / 2, 500,000) for the last walk-away typed.
    want = max((640_000 + last) / 2, 500_000)
    page.wait_for_function(
        "(w) => JSON.parse(document.querySelector('.calc-results').dataset.result).best_ultimatum_price === w",
        arg=want,
        timeout=60_000,
    )
    page.wait_for_timeout(500)  # nothing older may land afterwards
    assert result(page, "zopa")["best_ultimatum_price"] == want
    assert page.input_value("#calc-zopa-your_walk_away") == str(last)
    after_one = heap()
    for k in range(2):
        last = page.evaluate(type_burst, 510_000 + k)
        want = max((640_000 + last) / 2, 500_000)
        page.wait_for_function(
            "(w) => JSON.parse(document.querySelector('.calc-results').dataset.result).best_ultimatum_price === w",
            arg=want,
            timeout=60_000,
        )
    after_three = heap()
    # Three thousand changes: the heap may grow a little once, then must level off.
    assert after_three - after_one < 5e6, (first, after_one, after_three)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=15), children, max_size=5),
    max_leaves=25,
)


@pytest.mark.parametrize("name", list(CALCULATORS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(doc=st.one_of(json_values, st.dictionaries(st.text(max_size=25), json_values, max_size=6)), raw=st.text(max_size=60))
def test_cli_fuzz_exits_0_or_2_without_traceback(name: str, doc: object, raw: str, tmp_path: Path) -> None:
    for text in (json.dumps(doc), raw):
        path = tmp_path / "in.json"
        path.write_text(text, encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        try:
            with redirect_stdout(out), redirect_stderr(err):
                code = cli_main(["run", name, str(path)])
        except SystemExit as e:
            code = e.code
        assert code in (0, 2), (text[:200], err.getvalue())
        assert "Traceback" not in err.getvalue()
        if code == 0:
            json.loads(out.getvalue())
        else:
            assert err.getvalue().strip()


@pytest.mark.browser
def test_the_policy_holds_on_a_plain_static_server(csp_context: Any, server: str) -> None:
    """`python -m http.server` sends no Content-Security-Policy header; the policy in every page's <head> still holds.

    Markup that a hostile value managed to get into the page (were any renderer ever to let it through) meets the
    policy: an inline script and an inline event handler are refused, and the browser reports each refusal.
    """
    context = csp_context  # the policy holds here
    page = context.new_page()
    page.goto(server + url_of("batna"))
    wait_ready(page, "batna")
    refused = page.evaluate(
        """async () => {
            const seen = [];
            document.addEventListener('securitypolicyviolation', (e) => seen.push(e.effectiveDirective));
            const script = document.createElement('script');
            script.textContent = 'window.__pwned = 1';
            document.body.append(script);
            const holder = document.createElement('div');
            holder.innerHTML = '<img src="data:," onerror="window.__pwned = 2">';
            document.body.append(holder);
            await new Promise((r) => setTimeout(r, 300));
            return seen;
        }"""
    )
    assert page.evaluate("() => window.__pwned") is None
    assert "script-src-elem" in refused and "script-src-attr" in refused, refused
    # And the calculator still computes under it.
    page.locator('.calc[data-calc="batna"] input[inputmode=decimal]').first.fill("123456")
    eventually(page, "() => Number(document.querySelector('.calc[data-calc=\"batna\"]').dataset.updates || 0) >= 1")
