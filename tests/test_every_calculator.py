"""What holds for every calculator: the example runs, defaults are neutral, docs are runnable, the form round-trips,
the schema is standard JSON Schema, fuzzed input never crashes."""

from __future__ import annotations

import doctest
import importlib
import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculators import CALCULATORS, web
from calculators.fields import InputError, defaults, describe, parse, required, schema, to_json

NAMES = list(CALCULATORS)


@pytest.mark.parametrize("name", NAMES)
def test_example_computes_and_renders(name: str) -> None:
    calc = CALCULATORS[name]
    example = calc.example
    assert isinstance(example, calc.inputs)
    html, result = web.results_html(name, example)
    assert "<table class=\"calc-grid\">" in html
    json.dumps(result, allow_nan=False)  # results are plain, finite JSON
    assert parse(calc.inputs, to_json(example)) == example


@pytest.mark.parametrize("name", NAMES)
def test_defaults_are_not_the_example(name: str) -> None:
    """Leaving a field out never means "as in the page's example": it means a neutral default, or it is an error naming it."""
    calc = CALCULATORS[name]
    needed = required(calc.inputs)
    try:
        inputs = parse(calc.inputs, {})
    except InputError as e:
        assert needed, "only required fields may make {} fail"
        assert sorted(p.where for p in e.problems) == sorted(needed)
        assert all(p.message.endswith("is required.") for p in e.problems)
    else:
        assert not needed
        assert inputs != calc.example
    # Every required field, given as in the example, with the rest left out, is enough.
    example = to_json(calc.example)
    inputs = parse(calc.inputs, {k: example[k] for k in needed})
    assert {k: v for k, v in to_json(inputs).items() if k in defaults(calc.inputs)} == defaults(calc.inputs)


@pytest.mark.parametrize("name", NAMES)
def test_every_field_is_described(name: str) -> None:
    for f in describe(CALCULATORS[name].inputs):
        assert f.meta.label and f.meta.help, f"{name}.{f.name} needs a label and help text"
    assert schema(CALCULATORS[name].inputs)["additionalProperties"] is False


@pytest.mark.parametrize("name", NAMES)
def test_schema_is_standard_json_schema(name: str) -> None:
    """A standard validator accepts the schema itself and the example, and rejects a missing required field."""
    jsonschema = pytest.importorskip("jsonschema")
    calc = CALCULATORS[name]
    document = schema(calc.inputs, calc.title, calc.question)
    jsonschema.Draft202012Validator.check_schema(document)
    validator = jsonschema.Draft202012Validator(document)
    example = to_json(calc.example)
    assert not list(validator.iter_errors(example))
    for field in required(calc.inputs):
        assert list(validator.iter_errors({k: v for k, v in example.items() if k != field}))
    assert list(validator.iter_errors(example | {"not_a_field": 1}))


@pytest.mark.parametrize("name", NAMES)
def test_module_docstring_example_runs(name: str) -> None:
    module = importlib.import_module(CALCULATORS[name].compute.__module__)
    assert module.__doc__ and "Source" in module.__doc__
    failures, tried = doctest.testmod(module)
    assert tried > 0 and failures == 0


@pytest.mark.parametrize("name", NAMES)
def test_prerendered_form_feeds_back_to_the_same_result(name: str) -> None:
    """The form's own text, read back as the browser would, gives the example's result."""
    out = json.loads(web.update(name, json.dumps(web.form_of(web.widget(name, "w.whl")))))
    assert out["ok"], out["errors"]
    expected = web.results_html(name, CALCULATORS[name].example)[1]
    assert _close(out["result"], expected), (out["result"], expected)


def _close(a: object, b: object) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) or isinstance(b, float):
        return a == pytest.approx(b, rel=1e-12)
    return a == b


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fuzzed_input_is_accepted_or_rejected_never_crashes(name: str, data: st.DataObject) -> None:
    calc = CALCULATORS[name]
    names = [f.name for f in describe(calc.inputs)]
    raw = data.draw(st.dictionaries(st.sampled_from(names + ["unknown"]), json_values, max_size=len(names)))
    try:
        inputs = parse(calc.inputs, raw)
    except InputError as e:
        assert e.problems and all(p.message for p in e.problems)
        return
    html, result = web.results_html(name, inputs)
    json.dumps(result, allow_nan=False)


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_what_we_accept_the_standard_schema_accepts(name: str, data: st.DataObject) -> None:
    """Our validator never accepts what the published schema rejects (it may reject more: cross-field rules)."""
    jsonschema = pytest.importorskip("jsonschema")
    calc = CALCULATORS[name]
    validator = jsonschema.Draft202012Validator(schema(calc.inputs))
    example = to_json(calc.example)
    key = data.draw(st.sampled_from(sorted(example)))
    raw = example | {key: data.draw(json_values)}
    try:
        parse(calc.inputs, raw)
    except InputError:
        return
    assert not list(validator.iter_errors(raw)), raw


@pytest.mark.parametrize("name", NAMES)
def test_cli_fuzz_exit_status_is_0_or_2(name: str) -> None:
    """A few hostile documents through the real command line: exit 0 or 2, never a traceback."""
    docs = [
        '{"a": ' * 50 + "1" + "}" * 50,
        '{"x": "' + "9" * 100_000 + '"}',
        "1e999",
        '{"rounds": -3}',
        "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
    ]
    for doc in docs:
        out = subprocess.run(
            [sys.executable, "-m", "calculators", "run", name], input=doc, capture_output=True, text=True, timeout=60
        )
        assert out.returncode in (0, 2), out.stderr
        assert "Traceback" not in out.stderr


def test_every_parity_case_is_valid_input() -> None:
    """The browser parity cases (the example with some fields changed) are checked here first, in seconds."""
    from pathlib import Path

    cases = json.loads((Path(__file__).parent / "cases" / "parity.json").read_text(encoding="utf-8"))
    assert set(cases) <= set(NAMES), "parity cases for a calculator the registry does not have"
    for name, changes in cases.items():
        for change in changes:
            parse(CALCULATORS[name].inputs, to_json(CALCULATORS[name].example) | change)
