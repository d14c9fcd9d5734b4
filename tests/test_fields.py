"""The shared validator: bounds and the magnitude limit, numbers as people type them, checks on built inputs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import pytest

from calculators.fields import MAX_MAGNITUDE, InputError, Number, Records, check, parse, parse_form, schema


@dataclass(frozen=True)
class Row:
    low: Annotated[float, Number("Low", help="h")] = 0.0
    high: Annotated[float, Number("High", help="h")] = 1.0

    def problems(self) -> list[tuple[str, str]]:
        return [("high", "High must not be below low.")] if self.high < self.low else []


@dataclass(frozen=True)
class Form:
    amount: Annotated[float, Number("Amount", unit="money", help="h")]
    rate: Annotated[float, Number("Rate", minimum=0, maximum=1, exclusive_maximum=True, help="h")] = 0.0
    rows: Annotated[tuple[Row, ...], Records("Rows", "Row", help="h")] = (Row(),)


ROW = {"rows.0.low": "0", "rows.0.high": "1"}


def problems(raw: object) -> dict[str, str]:
    with pytest.raises(InputError) as e:
        parse(Form, raw)
    return {p.where: p.message for p in e.value.problems}


def test_every_number_is_limited_to_a_thousand_trillion() -> None:
    assert parse(Form, {"amount": MAX_MAGNITUDE}).amount == 1e15
    assert parse(Form, {"amount": -MAX_MAGNITUDE}).amount == -1e15
    assert "between -1,000,000,000,000,000 and 1,000,000,000,000,000" in problems({"amount": 1.0000000000000002e15})["amount"]
    # A description's own bounds win where they are tighter.
    assert "at least 0 and below 1" in problems({"amount": 1, "rate": 1})["rate"]


def test_an_integer_too_large_for_a_float_is_reported_not_crashed_on() -> None:
    # float(10**400) raises OverflowError; the validator must look at the integer first.
    assert "far too large" in problems({"amount": 10**400})["amount"]
    assert "far too large" in problems({"amount": -(10**15) - 1})["amount"]
    assert parse(Form, {"amount": 10**15}).amount == 1e15


def test_a_required_field_left_out_is_named() -> None:
    assert problems({}) == {"amount": "Amount is required."}


@pytest.mark.parametrize(
    ("typed", "read"),
    [("1,500", 1500.0), ("1,500,000.25", 1_500_000.25), ("-1,000", -1000.0), ("1 000", 1000.0), ("\u22123", -3.0), ("+2.5", 2.5)],
)
def test_form_numbers_as_people_type_them(typed: str, read: float) -> None:
    assert parse_form(Form, {"amount": typed} | ROW).amount == read


@pytest.mark.parametrize("typed", ["1,5", "12,34", "1,5000", "1,50,000", ",5"])
def test_a_comma_that_cannot_separate_thousands_is_an_error(typed: str) -> None:
    """ "1,5" used to become 15 silently: a reader who writes decimals with a comma got a number ten times too large."""
    with pytest.raises(InputError) as e:
        parse_form(Form, {"amount": typed} | ROW)
    (problem,) = e.value.problems
    assert problem.key == "amount"
    assert problem.message.startswith("Amount must be a number") and "Write decimals with a point" in problem.message


def test_check_applies_bounds_and_rules_to_built_inputs() -> None:
    good = Form(amount=1.0, rate=0.5, rows=(Row(0.0, 2.0),))
    assert check(good) == []
    assert [p.where for p in check(Form(amount=2e15))] == ["amount"]
    assert [p.where for p in check(Form(amount=1.0, rate=1.0))] == ["rate"]
    assert [p.where for p in check(Form(amount=float("nan")))] == ["amount"]
    # A record's own rule, with its path.
    assert [(p.where, p.message) for p in check(Form(amount=1.0, rows=(Row(), Row(3.0, 2.0))))] == [
        ("rows[1].high", "High must not be below low.")
    ]


def test_schema_lists_required_fields_and_shared_records_once() -> None:
    s = schema(Form, "A form")
    assert s["required"] == ["amount"] and s["title"] == "A form"
    assert s["properties"]["rows"]["items"] == {"$ref": "#/$defs/Row"}
    assert s["properties"]["rate"]["exclusiveMaximum"] == 1 and s["properties"]["rate"]["minimum"] == 0
    assert "required" not in s["$defs"]["Row"]
