"""The Prepare page in headless Chromium: a plan made with the keyboard alone on a phone-sized screen, kept across
a reload, restored from a link in a stranger's browser, free of serious accessibility findings, and printed on
exactly one sheet of A4 and of Letter with its key numbers on it.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest

from calculators import plan
from calculators.fields import to_json
from tests.conftest import BOOT_TIMEOUT_MS
from tests.test_browser_features import as_floats, axe_violations

pytestmark = pytest.mark.browser

PAGE = "prepare/"
CALC = '.calc[data-calc="plan"]'
PHONE = {"width": 360, "height": 740}
RESULT = f"JSON.parse(document.querySelector('{CALC} .calc-results').dataset.result)"


def wait_ready(page: Any) -> None:
    page.wait_for_selector(f'{CALC}[data-state="ready"]', timeout=BOOT_TIMEOUT_MS)


def result(page: Any) -> Any:
    return json.loads(page.get_attribute(f"{CALC} .calc-results", "data-result"))


def pdf_pages(pdf: bytes) -> int:
    """Pages in a PDF, counted from its page objects (``/Type /Page``, not ``/Pages``)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def active(page: Any) -> dict[str, Any]:
    return dict(
        page.evaluate(
            """() => { const a = document.activeElement; return { id: a.id, path: a.dataset.path || '', tool: a.dataset.tool || '',
                toggle: a.hasAttribute('data-section-toggle'), checked: !!a.checked, add: a.matches('.calc-add'),
                list: a.closest('[data-list]')?.dataset.list || '' }; }"""
        )
    )


def tab_until(page: Any, done: Any, on_the_way: Any = None, limit: int = 600, back: bool = False) -> dict[str, Any]:
    """Press Tab (or Shift+Tab) until ``done(active)``; ``on_the_way(active)`` may press keys at each stop."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        here = active(page)
        if done(here):
            return here
        if on_the_way:
            on_the_way(here)
    raise AssertionError(f"never reached the target; focus ended on {active(page)}")


def test_keyboard_alone_from_an_empty_plan_to_a_printed_one_at_360px(context: Any, server: str) -> None:
    context.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; };")
    page = context.new_page()
    page.set_viewport_size(PHONE)
    page.goto(server + PAGE)
    wait_ready(page)
    page.focus("#calc-plan-name")  # where Tab from the text above lands; from here on, keys only
    page.keyboard.press("Control+A")
    page.keyboard.type("Keyboard plan")

    # First pass: leave every step out. That is an empty plan: nothing to compute, every step missing.
    def untick(here: dict[str, Any]) -> None:
        if here["toggle"] and here["checked"]:
            page.keyboard.press("Space")

    tab_until(page, lambda a: a["tool"] == "reset", untick)
    page.wait_for_function(f"() => {RESULT}.sections && Object.keys({RESULT}.sections).length === 0")
    empty = result(page)
    assert empty["walk_away"] is None and empty["opening"] is None and empty["target"] is None
    assert {m["section"] for m in empty["missing"]} >= {"diagnosis", "batna", "zopa", "concessions", "repeated"}

    # Back to the top of the form, by Shift+Tab.
    tab_until(page, lambda a: a["id"] == "calc-plan-name", back=True)

    # Second pass: take steps 2, 3 and 4 back in, give their side's range and a target, and log an offer of theirs.
    typed = {"zopa.their_walk_away_low": "510,000", "zopa.their_walk_away_high": "650,000", "concessions.target": "560,000"}
    added: set[str] = set()

    def fill(here: dict[str, Any]) -> None:
        if here["toggle"] and not here["checked"] and here["path"] in ("batna", "zopa", "concessions"):
            page.keyboard.press("Space")
        elif here["path"] in typed:
            page.keyboard.press("Control+A")
            page.keyboard.type(typed.pop(here["path"]))
        elif here["add"] and here["list"] == "their_offers" and "offer" not in added:
            added.add("offer")
            page.keyboard.press("Enter")  # a new row, focused
            page.keyboard.press("Control+A")
            page.keyboard.type("530,000")

    tab_until(page, lambda a: a["tool"] == "print", fill)
    assert typed == {} and added == {"offer"}, "some fields were never reached by Tab"
    # Step 2's walk-away (the example's alternatives: 520,000) flows into step 3; the best ask is halfway between it
    # and the top of their range, (520,000 + 650,000) / 2 = 585,000, and that is the opening in step 4.
    page.wait_for_function(
        f"() => {{ const r = {RESULT}; return r.opening === 585000 && r.target === 560000 && r.their_offers.at(-1) === 530000; }}"
    )
    done = result(page)
    assert done["walk_away"] == 520_000 and set(done["sections"]) == {"batna", "zopa", "concessions"}
    page.keyboard.press("Enter")  # Print
    assert page.evaluate("() => window.__printed") == 1

    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper)
        assert pdf_pages(pdf) == 1, paper
        text = pdf_text(pdf)
        for words in ("Keyboard plan", "520,000", "560,000", "585,000", "530,000"):
            assert words in text, (paper, words)


def test_the_example_plan_prints_on_one_sheet_of_a4_and_of_letter(page: Any, server: str) -> None:
    page.goto(server + PAGE)
    wait_ready(page)
    expected = plan.compute(plan.EXAMPLE)
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper)
        assert pdf_pages(pdf) == 1, paper
        text = pdf_text(pdf)
        # The one page's numbers (walk-away 520,000, target 555,000, opening 580,000, the four concessions
        # 13,333, 6,667, 3,333, 1,667 of 25,000 halving each time), its lists and its people.
        for words in ("The plan on one page", "520,000", "555,000", "580,000", "13,333", "1,667", "505,000, 515,000, 520,000"):
            assert words in text, (paper, words)
        for point in (*plan.EXAMPLE.secrets.hide, *plan.EXAMPLE.secrets.find_out):
            assert point.text in text, (paper, point.text)
        assert plan.EXAMPLE.talks.who_decides in text
        assert expected.batna is not None and expected.batna in text
        # Only the one page: not the form, not the steps in detail, not the page's own text.
        for absent in ("Step 2: your walk-away", "Saved inputs", "Download JSON", "Your plan stays on your machine"):
            assert absent not in text, (paper, absent)


def test_print_view_shows_the_one_page_only(page: Any, server: str) -> None:
    page.goto(server + PAGE)
    wait_ready(page)
    page.emulate_media(media="print")
    assert page.locator(f"{CALC} .calc-results .calc-heading").first.is_visible()
    assert page.locator(f"{CALC} .calc-results .calc-summary").first.is_visible()
    for hidden in (f"{CALC} .calc-form", f"{CALC} .calc-toolbar", f"{CALC} .calc-saved", "article h1"):
        assert not page.locator(hidden).first.is_visible(), hidden
    step_headings = page.locator(f"{CALC} .calc-results > .calc-heading")
    assert step_headings.count() > 1 and not step_headings.nth(1).is_visible()


def test_reload_keeps_the_plan_and_a_link_restores_it_in_a_fresh_browser(context: Any, server: str) -> None:
    page = context.new_page()
    page.goto(server + PAGE)
    wait_ready(page)
    page.fill("#calc-plan-name", "Linked plan")
    page.fill("#calc-plan-zopa-their_walk_away_high", "660,000")
    # (520,000 + 660,000) / 2 = 590,000: the new best ask, and so the opening.
    page.wait_for_function(f"() => {RESULT}.opening === 590000")
    page.keyboard.press("Tab")
    changed = result(page)
    link = page.url
    assert "#plan=" in link

    page.goto(server + PAGE)  # no link: storage alone
    wait_ready(page)
    page.wait_for_function(f"want => JSON.stringify({RESULT}) === JSON.stringify(want)", arg=changed)
    assert page.input_value("#calc-plan-name") == "Linked plan"

    stranger_ctx = context.browser.new_context(viewport=PHONE)
    try:
        stranger = stranger_ctx.new_page()
        stranger.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server) else r.abort())
        stranger.goto(link)
        stranger.wait_for_selector(f'{CALC}[data-state="ready"]', timeout=BOOT_TIMEOUT_MS)
        stranger.wait_for_function(f"want => JSON.stringify({RESULT}) === JSON.stringify(want)", arg=changed)
        assert stranger.input_value("#calc-plan-name") == "Linked plan"
    finally:
        stranger_ctx.close()


def test_the_page_computes_the_example_as_the_command_line_does(page: Any, server: str) -> None:
    page.goto(server + PAGE)
    wait_ready(page)
    assert as_floats(result(page)) == as_floats(json.loads(json.dumps(to_json(plan.compute(plan.EXAMPLE)))))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_on_the_prepare_page_at_360px(browser: Any, server: str, scheme: str) -> None:
    ctx = browser.new_context(color_scheme=scheme, viewport=PHONE, bypass_csp=True)  # as the context fixture: the harness polls with eval
    try:
        page = ctx.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server) else r.abort())
        page.goto(server + PAGE)
        wait_ready(page)
        page.focus("#calc-plan-zopa-their_walk_away_low")  # the results pinned over the form
        assert axe_violations(page) == []
    finally:
        ctx.close()


def test_the_page_says_nothing_leaves_the_browser(page: Any, server: str) -> None:
    page.goto(server + PAGE, wait_until="domcontentloaded")
    text = page.inner_text("article")
    assert "Nothing you type is sent" in text


# -- the worked examples' switch, starting empty, and linked fields in files ---------------------------------------


def test_the_page_carries_both_examples_as_the_form_holds_them() -> None:
    """The widget's data-examples: the seller's plan first (the form as rendered), then the buyer's, as flat form text."""
    import html as html_module

    from calculators import web

    embed = web.widget("plan", "w.whl")
    assert embed.startswith('<div class="calc" data-calc="plan"')  # how the page's template finds a calculator
    found = re.search(r'data-examples="([^"]*)"', embed)
    assert found
    examples = json.loads(html_module.unescape(found.group(1)))
    assert [e["name"] for e in examples] == list(plan.EXAMPLES)
    assert examples[0]["form"] == web.form_of(embed)
    buyer = examples[1]["form"]
    assert buyer["role"] == "buyer" and buyer["zopa.your_walk_away"] == "640,000" and buyer["trades"] == "false"
    assert examples[0]["form"]["zopa.your_walk_away"] == ""  # linked: left empty
    # Each example read back from its form is the example itself.
    for example, (_, inputs) in zip(examples, plan.EXAMPLES.items(), strict=True):
        reply = json.loads(web.update("plan", json.dumps(example["form"])))
        assert reply["ok"] and reply["inputs"] == json.loads(json.dumps(to_json(inputs)))


def test_the_switch_shows_the_buyers_plan_by_keyboard_alone(page: Any, server: str) -> None:
    page.goto(server + PAGE)
    wait_ready(page)
    page.focus("#calc-plan-name")  # the form's first field; the switch is just before it
    here = tab_until(page, lambda a: page.evaluate("() => document.activeElement.dataset.example === '1'"), back=True, limit=5)
    assert page.evaluate("() => document.activeElement.textContent") == "The Okafors' plan (buyer)", here
    page.keyboard.press("Enter")
    buyer = json.loads(json.dumps(to_json(plan.compute(plan.BUYER_EXAMPLE))))
    page.wait_for_function(f"() => {RESULT}.role === 'buyer'")
    # Their numbers: walk-away 640,000 as given, their range 500,000 to 600,000, target 590,000.
    assert as_floats(result(page)) == as_floats(buyer)
    assert page.input_value("#calc-plan-role") == "buyer"
    assert page.input_value("#calc-plan-zopa-your_walk_away") == "640,000"
    assert page.input_value("#calc-plan-name") == plan.BUYER_EXAMPLE.name
    assert "The Okafors' plan (buyer)" in page.inner_text(f"{CALC} .calc-status")
    group = page.get_by_role("group", name="Worked examples: load one into the form")
    assert group.get_by_role("button").all_inner_texts() == list(plan.EXAMPLES)

    # Back to the seller's, by keyboard: Shift+Tab from the buyer's button.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => {RESULT}.role === 'seller'")
    assert as_floats(result(page)) == as_floats(json.loads(json.dumps(to_json(plan.compute(plan.EXAMPLE)))))

    # "Reset to example" is the first example, the seller's.
    page.click(f"{CALC} [data-example='1']")
    page.wait_for_function(f"() => {RESULT}.role === 'buyer'")
    page.click(f"{CALC} [data-tool=reset]")
    page.wait_for_function(f"() => {RESULT}.role === 'seller'")
    assert page.input_value("#calc-plan-name") == plan.EXAMPLE.name


def test_start_empty_then_one_value_gives_a_plan_without_errors(page: Any, server: str) -> None:
    page.goto(server + PAGE)
    wait_ready(page)
    page.focus(f"{CALC} [data-tool=empty]")
    page.keyboard.press("Enter")
    # Every optional step is left out, every list empty, every text blank: an empty plan.
    assert page.evaluate(f"() => [...document.querySelectorAll('{CALC} [data-section-toggle]')].filter(b => b.checked).length") == 0
    assert page.input_value("#calc-plan-name") == ""
    assert page.locator(f"{CALC} [data-list='their_offers'] .calc-record").count() == 0
    assert "Started empty" in page.inner_text(f"{CALC} .calc-status")
    page.wait_for_function(f"() => {RESULT}.sections && Object.keys({RESULT}.sections).length === 0")

    page.fill("#calc-plan-name", "Fresh plan")
    page.wait_for_function(f"() => document.querySelector('{CALC} .calc-results').dataset.markdown.includes('Fresh plan')")
    empty = result(page)
    assert empty["walk_away"] is None and empty["sections"] == {}
    assert {m["section"] for m in empty["missing"]} == {step.name for step in plan.STEPS}
    assert page.locator(f"{CALC} .calc-error:not([hidden])").count() == 0
    assert page.inner_text(f"{CALC} .calc-messages").strip() == ""
    assert page.get_attribute(CALC, "data-state") == "ready"


def test_exported_linked_fields_stay_empty_and_open_back_linked(page: Any, server: str, tmp_path: Any) -> None:
    from tests.test_browser_tools import open_file

    page.goto(server + PAGE)
    wait_ready(page)
    with page.expect_download() as download:
        page.click(f"{CALC} [data-tool=json]")
    path = tmp_path / "plan.json"
    download.value.save_as(path)
    exported = json.loads(path.read_text())
    # The seller's example leaves its three links to earlier steps empty: so does its file.
    assert exported["inputs"]["zopa"]["your_walk_away"] is None
    assert exported["inputs"]["concessions"]["opening"] is None
    assert exported["inputs"]["concessions"]["walk_away"] is None
    assert {link["status"] for link in exported["result"]["links"]} == {"linked"}

    # Load the buyer's plan (whose walk-away is given), then open the file: the seller's plan is back, linked.
    page.click(f"{CALC} [data-example='1']")
    page.wait_for_function(f"() => {RESULT}.role === 'buyer'")
    open_file(page, "plan", path)
    page.wait_for_function(f"want => JSON.stringify({RESULT}) === JSON.stringify(want)", arg=exported["result"])
    for field in ("zopa-your_walk_away", "concessions-opening", "concessions-walk_away"):
        assert page.input_value(f"#calc-plan-{field}") == "", field
    links = result(page)["links"]
    assert links and all(link["status"] == "linked" for link in links)
