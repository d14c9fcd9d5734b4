"""web.form_of reads a widget's form as the browser does; web.warm_up runs every calculator once, for the snapshot."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from calculators import CALCULATORS, web

ROOT = Path(__file__).resolve().parents[1]

#: readForm in calculators.mjs, run on a widget in Chromium: what form_of must agree with.
READ_FORM = """() => {
  const out = {};
  for (const control of document.querySelectorAll("[data-path]")) {
    if (control.type === "checkbox") out[control.dataset.path] = control.checked ? "true" : "false";
    else if (control.matches("input, select, textarea")) out[control.dataset.path] = control.value;
  }
  return out;
}"""


def test_inputs_and_checkboxes_as_the_browser_sends_them() -> None:
    html = (
        '<input type="text" data-path="offers.0.name" value="Harbor Corp&#x27;s &amp; co">'
        '<input data-path="rate" value="1,5">'
        '<input data-path="empty">'
        '<input type="checkbox" data-path="a" value="true" checked>'
        '<input type="CHECKBOX" data-path="b" value="true">'
    )
    assert web.form_of(html) == {"offers.0.name": "Harbor Corp's & co", "rate": "1,5", "empty": "", "a": "true", "b": "false"}


def test_template_rows_and_controls_without_a_path_are_not_part_of_the_form() -> None:
    html = (
        '<div class="calc-record" data-path="offers.0"><input data-path="offers.0.value" value="1"></div>'
        '<template><div><input data-path="offers.0.value" value="blank">'
        '<template><input data-path="offers.0.inner" value="x"></template></div>'
        '<select data-path="kind"><option value="z" selected>z</option></select></template>'
        '<input name="unnamed" value="2"><button data-path="offers.0">Remove</button>'
    )
    assert web.form_of(html) == {"offers.0.value": "1"}


def test_a_select_is_its_selected_option_or_else_its_first() -> None:
    html = (
        '<select data-path="picked"><option value="a">A</option><option value="b" selected>B</option></select>'
        '<select data-path="first"><option value="a">A</option><option value="b">B</option></select>'
        '<select data-path="unclosed"><option value="a">A<option value="b" selected>B</select>'
        '<select data-path="last"><option value="a" selected>A</option><option value="b" selected>B</option></select>'
        '<select data-path="text"><option> two  words </option></select>'
        '<select data-path="none"></select>'
    )
    assert web.form_of(html) == {"picked": "b", "first": "a", "unclosed": "b", "last": "b", "text": "two words", "none": ""}


def test_a_textarea_is_its_text() -> None:
    assert web.form_of('<textarea data-path="note">\nline &lt;1&gt;\nline 2</textarea>') == {"note": "line <1>\nline 2"}


@pytest.mark.browser
def test_form_of_agrees_with_the_browser_on_every_widget(browser: Any) -> None:
    page = browser.new_page(java_script_enabled=True)
    try:
        for name in CALCULATORS:
            html = web.widget(name, "w.whl")
            page.set_content(html)
            seen = page.evaluate(READ_FORM)
            assert web.form_of(html) == seen, name
            assert seen, f"{name}: no form controls"
    finally:
        page.close()


def test_warm_up_runs_every_calculator_through_its_form_and_its_error_path(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, dict[str, str]]] = []
    update = web.update

    def recording(name: str, form_json: str, base: str = "") -> str:
        calls.append((name, json.loads(form_json)))
        return update(name, form_json, base)

    monkeypatch.setattr(web, "update", recording)
    web.warm_up()
    for name in CALCULATORS:
        forms = [form for called, form in calls if called == name]
        assert forms == [web.form_of(web.widget(name, "any.whl")), {}], name
        assert forms[0], name


def test_warm_up_names_each_calculator_whose_example_does_not_compute(monkeypatch: pytest.MonkeyPatch) -> None:
    update = web.update
    broken = {"zopa", "repeated"}

    def failing(name: str, form_json: str, base: str = "") -> str:
        if name in broken and form_json != "{}":
            return json.dumps({"ok": False, "errors": [{"key": "price", "message": "Enter a number."}], "html": ""})
        return update(name, form_json, base)

    monkeypatch.setattr(web, "update", failing)
    with pytest.raises(RuntimeError) as raised:
        web.warm_up()
    message = str(raised.value)
    assert "zopa (price: Enter a number.)" in message and "repeated (price: Enter a number.)" in message
    assert "worked examples do not compute" in message and "batna" not in message


def test_the_snapshot_maker_runs_one_line_of_python() -> None:
    """Python lives in the package, where ruff, mypy and these tests see it: the Node script only calls it."""
    script = (ROOT / "sitebuild" / "snapshot.mjs").read_text(encoding="utf-8")
    assert re.findall(r"runPython\((.*)\)", script) == ['"from calculators.web import warm_up; warm_up()"']
    assert "HTMLParser" not in script and "import json" not in script
