"""The plan: its command-line contract on random plans, its links for both roles, its errors, and Markdown for every
calculator."""

from __future__ import annotations

import contextlib
import dataclasses
import html
import io
import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import calculators
from calculators import CALCULATORS, plan, web
from calculators.__main__ import main
from calculators.fields import InputError, parse, schema, to_json
from calculators.render import Heading, Note, Summary, Table, _md, render_markdown

SELLER = to_json(plan.EXAMPLE)
BUYER = to_json(plan.BUYER_EXAMPLE)
STEP_KEYS = {s.key: s.name for s in plan.STEPS}


def run(*args: str, stdin: str = "") -> tuple[int, str, str]:
    """The command line, in this process: (exit status, standard output, standard error)."""
    out, err = io.StringIO(), io.StringIO()
    old = calculators.__main__.sys.stdin  # type: ignore[attr-defined]
    calculators.__main__.sys.stdin = io.StringIO(stdin)  # type: ignore[attr-defined]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(list(args))
            except SystemExit as e:
                status = int(e.code or 0)
    finally:
        calculators.__main__.sys.stdin = old  # type: ignore[attr-defined]
    return status, out.getvalue(), err.getvalue()


def run_json(*args: str, data: Any) -> Any:
    status, out, err = run(*args, stdin=json.dumps(data))
    assert status == 0, err
    return json.loads(out)


# -- the running example, by hand ------------------------------------------------------------


def test_the_running_example_by_hand() -> None:
    r = plan.compute(plan.EXAMPLE)
    # Step 2: relisting, 0.5 * 560,000 + 0.5 * 500,000 - 10,000 = 520,000, beats renting out,
    # 0.7 * 540,000 + 0.3 * 470,000 - 15,000 = 504,000 (no discounting).
    assert r.batna == "Relist in the spring" and r.batna_value == 520_000
    # Step 3: the seller's best ask is the midpoint of the walk-away and their highest, (520,000 + 640,000) / 2.
    assert r.sections["zopa"].result.best_ultimatum_price == 580_000
    # Step 4: 580,000 down to 555,000 in 4 steps each half the one before: 25,000 * 0.5 / (1 - 0.5**4) = 13,333.33 first.
    assert (r.opening, r.target, r.walk_away) == (580_000, 555_000, 520_000)
    assert r.concessions == pytest.approx((40_000 / 3, 20_000 / 3, 10_000 / 3, 5_000 / 3))
    # Their offers 505,000, 515,000, 520,000: steps 10,000 then 5,000 against yours 13,333.33 + 6,666.67 = 20,000.
    assert r.their_concessions == (10_000, 5_000) and r.their_pattern == "decreasing"
    assert r.reciprocity == pytest.approx(15_000 / 20_000)
    assert r.missing == () and set(r.sections) == set(STEP_KEYS.values())
    assert [(link.field, link.status, link.value) for link in r.links] == [
        ("zopa.your_walk_away", "linked", 520_000),
        ("concessions.walk_away", "linked", 520_000),
        ("concessions.opening", "linked", 580_000),
        ("trades.your_walk_away", "linked", 520_000),
    ]
    assert r.talks == plan.EXAMPLE.talks and r.secrets == plan.EXAMPLE.secrets
    # The three inputs of step 3's tornado, the widest swing first.
    assert [s.input for s in r.most_sensitive] == [s.input for s in r.sections["zopa"].result.sensitivity[:3]]


def test_the_buyers_links() -> None:
    r = plan.compute(plan.BUYER_EXAMPLE)
    fields = [link.field for link in r.links]
    # A buyer's walk-away price is given, never taken from step 2's value.
    assert "zopa.your_walk_away" not in fields
    # Best offer: min((640,000 + 500,000) / 2, 600,000) = 570,000; it is the opening; the walk-away flows on.
    assert r.sections["concessions"].inputs.opening == 570_000
    assert r.sections["concessions"].inputs.walk_away == 640_000 and r.sections["concessions"].inputs.role == "buyer"
    assert fields == ["concessions.walk_away", "concessions.opening"]
    # Left out, a buyer's walk-away is not linked: step 3 is missing, and says why, naming the field.
    no_limit = plan.compute(
        dataclasses.replace(plan.BUYER_EXAMPLE, zopa=plan.ZopaSection(their_walk_away_low=1.0, their_walk_away_high=2.0))
    )
    (zopa_missing, concessions_missing, trades_missing) = no_limit.missing
    assert zopa_missing.section == "zopa" and zopa_missing.reasons[0].startswith("zopa.your_walk_away: ")
    assert "a buyer gives it" in zopa_missing.reasons[0]
    assert concessions_missing.section == "concessions" and trades_missing.reasons == ("left out",)
    # The schema says so too.
    described = schema(plan.Inputs)["properties"]["zopa"]["properties"]["your_walk_away"]["description"]
    assert "Left out: for a seller, step 2's walk-away value; a buyer gives it" in described


def test_a_rule_broken_once_linked_leaves_the_step_out_and_says_why() -> None:
    # A target of 600,000 above the linked opening of 580,000: a seller's opening must be above the target.
    high = dataclasses.replace(plan.EXAMPLE, concessions=plan.ConcessionsSection(target=600_000.0))
    r = plan.compute(high)
    (missing,) = r.missing
    assert missing.section == "concessions" and missing.step == 4
    assert missing.reasons[0] == "concessions.opening: A seller's opening offer must be at least 0.01 above the target."
    assert "concessions" not in r.sections and r.opening is None and r.offers == ()
    # Step 4's walk-away then still comes from step 3.
    assert r.walk_away == 520_000


def test_an_override_is_reported_with_what_the_link_would_have_given() -> None:
    given = dataclasses.replace(
        plan.EXAMPLE,
        zopa=dataclasses.replace(plan.EXAMPLE.zopa, your_walk_away=530_000.0),  # type: ignore[arg-type]
    )
    r = plan.compute(given)
    link = r.links[0]
    assert (link.field, link.status, link.value, link.source_value) == ("zopa.your_walk_away", "overridden", 530_000, 520_000)
    # And the override flows on: step 4's walk-away is step 3's, 530,000; the best ask (530,000 + 640,000) / 2.
    assert r.sections["concessions"].inputs.walk_away == 530_000 and r.opening == 585_000
    assert "given, instead of 520,000" in render_markdown(plan.present(given, r))


def test_an_empty_plan_computes_and_says_every_step_is_missing() -> None:
    r = plan.compute(parse(plan.Inputs, {}))
    assert r.sections == {} and [m.section for m in r.missing] == [s.name for s in plan.STEPS]
    assert all(m.reasons == ("left out",) for m in r.missing)
    blocks = plan.present(parse(plan.Inputs, {}), r)
    assert isinstance(blocks[0], Heading) and blocks[0].text == "The plan on one page"
    assert sum(isinstance(b, Note) and "left out" in b.text for b in blocks) == len(plan.STEPS)


# -- the command-line contract, on random plans ---------------------------------------------------

LINKED = {"zopa": ("your_walk_away",), "concessions": ("opening", "walk_away"), "trades": ("your_walk_away",)}
SCALES = st.sampled_from([0.5, 0.9, 0.97, 1.0, 1.03, 1.1, 2.0])


@st.composite
def plans(draw: st.DrawFn) -> dict[str, Any]:
    """The seller's or the buyer's example with steps left out, linked fields left out or given, numbers moved."""
    raw = json.loads(json.dumps(draw(st.sampled_from([SELLER, BUYER]))))
    for key in STEP_KEYS:
        how = draw(st.sampled_from(["keep", "keep", "null", "absent"]))
        if how == "null":
            raw[key] = None
        elif how == "absent":
            raw.pop(key, None)
    for key, names in LINKED.items():
        section = raw.get(key)
        if section is None:
            continue
        for name in names:
            choice = draw(st.sampled_from(["leave out", "keep", "give"]))
            if choice == "leave out":
                section.pop(name, None)
            elif choice == "give":
                section[name] = draw(st.sampled_from([0.0, 480_000.0, 520_000.0, 560_000.0, 600_000.0, 700_000.0]))
    if raw.get("zopa"):
        raw["zopa"]["their_walk_away_high"] *= draw(SCALES)
    if raw.get("concessions") and raw["concessions"].get("target") is not None:
        raw["concessions"]["target"] *= draw(SCALES)
    if raw.get("batna"):
        raw["batna"]["alternatives"][0]["cost"] *= draw(SCALES)
    raw["their_offers"] = draw(st.lists(st.sampled_from([490_000.0, 505_000.0, 515_000.0, 600_000.0]), max_size=4))
    return raw


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=plans())
def test_every_section_is_its_own_calculator_on_its_inputs(raw: dict[str, Any]) -> None:
    full = run_json("run", "plan", "--full", data=raw)
    assert full["calculator"] == "plan" and full["inputs"]["role"] == raw["role"]
    result = full["result"]
    sections, missing = result["sections"], {m["section"]: m for m in result["missing"]}
    assert set(sections) | set(missing) == set(STEP_KEYS.values()) and not set(sections) & set(missing)
    for name, part in sections.items():
        assert set(part) == {"inputs", "result"}
        assert run_json("run", name, data=part["inputs"]) == part["result"], name
    for key, name in STEP_KEYS.items():
        if raw.get(key) is None:
            assert missing[name]["reasons"] == ["left out"]
    links = {link["field"]: link for link in result["links"]}
    seller = raw["role"] == "seller"
    batna_value = sections["batna"]["result"]["walk_away_value"] if "batna" in sections else None
    zopa_section, zopa = raw.get("zopa"), sections.get("zopa")
    if zopa is not None:
        assert zopa["inputs"]["role"] == raw["role"]
        if zopa_section.get("your_walk_away") is None:
            assert seller and zopa["inputs"]["your_walk_away"] == batna_value
            assert links["zopa.your_walk_away"]["status"] == "linked"
    if zopa_section is not None and zopa_section.get("your_walk_away") is None and not (seller and batna_value is not None):
        assert any(r.startswith("zopa.your_walk_away: ") for r in missing["zopa"]["reasons"])
    conc = sections.get("concessions")
    if conc is not None:
        assert conc["inputs"]["their_offers"] == raw["their_offers"] and conc["inputs"]["role"] == raw["role"]
        if raw["concessions"].get("walk_away") is None:
            expected = zopa["inputs"]["your_walk_away"] if zopa is not None else batna_value
            assert conc["inputs"]["walk_away"] == expected
        if raw["concessions"].get("opening") is None:
            assert zopa is not None and conc["inputs"]["opening"] == zopa["result"]["best_ultimatum_price"]
    trades_part = sections.get("trades")
    if trades_part is not None and raw["trades"].get("your_walk_away") is None:
        assert trades_part["inputs"]["your_walk_away"] == batna_value
    # A linked field given while its source has a value is reported as overridden, with that value.
    for field, link in links.items():
        key, name = field.split(".")
        if link["status"] == "overridden":
            assert raw[key][name] == link["value"]
        else:
            assert raw[key].get(name) is None and link["value"] == link["source_value"]
    # The one page's numbers are the steps' own.
    if conc is not None:
        assert result["opening"] == conc["inputs"]["opening"] and result["offers"] == conc["result"]["offers"]


def test_a_step_left_out_as_null_or_by_leaving_the_key_out_is_the_same() -> None:
    without = {k: v for k, v in SELLER.items() if k != "zopa"}
    assert run_json("run", "plan", data=without) == run_json("run", "plan", data=SELLER | {"zopa": None})


# -- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "line"),
    [
        (
            {"zopa": {"their_walk_away_low": "x", "their_walk_away_high": 1}},
            "zopa.their_walk_away_low: Their walk-away, low estimate must be a number, not 'x'.",
        ),
        ({"zopa": {"their_walk_away_high": 1}}, "zopa.their_walk_away_low: Their walk-away, low estimate is required."),
        ({"zopa": {"role": "buyer", "their_walk_away_low": 0, "their_walk_away_high": 1}}, "zopa.role: Unknown field 'role'"),
        ({"zopa": 5}, "zopa: Step 3: their side must be a JSON object of its fields, not 5."),
        ({"batna": {"offers": [{"value": "ten"}], "alternatives": []}}, "batna.offers[0].value: Value must be a number"),
        ({"concessions": {"rounds": 0}}, "concessions.rounds: Rounds must be between 1 and 100, not 0."),
        (
            {"talks": {"deadlines": [{"whose": "nobody's"}]}},
            "talks.deadlines[0].whose: Whose must be 'yours' or 'theirs' or 'both'",
        ),
        ({"their_offers": [1, "x"]}, "their_offers[1]: Their offer must be a number"),
        ({"time_pressure": {"pie": -1, "you_propose_first": True}}, "time_pressure.pie: Size of the pie must be above 0"),
    ],
)
def test_bad_input_names_the_field_by_its_full_path(change: dict[str, Any], line: str) -> None:
    status, out, err = run("run", "plan", stdin=json.dumps(change))
    assert status == 2 and out == "" and "Traceback" not in err
    assert any(got.startswith(line) for got in err.splitlines()), err


def test_form_errors_carry_the_sections_keys_and_words() -> None:
    form = web.form_of(web.widget("plan", "w.whl")) | {"zopa.their_walk_away_low": "lots"}
    out = json.loads(web.update("plan", json.dumps(form)))
    assert not out["ok"] and [e["key"] for e in out["errors"]] == ["zopa.their_walk_away_low"]
    assert "Step 3: their side: Their walk-away, low estimate must be a number" in html.unescape(out["html"])


def test_an_unticked_step_is_left_out_whatever_its_fields_hold() -> None:
    form = web.form_of(web.widget("plan", "w.whl")) | {"zopa": "false", "zopa.their_walk_away_low": "lots"}
    out = json.loads(web.update("plan", json.dumps(form)))
    assert out["ok"], out["errors"]
    assert out["inputs"]["zopa"] is None and "zopa" not in out["result"]["sections"]


# -- Markdown, for every calculator -----------------------------------------------------------------


@pytest.mark.parametrize("name", list(CALCULATORS))
def test_markdown_of_every_calculator_is_its_blocks(name: str) -> None:
    calc = calculators.get(name)
    inputs = calc.example
    blocks = calc.present(inputs, calc.compute(inputs))
    text = render_markdown(blocks)
    for block in blocks:
        if isinstance(block, Table):
            assert f"**{_md(block.caption)}**\n\n| {' | '.join(_md(c) for c in block.columns)} |" in text
            for row in block.rows:
                assert "| " + " | ".join(_md(c) for c in row) in text
        if isinstance(block, Summary):
            for label, value in block.items:
                assert f"- {_md(label)}: **{_md(value)}**" in text
    # The same text from the command line, the browser's update and the pre-rendered widget.
    status, out, err = run("run", name, "--example", "--markdown")
    assert status == 0 and out == text, err
    reply = json.loads(web.update(name, json.dumps(web.form_of(web.widget(name, "w.whl")))))
    assert reply["markdown"] == text
    found = re.search(r'class="calc-results"[^>]*data-markdown="([^"]*)"', web.widget(name, "w.whl"))
    assert found and html.unescape(found.group(1)) == text


def test_markdown_escapes_what_a_reader_types() -> None:
    evil = "<b>x</b> | *y* [z](http://e)"
    blocks = [
        Heading("# h"),
        Summary((("A", evil),)),
        Table("T", ("Name", "Value"), ((evil, "1"),), numeric=(1,)),
        Note(evil, "warning"),
    ]
    text = render_markdown(blocks)
    assert "<b>" not in text and "[z](" not in text and "*y*" not in text
    assert text.splitlines()[0] == "### \\# h"
    row = next(line for line in text.splitlines() if line.startswith("| \\<b"))
    assert row.replace("\\|", "").count("|") == 3  # two cells: the reader's pipe is escaped, not a column
    assert "| --- | ---: |" in text and text.endswith("\\[z\\](http://e)\n")
    assert "> **Warning:** \\<b\\>x\\</b\\>" in text


# -- JSON round trip -------------------------------------------------------------------------------


def test_the_browsers_export_runs_on_the_command_line_to_the_same_result() -> None:
    reply = json.loads(web.update("plan", json.dumps(web.form_of(web.widget("plan", "w.whl")))))
    exported = {"calculator": "plan", "inputs": reply["inputs"], "result": reply["result"]}
    assert run_json("run", "plan", data=exported) == reply["result"]
    full = run_json("run", "plan", "--full", data=exported)
    assert full == exported
    assert parse(plan.Inputs, full["inputs"]) == plan.EXAMPLE


def test_the_schema_lets_any_step_be_null_and_refuses_unknown_fields() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(schema(plan.Inputs))
    assert not list(validator.iter_errors(SELLER | {key: None for key in STEP_KEYS}))
    assert list(validator.iter_errors(SELLER | {"zopa": {"their_walk_away_low": 1, "their_walk_away_high": 2, "role": "x"}}))
    with pytest.raises(InputError):
        parse(plan.Inputs, SELLER | {"zopa": {"their_walk_away_low": 1, "their_walk_away_high": 2, "role": "x"}})


def test_each_step_is_a_fieldset_with_its_checkbox() -> None:
    page = web.widget("plan", "w.whl", {"zopa": None})
    assert '<fieldset class="calc-section" data-section="batna" data-state="in"><legend>Step 2: your walk-away</legend>' in page
    assert re.search(
        r'<input type="checkbox" id="calc-plan-batna" name="batna" data-path="batna" data-section-toggle value="true" checked',
        page,
    )
    # A step left out still shows its fields, empty, and its box unticked; the plan's own lists have no box.
    assert '<fieldset class="calc-section" data-section="zopa" data-state="out">' in page
    assert re.search(r'data-path="zopa" data-section-toggle value="true" aria', page)
    assert 'data-path="zopa.their_walk_away_low" aria-describedby="calc-plan-zopa-their_walk_away_low-help' in page
    assert 'placeholder="seller: from step 2"' in page and 'data-path="talks"' not in page
    form = web.form_of(page)
    assert form["zopa"] == "false" and form["batna"] == "true"
    assert json.loads(web.update("plan", json.dumps(form)))["inputs"]["zopa"] is None
