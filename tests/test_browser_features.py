"""Every calculator page in headless Chromium: links, persistence, storage off, export, charts, accessibility, small screens."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from calculators import CALCULATORS
from tests.conftest import BOOT_TIMEOUT_MS, ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def url_of(name: str) -> str:
    path, _, anchor = CALCULATORS[name].doc.partition("#")
    return path.removesuffix(".md").removesuffix("index") + "/"


def calc(page: Any, name: str) -> str:
    return f'.calc[data-calc="{name}"]'


def wait_ready(page: Any, name: str) -> None:
    page.wait_for_selector(f'{calc(page, name)}[data-state="ready"]', timeout=BOOT_TIMEOUT_MS)


def result(page: Any, name: str) -> Any:
    return json.loads(page.get_attribute(f"{calc(page, name)} .calc-results", "data-result"))


def nudge(page: Any, name: str) -> None:
    """Change one input to another valid value, and wait until the results follow."""
    before = page.get_attribute(f"{calc(page, name)} .calc-results", "data-result")
    number = page.locator(f"{calc(page, name)} .calc-form input[inputmode=decimal]").first
    if number.count():
        value = float(number.input_value().replace(",", ""))
        number.fill(f"{round(value * 1.01 + 1):,}" if value == int(value) else f"{value * 1.01:.6g}")
    else:
        select = page.locator(f"{calc(page, name)} .calc-form select").first
        options = select.locator("option").all_inner_texts()
        current = select.input_value()
        select.select_option(next(o for o in options if o != current))
    page.wait_for_function(
        "([sel, before]) => document.querySelector(sel).dataset.result !== before",
        arg=[f"{calc(page, name)} .calc-results", before],
    )


@pytest.mark.parametrize("name", list(CALCULATORS))
def test_charts_are_prerendered(page: Any, server: str, name: str) -> None:
    page.goto(server + url_of(name), wait_until="domcontentloaded")
    svg = page.locator(f"{calc(page, name)} .calc-results svg[role=img]").first
    assert svg.is_visible()
    assert svg.locator(":scope > title").text_content() and svg.locator(":scope > desc").text_content()


@pytest.mark.parametrize("name", list(CALCULATORS))
def test_shared_link_reproduces_inputs_and_results(context: Any, server: str, name: str) -> None:
    page = context.new_page()
    page.goto(server + url_of(name))
    wait_ready(page, name)
    nudge(page, name)
    link, expected = page.url, result(page, name)
    assert f"{name}=" in link
    page.close()
    other = context.browser.new_context()  # a stranger: no storage of ours
    try:
        stranger = other.new_page()
        stranger.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server) else r.abort())
        stranger.goto(link)
        wait_ready(stranger, name)
        stranger.wait_for_function(
            "([sel, want]) => JSON.stringify(JSON.parse(document.querySelector(sel).dataset.result)) === JSON.stringify(want)",
            arg=[f"{calc(stranger, name)} .calc-results", expected],
        )
    finally:
        other.close()


@pytest.mark.parametrize("name", list(CALCULATORS))
def test_reload_keeps_inputs_and_reset_restores_the_example(page: Any, server: str, name: str) -> None:
    page.goto(server + url_of(name))
    wait_ready(page, name)
    example = result(page, name)
    nudge(page, name)
    changed = result(page, name)
    page.goto(server + url_of(name))  # no link this time: storage alone
    wait_ready(page, name)
    page.wait_for_function(
        "([sel, want]) => JSON.stringify(JSON.parse(document.querySelector(sel).dataset.result)) === JSON.stringify(want)",
        arg=[f"{calc(page, name)} .calc-results", changed],
    )
    page.click(f"{calc(page, name)} [data-tool=reset]")
    page.wait_for_function(
        "([sel, want]) => JSON.stringify(JSON.parse(document.querySelector(sel).dataset.result)) === JSON.stringify(want)",
        arg=[f"{calc(page, name)} .calc-results", json.loads(json.dumps(example))],
    )


@pytest.mark.parametrize(
    "blocker",
    [
        # Storage switched off (cookies blocked): touching localStorage throws.
        "Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });",
        # Storage full: every write throws.
        "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };",
    ],
    ids=["disabled", "full"],
)
@pytest.mark.parametrize("name", list(CALCULATORS))
def test_works_without_storage(context: Any, server: str, blocker: str, name: str) -> None:
    context.add_init_script(blocker)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"{e.message} {e.stack}"))
    page.goto(server + url_of(name))
    wait_ready(page, name)
    nudge(page, name)
    # The theme's own palette code may complain about storage; ours must not.
    assert [e for e in errors if "calculators" in e] == []


@pytest.mark.parametrize("name", list(CALCULATORS))
def test_json_export_feeds_the_command_line(page: Any, server: str, name: str, tmp_path: Path) -> None:
    page.goto(server + url_of(name))
    wait_ready(page, name)
    nudge(page, name)
    with page.expect_download() as info:
        page.click(f"{calc(page, name)} [data-tool=json]")
    saved = tmp_path / "export.json"
    info.value.save_as(saved)
    exported = json.loads(saved.read_text())
    assert exported["calculator"] == name and exported["result"] == result(page, name)
    out = subprocess.run(
        [sys.executable, "-m", "calculators", "run", name, str(saved), "--full"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    again = json.loads(out.stdout)
    assert as_floats(again["result"]) == as_floats(exported["result"])  # JavaScript writes 1160000 where Python writes 1160000.0
    with page.expect_download() as csv_info:
        page.click(f"{calc(page, name)} [data-tool=csv]")
    csv_path = tmp_path / "export.csv"
    csv_info.value.save_as(csv_path)
    assert csv_path.read_text().count(",") >= 2


def as_floats(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: as_floats(v) for k, v in data.items()}
    if isinstance(data, list):
        return [as_floats(v) for v in data]
    if isinstance(data, (int, float)) and not isinstance(data, bool):
        return float(data)
    return data


def axe_violations(page: Any) -> list[str]:
    # From the page's own origin: every page carries its content security policy, which refuses inline scripts.
    url = page.evaluate("() => location.origin") + "/__axe__/axe.min.js"
    source = AXE.read_text(encoding="utf-8")
    page.route(url, lambda r: r.fulfill(body=source, content_type="text/javascript"))
    try:
        page.add_script_tag(url=url)
    finally:
        page.unroute(url)
    found = page.evaluate(
        """async () => {
            const r = await axe.run(document, { resultTypes: ["violations"] });
            return r.violations.filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => v.id + ": " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
        }"""
    )
    return list(found)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation_on_any_page(browser: Any, server: str, site_dir: Path, scheme: str) -> None:
    from tests.test_browser_site import site_pages

    ctx = browser.new_context(color_scheme=scheme, bypass_csp=True)  # as the context fixture: the harness polls with eval
    try:
        page = ctx.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server) else r.abort())
        problems = []
        for path in site_pages(site_dir):
            page.goto(server + path)
            if page.locator(".calc[data-calc]").count():
                page.wait_for_selector('.calc[data-state="ready"]', timeout=BOOT_TIMEOUT_MS)
            problems += [f"{path or '/'} ({scheme}): {v}" for v in axe_violations(page)]
        assert problems == []
    finally:
        ctx.close()


def test_small_screens_do_not_scroll_sideways(browser: Any, server: str, site_dir: Path) -> None:
    from tests.test_browser_site import site_pages

    ctx = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = ctx.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server) else r.abort())
        wide = []
        for path in site_pages(site_dir):
            page.goto(server + path)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            if width > 360:
                wide.append(f"{path or '/'}: {width}px")
        assert wide == []
    finally:
        ctx.close()


def test_keyboard_only_use_of_the_batna_calculator(page: Any, server: str) -> None:
    page.goto(server + "calculators/batna/")
    wait_ready(page, "batna")
    page.focus("#calc-batna-offers-0-name")  # where Tab from the page above would land; the rest is keys only
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "calc-batna-offers-0-value"
    page.keyboard.press("Control+A")
    page.keyboard.type("1,300,000")
    page.wait_for_function("() => JSON.parse(document.querySelector('.calc-results').dataset.result).offers[0].value === 1300000")
    # Tab along to the "Add offer" button and press Enter: a third offer row appears, focused.
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches(\"fieldset[data-list='offers'] > .calc-add\")"):
            break
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "calc-batna-offers-2-name"
    page.keyboard.type("Keyboard offer")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("1,250,000")
    # Wait for the answer to the whole number, not to a prefix of it typed on the way.
    page.wait_for_function(
        "() => { const o = JSON.parse(document.querySelector('.calc-results').dataset.result).offers; return o.length === 3 && o[2].value === 1250000; }"
    )
    # Judged against the best of the alternatives (1,160,000) and the other offers (Harbor's, now 1,300,000):
    # 1,250,000 - 1,300,000 = -50,000, so walk away from it (take Harbor's instead).
    assert result(page, "batna")["offers"][2] == {
        "name": "Keyboard offer",
        "value": 1_250_000,
        "walk_away_value": 1_300_000,
        "judged_against": "Harbor Corp's offer",
        "judged_against_offer": True,
        "surplus": -50_000,
        "decision": "walk away",
    }
    # Focus is visible: the focused control has an outline.
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


# The plan prints its one page only, without its inputs: tests/test_browser_plan.py.
@pytest.mark.parametrize("name", [n for n in CALCULATORS if n != "plan"])
def test_print_view_shows_inputs_and_current_results_without_chrome(page: Any, server: str, name: str) -> None:
    page.goto(server + url_of(name))
    wait_ready(page, name)
    nudge(page, name)
    now = page.get_attribute(f"{calc(page, name)} .calc-results", "data-result")
    page.emulate_media(media="print")
    assert not page.locator(".md-sidebar--primary").is_visible() and not page.locator(".md-header").is_visible()
    assert page.locator(f"{calc(page, name)} .calc-form").is_visible()
    assert page.locator(f"{calc(page, name)} .calc-results table").first.is_visible()
    assert not page.locator(f"{calc(page, name)} .calc-toolbar").is_visible()
    assert page.get_attribute(f"{calc(page, name)} .calc-results", "data-result") == now


# -- the browser module's life cycle: teardown on instant navigation, a worker that dies ---------------------------

#: Wraps the page's Worker (the calculators', not the search's): updates can be held back (a request left pending), and the test can fire the worker's
#: error event, as a crashed worker does.
HOLD_WORKER = """
window.__workers = [];
window.__holdUpdates = false;
const Original = window.Worker;
window.Worker = class extends Original {
  constructor(url, ...rest) { super(url, ...rest); if (String(url).includes("calculators-worker")) window.__workers.push(this); }
  postMessage(message, ...rest) {
    if (window.__holdUpdates && message && message.type === "update") { window.__held = (window.__held || 0) + 1; return; }
    return super.postMessage(message, ...rest);
  }
};
"""


def test_a_worker_that_dies_says_so_and_keeps_the_results(context: Any, server: str) -> None:
    context.add_init_script(HOLD_WORKER)
    page = context.new_page()
    name = "zopa"
    page.goto(server + url_of(name))
    wait_ready(page, name)
    nudge(page, name)
    shown = page.inner_html(f"{calc(page, name)} .calc-results")
    page.evaluate("() => { window.__holdUpdates = true; }")
    page.fill(f"#calc-{name}-your_walk_away", "555,000")
    page.wait_for_function("() => window.__held === 1")  # a request in flight, never to be answered
    page.evaluate("() => window.__workers[0].dispatchEvent(new ErrorEvent('error', { message: 'out of memory' }))")
    page.wait_for_selector(f'{calc(page, name)}[data-state="failed"]')
    words = page.inner_text(f"{calc(page, name)} .calc-status")
    assert "stopped" in words and "out of memory" in words and "reload" in words
    assert page.evaluate("() => window.walkawayRuntime.state") == "failed"
    assert page.inner_html(f"{calc(page, name)} .calc-results") == shown  # the last results stay
    # Nothing waits for ever: more typing marks the results stale, and sends nothing to the dead worker.
    page.evaluate("() => { window.__holdUpdates = false; }")
    page.fill(f"#calc-{name}-your_walk_away", "556,000")
    page.wait_for_selector(f"{calc(page, name)} .calc-results--stale")
    assert page.get_attribute(calc(page, name), "data-state") == "failed"
    assert page.evaluate("() => window.__workers.length") == 1


def test_instant_navigation_tears_down_what_it_leaves(page: Any, server: str) -> None:
    page.goto(server + url_of("zopa"))
    wait_ready(page, "zopa")
    page.evaluate("() => { window.__sameDocument = true; }")
    for target in ("concessions", "zopa", "batna"):
        page.click(f"a.md-nav__link[href$='{url_of(target).split('/')[-2]}/']")
        page.wait_for_url(f"**/{url_of(target)}")
        wait_ready(page, target)
    assert page.evaluate("() => window.__sameDocument === true")  # no page load: Material's instant navigation
    info = page.evaluate("() => ({ boots: walkawayRuntime.boots, mounted: walkawayRuntime.mounted, subscribers: walkawayRuntime.subscribers() })")
    # One interpreter for the tab; one calculator mounted, the one on the page, with its one subscription.
    assert info == {"boots": 1, "mounted": 1, "subscribers": 1}
    assert page.locator(".calc-saved").count() == 1
    nudge(page, "batna")
