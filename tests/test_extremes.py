"""Extreme values through every calculator: exit 0 with finite numbers, or exit 2 naming the field; nothing else.

The command line is run in-process (``main``), so that thousands of documents take seconds; every exception
other than the ``SystemExit`` of a refusal fails the test. Each document starts from the page's worked example
and replaces one or all of its numbers (or names) with an extreme.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculators import CALCULATORS
from calculators.__main__ import main
from calculators.fields import MAX_MAGNITUDE, InputError, parse, to_json

NAMES = list(CALCULATORS)

EXTREME_NUMBERS: list[Any] = [
    1e308,
    -1e308,
    1e-320,
    -1e-320,
    5e-324,
    0,
    -0.0,
    MAX_MAGNITUDE,
    -MAX_MAGNITUDE,
    MAX_MAGNITUDE * (1 - 1e-15),
    10**400,
    -(10**400),
    10**15 + 1,
    1e15 / 3,
    0.1,
    0.999999999,
    1.000001,
    2**53 + 1,
]
EXTREME_TEXT = ["", " ", "x" * 80, "x" * 81, "\u00e9\u00e8\u00ea" * 26, "\U0001f600" * 40, "<script>alert(1)</script>", "a\u0000b"]


def run_cli(name: str, document: str) -> tuple[int, str, str]:
    """``python -m calculators run NAME`` on ``document``, in this process."""
    out, err = io.StringIO(), io.StringIO()
    stdin = sys.stdin
    sys.stdin = io.StringIO(document)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(["run", name])
            except SystemExit as e:
                status = e.code if isinstance(e.code, int) else 1
    finally:
        sys.stdin = stdin
    return status, out.getvalue(), err.getvalue()


def all_finite(data: Any) -> bool:
    if isinstance(data, float):
        return math.isfinite(data)
    if isinstance(data, dict):
        return all(all_finite(v) for v in data.values())
    if isinstance(data, list):
        return all(all_finite(v) for v in data)
    return True


def leaves(data: Any, kind: type | tuple[type, ...], path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Paths to the leaves of ``kind`` in JSON data (booleans are not numbers here)."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from leaves(v, kind, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from leaves(v, kind, (*path, i))
    elif isinstance(data, kind) and not isinstance(data, bool):
        yield path


def put(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, *rest = path
    if isinstance(data, dict):
        return {**data, head: put(data[head], tuple(rest), value)}
    copy = list(data)
    copy[head] = put(copy[head], tuple(rest), value)
    return copy


def check_outcome(name: str, raw: Any) -> None:
    status, out, err = run_cli(name, json.dumps(raw))
    assert status in (0, 2), (status, err)
    assert "Traceback" not in err
    if status == 0:
        assert not err
        result = json.loads(out)  # whole, valid JSON
        assert all_finite(result)
    else:
        assert not out, "a refusal prints nothing on standard output"
        lines = err.strip().splitlines()
        assert lines and all(": " in line for line in lines), err  # each problem names where it is
    # The model itself, not only the command line's backstop, must cope with whatever passes validation.
    try:
        inputs = parse(CALCULATORS[name].inputs, raw)
    except InputError:
        assert status == 2
        return
    result = to_json(CALCULATORS[name].compute(inputs))
    json.dumps(result, allow_nan=False)


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_one_extreme_number(name: str, data: st.DataObject) -> None:
    example = to_json(CALCULATORS[name].example)
    paths = list(leaves(example, (int, float)))
    if not paths:  # a calculator of answers only (diagnosis): every number is a field it does not have
        check_outcome(name, example | {"not_a_field": data.draw(st.sampled_from(EXTREME_NUMBERS))})
        return
    path = data.draw(st.sampled_from(paths))
    check_outcome(name, put(example, path, data.draw(st.sampled_from(EXTREME_NUMBERS))))


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("value", EXTREME_NUMBERS, ids=repr)
def test_every_number_extreme_at_once(name: str, value: Any) -> None:
    example = to_json(CALCULATORS[name].example)
    raw = example
    for path in leaves(example, (int, float)):
        raw = put(raw, path, value)
    check_outcome(name, raw)


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_extreme_text(name: str, data: st.DataObject) -> None:
    example = to_json(CALCULATORS[name].example)
    paths = list(leaves(example, str))
    if not paths:
        return
    path = data.draw(st.sampled_from(paths))
    check_outcome(name, put(example, path, data.draw(st.sampled_from(EXTREME_TEXT) | st.text(max_size=100))))


@pytest.mark.parametrize(
    "name, document",
    [
        ("time-pressure", '{"pie": 1' + "0" * 400 + "}"),
        ("batna", '{"offers": [{"name": "a", "value": 1}], "offers": []}'),
        ("zopa", '{"role": "buyer", "role": "seller"}'),
    ],
)
def test_documents_the_issue_named(name: str, document: str) -> None:
    """A 401-digit integer (float() overflows on it) and duplicate keys: refused with exit 2, no traceback."""
    status, out, err = run_cli(name, document)
    assert status == 2 and not out and "Traceback" not in err
    assert err.strip()


def test_duplicate_keys_are_named() -> None:
    status, _, err = run_cli("zopa", '{"role": "buyer", "role": "seller"}')
    assert status == 2 and "'role' appears twice" in err


def test_huge_integer_is_named() -> None:
    status, _, err = run_cli("time-pressure", '{"pie": 1' + "0" * 400 + "}")
    assert status == 2 and "pie: " in err and "far too large" in err
