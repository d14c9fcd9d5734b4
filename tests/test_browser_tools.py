"""The reader's own tools on every calculator, in headless Chromium: saved sets of inputs, opening an exported
file, the Markdown download, and the CSV download: Python's CSV of the results, which a spreadsheet cannot run.

The tools are the same code for every calculator (the browser module builds them on each one), so each test
drives one calculator and a few check the tools are on all of them.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from calculators import CALCULATORS, batna
from calculators.render import render_csv
from tests.test_browser_features import as_floats, calc, nudge, result, url_of, wait_ready

pytestmark = pytest.mark.browser

SAME_RESULT = "([sel, want]) => JSON.stringify(JSON.parse(document.querySelector(sel).dataset.result)) === JSON.stringify(want)"


def wait_result(page: Any, name: str, want: Any) -> None:
    page.wait_for_function(SAME_RESULT, arg=[f"{calc(page, name)} .calc-results", json.loads(json.dumps(want))])


def saved_names(page: Any, name: str) -> list[str]:
    select = page.locator(f"#calc-{name}-saved-list")
    if page.locator(f'{calc(page, name)} [data-saved="load"]').is_disabled():
        return []
    return [str(v) for v in select.locator("option").all_inner_texts()]


def status(page: Any, name: str) -> str:
    return str(page.inner_text(f"{calc(page, name)} .calc-status"))


def test_every_calculator_has_the_tools_labelled(page: Any, server: str) -> None:
    for name in CALCULATORS:
        page.goto(server + url_of(name))
        el = page.locator(calc(page, name))
        el.locator(".calc-saved").wait_for()
        assert el.get_by_role("button", name="Open a file").is_visible()
        assert el.get_by_label("Name for these inputs").is_visible()
        assert el.get_by_label("Your saved inputs").is_visible()
        for button in ("Save", "Load", "Delete"):
            assert el.get_by_role("button", name=button, exact=True).count() == 1


def test_saved_sets_are_named_listed_loaded_and_deleted(page: Any, server: str) -> None:
    name = "zopa"
    page.goto(server + url_of(name))
    wait_ready(page, name)
    assert saved_names(page, name) == []  # nothing saved yet: Load and Delete are off
    example = result(page, name)

    # Save the example under a name, by keyboard: type it, press Enter.
    page.focus(f"#calc-{name}-saved-name")
    page.keyboard.type("Example as it came")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.querySelector('#calc-{name}-saved-list').options[0].text === 'Example as it came'")
    assert "Saved \u201cExample as it came\u201d" in status(page, name)
    assert page.input_value(f"#calc-{name}-saved-name") == ""

    # Change the inputs and save them as a second set: both are listed.
    page.fill(f"#calc-{name}-your_walk_away", "560,000")
    page.wait_for_function(
        f"() => JSON.parse(document.querySelector('{calc(page, name)} .calc-results').dataset.result).best_ultimatum_price === 600000"
    )  # (640,000 + 560,000) / 2 = 600,000: halfway between the walk-away and the top of their range
    changed = result(page, name)
    page.fill(f"#calc-{name}-saved-name", "Firmer walk-away")
    page.click(f'{calc(page, name)} [data-saved="save"]')
    page.wait_for_function(f"() => document.querySelector('#calc-{name}-saved-list').options.length === 2")
    assert saved_names(page, name) == ["Example as it came", "Firmer walk-away"]

    # Load the first set: its inputs and results come back.
    page.select_option(f"#calc-{name}-saved-list", label="Example as it came")
    page.click(f'{calc(page, name)} [data-saved="load"]')
    wait_result(page, name, example)
    assert page.input_value(f"#calc-{name}-your_walk_away") == "520,000"
    assert "Loaded \u201cExample as it came\u201d" in status(page, name)

    # A reload keeps the current inputs (the loaded set) and the list.
    page.reload()
    wait_ready(page, name)
    wait_result(page, name, example)
    assert saved_names(page, name) == ["Example as it came", "Firmer walk-away"]

    # Saving under a name already used replaces that set, not adds one.
    page.select_option(f"#calc-{name}-saved-list", label="Firmer walk-away")
    page.click(f'{calc(page, name)} [data-saved="load"]')
    wait_result(page, name, changed)
    page.fill(f"#calc-{name}-saved-name", "Firmer walk-away")
    page.press(f"#calc-{name}-saved-name", "Enter")
    page.wait_for_function(f"() => document.querySelector('{calc(page, name)} .calc-status').textContent.includes('in place of')")
    assert saved_names(page, name) == ["Example as it came", "Firmer walk-away"]

    # Delete one: it leaves the list, and stays gone after a reload.
    page.select_option(f"#calc-{name}-saved-list", label="Example as it came")
    page.click(f'{calc(page, name)} [data-saved="delete"]')
    page.wait_for_function(f"() => document.querySelector('#calc-{name}-saved-list').options.length === 1")
    assert "Deleted \u201cExample as it came\u201d" in status(page, name)
    page.reload()
    wait_ready(page, name)
    assert saved_names(page, name) == ["Firmer walk-away"]
    page.click(f'{calc(page, name)} [data-saved="delete"]')
    page.wait_for_function(f"() => document.querySelector('{calc(page, name)} [data-saved=\"load\"]').disabled")
    assert saved_names(page, name) == []
    # Each calculator keeps its sets under a key of its own.
    stored = page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('walkaway:saved:'))")
    assert stored == ["walkaway:saved:zopa"]


def test_saving_without_a_name_asks_for_one(page: Any, server: str) -> None:
    page.goto(server + url_of("zopa"))
    wait_ready(page, "zopa")
    page.focus("#calc-zopa-saved-name")
    page.keyboard.press("Enter")
    assert "Type a name" in status(page, "zopa")
    assert page.evaluate("() => document.activeElement.id") == "calc-zopa-saved-name"
    assert saved_names(page, "zopa") == []


def open_file(page: Any, name: str, path: Path) -> None:
    with page.expect_file_chooser() as chooser:
        page.click(f'{calc(page, name)} [data-tool="open"]')
    chooser.value.set_files(str(path))


def test_an_exported_file_opens_back_into_the_form(page: Any, server: str, tmp_path: Path) -> None:
    name = "batna"
    page.goto(server + url_of(name))
    wait_ready(page, name)
    nudge(page, name)
    page.fill(f"#calc-{name}-offers-1-name", "Opened from a file")
    page.wait_for_function(
        f"() => JSON.parse(document.querySelector('{calc(page, name)} .calc-results').dataset.result).offers[1].name === 'Opened from a file'"
    )
    form_before = page.eval_on_selector(f"{calc(page, name)} .calc-form", READ_FORM)
    with page.expect_download() as info:
        page.click(f"{calc(page, name)} [data-tool=json]")
    exported = tmp_path / "mine.json"
    info.value.save_as(exported)
    expected = json.loads(exported.read_text())["result"]

    page.click(f"{calc(page, name)} [data-tool=reset]")
    page.wait_for_function(
        f"() => JSON.parse(document.querySelector('{calc(page, name)} .calc-results').dataset.result).offers[1].name !== 'Opened from a file'"
    )
    open_file(page, name, exported)
    wait_result(page, name, expected)
    assert page.eval_on_selector(f"{calc(page, name)} .calc-form", READ_FORM) == form_before
    assert "\u201cmine.json\u201d" in status(page, name)
    assert page.inner_text(f"{calc(page, name)} .calc-messages").strip() == ""


def test_a_file_from_the_command_line_gives_the_command_line_result(page: Any, server: str, tmp_path: Path) -> None:
    """A file written by ``run --full``, with one input changed by hand, computes in the browser exactly as it
    does on the command line; a list with a row fewer than the page's example loses that row."""
    name = "batna"
    out = subprocess.run([sys.executable, "-m", "calculators", "run", name, "--example", "--full"], capture_output=True, text=True, timeout=60)
    doc = json.loads(out.stdout)
    doc["inputs"]["offers"] = doc["inputs"]["offers"][:1]
    doc["inputs"]["offers"][0]["value"] = 1_234_567.5
    path = tmp_path / "by-hand.json"
    path.write_text(json.dumps(doc))
    cli = subprocess.run([sys.executable, "-m", "calculators", "run", name, str(path)], capture_output=True, text=True, timeout=60)
    assert cli.returncode == 0, cli.stderr
    want = json.loads(cli.stdout)

    page.goto(server + url_of(name))
    wait_ready(page, name)
    open_file(page, name, path)
    page.wait_for_function(
        f"() => JSON.parse(document.querySelector('{calc(page, name)} .calc-results').dataset.result).offers.length === 1"
    )
    assert as_floats(result(page, name)) == as_floats(want)
    assert page.input_value(f"#calc-{name}-offers-0-value") == "1234567.5"
    assert page.locator(f"{calc(page, name)} [data-list=offers] .calc-record").count() == 1


BAD_FILES = {
    "not-json.json": ("{this is not json", "not a JSON file"),
    "a-list.json": ("[1, 2, 3]", "should be one JSON object"),
    "other.json": (json.dumps({"calculator": "zopa", "inputs": {"role": "seller"}, "result": {}}), "the \u201czopa\u201d calculator"),
    "package.json": (json.dumps({"name": "something", "version": "1.0.0"}), "not an export of this calculator"),
    "damaged.json": (json.dumps({"calculator": "batna", "inputs": [1]}), "are not a JSON object"),
}


@pytest.mark.parametrize("file_name", BAD_FILES)
def test_a_wrong_or_broken_file_is_refused_with_a_clear_message(page: Any, server: str, tmp_path: Path, file_name: str) -> None:
    name = "batna"
    text, words = BAD_FILES[file_name]
    path = tmp_path / file_name
    path.write_text(text)
    page.goto(server + url_of(name))
    wait_ready(page, name)
    before = result(page, name)
    form_before = page.eval_on_selector(f"{calc(page, name)} .calc-form", READ_FORM)
    open_file(page, name, path)
    alert = page.locator(f"{calc(page, name)} .calc-messages [role=alert]")
    alert.wait_for()
    message = alert.inner_text()
    assert words in message and f"\u201c{file_name}\u201d" in message
    # Nothing changed: the form, the results, and the inputs kept in the browser.
    assert page.eval_on_selector(f"{calc(page, name)} .calc-form", READ_FORM) == form_before
    assert result(page, name) == before
    assert page.evaluate(f"() => localStorage.getItem('walkaway:calc:{name}')") is None


def test_an_inputs_file_with_a_bad_value_names_the_field(page: Any, server: str, tmp_path: Path) -> None:
    """A file whose inputs are well-formed JSON but wrong for the model is loaded, and Python names the field,
    as it does for anything typed."""
    name = "zopa"
    path = tmp_path / "bad-value.json"
    path.write_text(json.dumps({"calculator": name, "inputs": {"your_walk_away": "lots"}}))
    page.goto(server + url_of(name))
    wait_ready(page, name)
    open_file(page, name, path)
    error = page.locator(f'{calc(page, name)} .calc-error[data-error-for="your_walk_away"]')
    error.wait_for()
    assert "number" in error.inner_text().lower()


READ_FORM = """form => Object.fromEntries([...form.querySelectorAll('[data-path]')]
    .filter(c => c.matches('input, select')).map(c => [c.dataset.path, c.value]))"""


def test_markdown_download_is_the_results_markdown(page: Any, server: str, tmp_path: Path) -> None:
    name = "zopa"
    page.goto(server + url_of(name))
    wait_ready(page, name)
    button = page.locator(f'{calc(page, name)} [data-tool="markdown"]')
    assert button.is_visible(), "no Markdown in the page: render.py should put data-markdown on .calc-results"
    page.fill(f"#calc-{name}-your_walk_away", "560,000")
    # (640,000 + 560,000) / 2 = 600,000, the best take-it-or-leave-it ask for this walk-away.
    page.wait_for_function(
        f"() => (document.querySelector('{calc(page, name)} .calc-results').dataset.markdown || '').includes('600,000')"
    )
    with page.expect_download() as info:
        button.click()
    assert info.value.suggested_filename == f"{name}.md"
    saved = tmp_path / "plan.md"
    info.value.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    assert text.rstrip("\n") == page.get_attribute(f"{calc(page, name)} .calc-results", "data-markdown").rstrip("\n")
    assert "600,000" in text and "<table" not in text and "<div" not in text  # Markdown, not HTML


def test_markdown_and_csv_buttons_are_hidden_when_the_page_has_neither(context: Any, server: str) -> None:
    """A page built without Markdown or CSV for its results (an older build) offers no empty download."""

    def strip(route: Any) -> None:
        response = route.fetch()
        body = re.sub(r' data-(markdown|csv)="[^"]*"', "", response.text())
        route.fulfill(response=response, body=body)

    context.route(re.compile(r".*/calculators/zopa/(index\.html)?$"), strip)
    page = context.new_page()
    page.goto(server + "calculators/zopa/", wait_until="domcontentloaded")
    page.wait_for_selector('.calc[data-calc="zopa"][data-mounted]')
    assert page.get_attribute('.calc[data-calc="zopa"] .calc-results', "data-markdown") is None
    assert page.locator('.calc[data-calc="zopa"] [data-tool="markdown"]').is_hidden()
    assert page.get_attribute('.calc[data-calc="zopa"] .calc-results', "data-csv") is None
    assert page.locator('.calc[data-calc="zopa"] [data-tool="csv"]').is_hidden()
    assert page.locator('.calc[data-calc="zopa"] [data-tool="open"]').is_visible()


def download_csv(page: Any, name: str, tmp_path: Path) -> bytes:
    with page.expect_download() as info:
        page.click(f"{calc(page, name)} [data-tool=csv]")
    assert info.value.suggested_filename == f"{name}.csv"
    path = tmp_path / f"{name}.csv"
    info.value.save_as(path)
    return path.read_bytes()


def python_csv(inputs: batna.Inputs) -> bytes:
    return render_csv(batna.present(inputs, batna.compute(inputs))).encode("utf-8")


def test_csv_download_is_pythons_csv_of_the_inputs_shown(page: Any, server: str, tmp_path: Path) -> None:
    """The CSV saved is the one Python writes for the inputs in the form, byte for byte (CRLF line ends too):
    the page's own, as built, then the live one's after inputs change. A name typed as "+1" is text in it."""
    name = "batna"
    page.goto(server + url_of(name))
    page.wait_for_selector(f"{calc(page, name)}[data-mounted]")
    assert download_csv(page, name, tmp_path) == python_csv(batna.EXAMPLE)
    assert page.get_attribute(calc(page, name), "data-updates") is None  # the CSV the page was built with

    wait_ready(page, name)
    page.fill(f"#calc-{name}-offers-0-name", "+1")
    page.fill(f"#calc-{name}-offers-1-value", "990,000")
    page.wait_for_function(
        f"""() => {{ const csv = document.querySelector('{calc(page, name)} .calc-results').dataset.csv || '';
            return csv.includes("'+1,") && csv.includes('"990,000"'); }}"""
    )
    changed = download_csv(page, name, tmp_path)
    first, second = batna.EXAMPLE.offers[:2]
    offers = (dataclasses.replace(first, name="+1"), dataclasses.replace(second, value=990_000.0), *batna.EXAMPLE.offers[2:])
    assert changed == python_csv(dataclasses.replace(batna.EXAMPLE, offers=offers))


HOSTILE_NAMES = ["=1+2", "+SUM(A1:A2)", "-2+3", "@cmd", "=HYPERLINK(\"http://example.invalid\",\"x\")"]


def test_csv_cells_cannot_run_as_formulas(page: Any, server: str, tmp_path: Path) -> None:
    name = "batna"
    page.goto(server + url_of(name))
    wait_ready(page, name)
    # Three offers named like formulas (the names appear in the offers table), the third a loss: -200,000.
    page.fill(f"#calc-{name}-offers-0-name", HOSTILE_NAMES[0])
    page.fill(f"#calc-{name}-offers-1-name", HOSTILE_NAMES[1])
    page.click(f"{calc(page, name)} fieldset[data-list='offers'] > .calc-add")
    page.fill(f"#calc-{name}-offers-2-name", HOSTILE_NAMES[2])
    page.fill(f"#calc-{name}-offers-2-value", "980,000")
    page.fill(f"#calc-{name}-alternatives-0-name", HOSTILE_NAMES[3])
    page.fill(f"#calc-{name}-alternatives-1-name", HOSTILE_NAMES[4])
    page.wait_for_function(
        f"""() => {{ const r = JSON.parse(document.querySelector('{calc(page, name)} .calc-results').dataset.result);
            return r.offers.length === 3 && r.offers[2].name === '-2+3' && r.alternatives[1].name.startsWith('=HYPERLINK'); }}"""
    )
    with page.expect_download() as info:
        page.click(f"{calc(page, name)} [data-tool=csv]")
    path = tmp_path / "out.csv"
    info.value.save_as(path)
    cells = [cell for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"))) for cell in row]
    # No cell a spreadsheet would run: every one that starts like a formula is a plain number.
    number = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$")
    runnable = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r") and not number.match(c)]
    assert runnable == []
    for hostile in HOSTILE_NAMES:
        assert "'" + hostile in cells, hostile
    # Numbers stay numbers: Lakeside's 980,000 against Harbor's 1,180,000 is a surplus of -200,000.
    assert "-200,000" in cells


def test_tools_are_usable_by_keyboard_alone(page: Any, server: str) -> None:
    """From the last toolbar button, Tab reaches the saved-inputs form; Enter saves, arrows choose, Enter loads."""
    name = "zopa"
    page.goto(server + url_of(name))
    wait_ready(page, name)
    page.focus(f"{calc(page, name)} [data-tool=print]")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == f"calc-{name}-saved-name"
    page.keyboard.type("One")
    page.keyboard.press("Enter")
    page.keyboard.type("Two")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.querySelector('#calc-{name}-saved-list').options.length === 2")
    for key in ("Tab", "Tab"):  # past Save to the list
        page.keyboard.press(key)
    assert page.evaluate("() => document.activeElement.id") == f"calc-{name}-saved-list"
    page.keyboard.press("ArrowUp")
    assert page.input_value(f"#calc-{name}-saved-list") == "One"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.dataset.saved") == "load"
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.querySelector('{calc(page, name)} .calc-status').textContent.includes('Loaded')")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
