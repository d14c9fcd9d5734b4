"""The shared validator: bounds and the magnitude limit, numbers as people type them, checks on built inputs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

import pytest

from calculators.fields import (
    MAX_MAGNITUDE,
    Choice,
    Flag,
    InputError,
    Number,
    Numbers,
    Problem,
    Records,
    Section,
    Text,
    _shown,
    check,
    derive,
    describe,
    field_at,
    numbers_in,
    parse,
    parse_form,
    place,
    schema,
    walk,
)


@dataclass(frozen=True)
class Row:
    low: Annotated[float, Number("Low", help="h")] = 0.0
    high: Annotated[float, Number("High", help="h")] = 1.0

    def problems(self) -> list[tuple[str, str]]:
        return [("high", "High must not be below low.")] if self.high < self.low else []


@dataclass(frozen=True)
class Form:
    amount: Annotated[float, Number("Amount", unit="money", help="h")]
    rate: Annotated[float, Number("Rate", ge=0, lt=1, help="h")] = 0.0
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


# -- every kind of description, end to end: form text, JSON Schema, words --------------------------------


@dataclass(frozen=True)
class Everything:
    """One field of every kind, for the tests below."""

    name: Annotated[str, Text("Name", max_length=5, help="h")] = "a"
    side: Annotated[Literal["buyer", "seller"], Choice("Side", help="h")] = "buyer"
    firm: Annotated[bool, Flag("Firm", help="h")] = False
    count: Annotated[int, Number("Count", ge=1, le=9, integer=True, help="h")] = 1
    rate: Annotated[float | None, Number("Rate", gt=0, unit="%", help="h", default_note="none")] = None
    offers: Annotated[tuple[float, ...], Numbers("Offers", Number("Offer", ge=0), max_items=3, help="h")] = ()
    rows: Annotated[tuple[Row, ...], Records("Rows", "Row", min_items=0, max_items=2, help="h")] = ()


def test_form_text_of_every_kind() -> None:
    form = {
        "name": " bob ",
        "side": "seller",
        "firm": "true",
        "count": "3",
        "rate": "",
        "offers.0": "1,000",
        "offers.2": "",  # an empty row in a list of numbers is dropped
        "offers.1": "2",
        "rows.1.low": "1",
        "rows.1.high": "2",
    }
    got = parse_form(Everything, form)
    assert got == Everything("bob", "seller", True, 3, None, (1000.0, 2.0), (Row(1.0, 2.0),))
    assert parse_form(Everything, {"firm": "false"}).firm is False
    with pytest.raises(InputError) as e:
        parse_form(Everything, {"firm": "yes", "count": "2.5", "offers.0": "-1", "nope": "1"})
    assert {p.key: p.message for p in e.value.problems} == {
        "nope": "Unknown field 'nope': it is not one of this calculator's inputs.",
        "firm": "Firm must be true or false, not 'yes'.",
        "count": "Count must be a whole number, not 2.5.",
        "offers.0": "Offer must be between 0 and 1,000,000,000,000,000, not -1.",
    }


def test_json_errors_of_every_kind() -> None:
    with pytest.raises(InputError) as e:
        parse(Everything, {"name": "toolong", "side": "both", "count": 10, "rate": 0, "offers": [1, 2, 3, 4], "rows": "x"})
    assert {p.where: p.message for p in e.value.problems} == {
        "name": "Name must be at most 5 characters long.",
        "side": "Side must be 'buyer' or 'seller', not 'both'.",
        "count": "Count must be between 1 and 9, not 10.",
        "rate": "Rate must be above 0 and at most 1,000,000,000,000,000, not 0.",
        "offers": "Offers can have at most 3 entries.",
        "rows": "Rows must be a list, not 'x'.",
    }
    with pytest.raises(InputError) as e:
        parse(Everything, {"name": 1, "firm": 1, "count": None, "rows": [1, {"low": 2, "high": 1}]})
    assert {p.where: p.message for p in e.value.problems} == {
        "name": "Name must be text, not 1.",
        "firm": "Firm must be true or false, not 1.",
        "count": "Count is required.",
        "rows[0]": "Each entry must be a JSON object, not 1.",
        "rows[1].high": "High must not be below low.",
    }
    with pytest.raises(InputError) as e:
        parse(Form, {"amount": 1, "rows": []})
    assert [str(p) for p in e.value.problems] == ["rows: Rows needs at least one entry."]


def test_json_schema_of_every_kind() -> None:
    s = schema(Everything)
    p = s["properties"]
    assert "required" not in s
    assert p["name"] == {"title": "Name", "type": "string", "maxLength": 5, "description": "h", "default": "a"}
    assert p["side"] == {"title": "Side", "type": "string", "enum": ["buyer", "seller"], "description": "h", "default": "buyer"}
    assert p["firm"] == {"title": "Firm", "type": "boolean", "description": "h", "default": False}
    assert p["count"] == {"title": "Count", "type": "integer", "minimum": 1, "maximum": 9, "description": "h", "default": 1}
    assert p["rate"] == {
        "title": "Rate",
        "type": ["number", "null"],
        "exclusiveMinimum": 0,
        "maximum": 1e15,
        "unit": "%",
        "description": "h Left out: none.",
        "default": None,
    }
    assert p["offers"] == {
        "title": "Offers",
        "type": "array",
        "items": {"title": "Offer", "type": "number", "minimum": 0, "maximum": 1e15},
        "minItems": 0,
        "maxItems": 3,
        "description": "h",
        "default": [],
    }
    assert p["rows"]["items"] == {"$ref": "#/$defs/Row"} and (p["rows"]["minItems"], p["rows"]["maxItems"]) == (0, 2)
    assert s["$defs"]["Row"]["properties"]["low"] == {
        "title": "Low",
        "type": "number",
        "minimum": -1e15,
        "maximum": 1e15,
        "description": "h",
        "default": 0.0,
    }
    assert s["additionalProperties"] is False and s["$schema"].endswith("2020-12/schema")
    assert "title" not in s and schema(Everything, "T", "D")["description"] == "D"


def test_kind_and_bounds_in_words() -> None:
    words = {f.name: (f.meta.kind_words(f), f.meta.bounds_words()) for f in describe(Everything)}
    assert words == {
        "name": ("text", "≤ 5 characters"),
        "side": ("`buyer` or `seller`", ""),
        "firm": ("`true` or `false`", ""),
        "count": ("integer", "≥ 1, ≤ 9, whole"),
        "rate": ("number", "> 0"),
        "offers": ("list of numbers", "0–3 entries"),
        "rows": ("list of Row", "0–2 entries"),
    }
    assert Number("x", lt=1).bounds_words() == "< 1"


def test_one_walker_for_paths() -> None:
    assert [(f.name, i) for f, i in walk(Form, ("rows", 1, "high"))] == [("rows", 1), ("high", None)]
    assert field_at(Form, ("rows", 0, "low")).label == "Low"
    assert field_at(Form, ("amount",)).name == "amount"
    assert place(Form, ("rows", 1, "high")) == "Row 2"
    assert place(Everything, ("offers", 2)) == "Offer 3"
    assert place(Form, ("amount",)) == ""
    assert place(Form, ("nope",)) == ""
    with pytest.raises(KeyError):
        field_at(Form, ("nope",))
    with pytest.raises(KeyError):
        field_at(Form, (0,))


def test_check_of_built_lists() -> None:
    assert check(Everything(offers=(1.0, -2.0))) == [
        Problem(("offers", 1), "Offer must be between 0 and 1,000,000,000,000,000, not -2.")
    ]
    assert check(Everything(rows=(Row(2.0, 1.0),))) == [Problem(("rows", 0, "high"), "High must not be below low.")]
    assert check(Everything(count=10)) == [Problem(("count",), "Count must be between 1 and 9, not 10.")]


def test_values_shown_in_messages() -> None:
    assert "far too large" in _shown(10**16) and _shown(True) == "true" and _shown(None) == "null"
    assert _shown("x" * 40) == repr("x" * 27 + "...") and _shown(float("inf")) == "inf" and _shown([1]) == "list"


@dataclass(frozen=True)
class MaybeSide:
    side: Annotated[Literal["buyer", "seller"] | None, Choice("Side", help="h")] = None


def test_the_words_of_structural_errors() -> None:
    with pytest.raises(InputError) as e:
        parse(Form, [1])
    assert [str(p) for p in e.value.problems] == ["input: The input must be a JSON object, not list."]
    with pytest.raises(InputError) as e:
        parse(Form, {"amount": 1, "rows": ["x"], "zz": 1})
    assert [str(p) for p in e.value.problems] == [
        "zz: Unknown field 'zz'; the fields are: amount, rate, rows.",
        "rows[0]: Each entry must be a JSON object, not 'x'.",
    ]
    assert str(InputError([Problem(("a",), "A."), Problem((), "B.")])) == "a: A.; input: B."


def test_unknown_form_keys_are_named_with_their_rows_and_at_most_twenty() -> None:
    with pytest.raises(InputError) as e:
        parse_form(Form, {"amount": "1", "rows.0.low": "0", "rows.0.high": "1", "rows.0.wide": "2"})
    assert [(p.path, p.key) for p in e.value.problems] == [(("rows", 0, "wide"), "rows.0.wide")]
    flood = {f"k{i:02d}": "1" for i in range(30)}
    with pytest.raises(InputError) as e:
        parse_form(Form, {"amount": "1", "rows.0.low": "0", "rows.0.high": "1"} | flood)
    assert [p.key for p in e.value.problems] == [f"k{i:02d}" for i in range(20)]


def test_an_optional_choice_allows_null_in_the_schema() -> None:
    side = schema(MaybeSide)["properties"]["side"]
    assert side["type"] == ["string", "null"] and side["enum"] == ["buyer", "seller", None]
    assert parse(MaybeSide, {"side": None}).side is None


# -- the words of every message, nested records, forms as people type them --------------------------------


@dataclass(frozen=True)
class Deal:
    title: Annotated[str, Text("Title", help="h")] = "d"
    rows: Annotated[tuple[Row, ...], Records("Rows", "Row", help="h")] = (Row(),)


@dataclass(frozen=True)
class Portfolio:
    deals: Annotated[tuple[Deal, ...], Records("Deals", "Deal", help="h")] = (Deal(),)
    points: Annotated[tuple[float, ...], Numbers("Points", min_items=2, help="h")] = (0.0, 1.0)


def test_the_words_of_number_errors() -> None:
    with pytest.raises(InputError) as e:
        parse_form(Form, {"amount": "1,5"} | ROW)
    assert [p.message for p in e.value.problems] == [
        "Amount must be a number, not '1,5'. Write decimals with a point (1.5); a comma may only separate thousands (1,500)."
    ]
    assert problems({"amount": float("nan")}) == {"amount": "Amount must be a finite number, not nan."}
    assert problems({"amount": float("-inf")}) == {"amount": "Amount must be a finite number, not -inf."}


def test_a_list_that_needs_several_entries_says_how_many() -> None:
    with pytest.raises(InputError) as e:
        parse(Portfolio, {"points": [1]})
    assert [str(p) for p in e.value.problems] == ["points: Points needs at least 2 entries."]


@pytest.mark.parametrize(
    ("typed", "read"), [("1_000", 1000.0), ("1__000", 1000.0), ("1\u00a0000", 1000.0), ("\u00a01\u00a0500\u00a0", 1500.0)]
)
def test_form_numbers_with_underscores_and_no_break_spaces(typed: str, read: float) -> None:
    assert parse_form(Form, {"amount": typed} | ROW).amount == read


def test_a_key_below_a_number_row_is_unknown_not_an_empty_number() -> None:
    with pytest.raises(InputError) as e:
        parse_form(Everything, {"offers.0.x": "1"})
    assert [(p.key, p.message) for p in e.value.problems] == [
        ("offers.0.x", "Unknown field 'offers.0.x': it is not one of this calculator's inputs.")
    ]


def test_nested_records_in_forms_schemas_and_places() -> None:
    # The second deal is known only from a key two lists deep.
    form = {"deals.0.title": "a", "deals.0.rows.0.low": "1", "deals.1.rows.3.high": "5"}
    got = parse_form(Portfolio, form | {"points.0": "0", "points.1": "1"})
    assert got.deals == (Deal("a", (Row(1.0, 1.0),)), Deal("d", (Row(0.0, 5.0),)))
    assert place(Portfolio, ("deals", 1, "rows", 0, "high")) == "Deal 2 \u203a Row 1"
    s = schema(Portfolio)
    assert s["type"] == "object" and s["$defs"]["Deal"]["type"] == "object" and s["$defs"]["Row"]["type"] == "object"
    assert s["$defs"]["Deal"]["properties"]["rows"] == {
        "title": "Rows",
        "type": "array",
        "items": {"$ref": "#/$defs/Row"},
        "minItems": 1,
        "maxItems": 50,
        "description": "h",
        "default": [{"low": 0.0, "high": 1.0}],
    }
    assert s["properties"]["deals"]["type"] == "array" and "description" not in s and "description" not in schema(Everything)


def test_an_index_on_a_field_that_is_not_a_list_is_placed_without_crashing() -> None:
    # A hand-made link may carry "amount.0"; the error list places every problem, so place must not fail on it.
    with pytest.raises(InputError) as e:
        parse_form(Form, {"amount": "1", "amount.0": "2"} | ROW)
    (problem,) = e.value.problems
    assert problem.path == ("amount", 0)
    assert place(Form, problem.path) == ""  # no "Row 1" words for a field without rows (it used to say " 1")


def test_a_class_described_for_the_first_time() -> None:
    # Defined here so that no earlier call has described it yet.
    @dataclass(frozen=True)
    class Fresh:
        size: Annotated[int, Number("Size", ge=0, integer=True, help="h")] = 2

    assert [(f.name, f.label, f.has_default, f.default) for f in describe(Fresh)] == [("size", "Size", True, 2)]
    assert parse(Fresh, {"size": 3}) == Fresh(3)


# -- sections: a nested group of fields, optional as a whole ----------------------------------------


@dataclass(frozen=True, kw_only=True)
class Trip:
    title: Annotated[str, Text("Title", help="h")] = ""
    form: Annotated[Form | None, Section("Step 1: the form", help="h")] = None
    rows: Annotated[Row, Section("Step 2: a row", help="h")] = Row()


def test_a_section_is_a_nested_object_with_full_paths() -> None:
    got = parse(Trip, {"form": {"amount": 2, "rows": [{"low": 1, "high": 3}]}, "rows": {"high": 4}})
    assert got == Trip(form=Form(amount=2.0, rows=(Row(1.0, 3.0),)), rows=Row(0.0, 4.0))
    assert parse(Trip, {}) == parse(Trip, {"form": None}) == Trip()
    with pytest.raises(InputError) as e:
        parse(Trip, {"form": {"rows": [{"low": "x"}]}, "rows": 5})
    assert [str(p) for p in e.value.problems] == [
        "form.amount: Amount is required.",
        "form.rows[0].low: Low must be a number, not 'x'.",
        "rows: Step 2: a row must be a JSON object of its fields, not 5.",
    ]
    with pytest.raises(InputError) as e:
        parse(Trip, {"rows": None})  # only an optional section may be null
    assert [str(p) for p in e.value.problems] == ["rows: Step 2: a row is required."]
    # A section's own rules, by its path, in parsed and in built inputs.
    with pytest.raises(InputError) as e:
        parse(Trip, {"rows": {"low": 2, "high": 1}})
    assert [p.where for p in e.value.problems] == ["rows.high"]
    assert [p.where for p in check(Trip(form=Form(amount=2e15), rows=Row(2.0, 1.0)))] == ["form.amount", "rows.high"]
    assert place(Trip, ("form", "rows", 1, "high")) == "Step 1: the form \u203a Row 2"
    assert place(Trip, ("form", 0)) == ""  # a row index on a section: a made-up key
    assert [f.name for f, _ in walk(Trip, ("form", "rows", 0, "low"))] == ["form", "rows", "low"]


def test_a_section_in_a_form_is_ticked_in_or_out() -> None:
    assert parse_form(Trip, {"form.amount": "3", "form.rows.0.low": "0", "form.rows.0.high": "1"}).form == Form(amount=3.0)
    # The checkbox at the section's own key: "false" leaves it out, fields and all; "true" keeps it.
    assert parse_form(Trip, {"form": "false", "form.amount": "oops", "form.zz": "1"}).form is None
    assert parse_form(Trip, {"form": "true", "form.amount": "4", "form.rows.0.low": "1", "form.rows.0.high": "2"}).form == Form(
        amount=4.0, rows=(Row(1.0, 2.0),)
    )
    assert parse_form(Trip, {"title": "t"}) == Trip(title="t")  # no key at all: the default
    with pytest.raises(InputError) as e:
        parse_form(Trip, {"form": "true", "form.amount": "x", "form.zz": "1"})
    assert {p.key for p in e.value.problems} == {"form.amount", "form.rows", "form.zz"}


def test_a_section_in_the_schema_and_in_words() -> None:
    s = schema(Trip)
    form = s["properties"]["form"]
    assert form["type"] == ["object", "null"] and form["default"] is None and form["required"] == ["amount"]
    assert form["properties"]["rows"]["items"] == {"$ref": "#/$defs/Row"} and form["additionalProperties"] is False
    assert s["properties"]["rows"]["type"] == "object" and s["properties"]["rows"]["default"] == {"low": 0.0, "high": 1.0}
    field = field_at(Trip, ("form",))
    assert field.record is Form and field.meta.kind_words(field) == "object (a section)"
    assert field.meta.nested_heading(field) == "The `form` section (Step 1: the form)"


def test_derive_makes_chosen_fields_linked_and_drops_others() -> None:
    Linked = derive(Form, "Linked", linked={"amount": "from step 1"}, placeholders={"amount": "step 1"}, drop=("rate",))
    fields = {f.name: f for f in describe(Linked)}
    assert list(fields) == ["amount", "rows"]
    amount = fields["amount"]
    assert amount.optional and amount.has_default and amount.default is None
    assert (amount.meta.label, amount.meta.default_note, amount.meta.placeholder) == ("Amount", "from step 1", "step 1")
    assert fields["rows"].record is Row and fields["rows"].default == (Row(),)
    assert parse(Linked, {}) == Linked()  # the required amount may now be left out
    assert "Left out: from step 1." in schema(Linked)["properties"]["amount"]["description"]
    # Its rules are not copied: whoever fills in the linked fields checks the original with check().
    assert hasattr(Row, "problems") and not hasattr(derive(Row, "Loose", linked={"low": "x"}), "problems")
    with pytest.raises(TypeError, match="no fields called nope"):
        derive(Form, "Bad", linked={"nope": "x"})


# -- bounds named as the standards name them, choices from their Literal, numbers found by kind ---------------------


@dataclass(frozen=True)
class Bounded:
    at_least: Annotated[float, Number("At least", ge=2, help="h")] = 2.0
    above: Annotated[float, Number("Above", gt=2, help="h")] = 3.0
    at_most: Annotated[float, Number("At most", le=5, help="h")] = 5.0
    below: Annotated[float, Number("Below", lt=5, help="h")] = 4.0


@pytest.mark.parametrize(
    ("field", "edge", "inside", "message"),
    [
        ("at_least", 2, True, ""),
        ("above", 2, False, "Above must be above 2 and at most 1,000,000,000,000,000, not 2."),
        ("at_most", 5, True, ""),
        ("below", 5, False, "Below must be at least -1,000,000,000,000,000 and below 5, not 5."),
    ],
)
def test_ge_gt_le_lt_take_or_refuse_the_edge(field: str, edge: float, inside: bool, message: str) -> None:
    # ge and le take their edge; gt and lt refuse it, and the message says which way the bound is strict.
    if inside:
        assert getattr(parse(Bounded, {field: edge}), field) == edge
        return
    with pytest.raises(InputError) as e:
        parse(Bounded, {field: edge})
    assert [p.message for p in e.value.problems] == [message]


def test_ge_gt_le_lt_in_words_and_in_the_schema() -> None:
    fields = {f.name: f.meta for f in describe(Bounded)}
    assert {name: meta.bounds_words() for name, meta in fields.items()} == {
        "at_least": "≥ 2",
        "above": "> 2",
        "at_most": "≤ 5",
        "below": "< 5",
    }
    # The JSON Schema keeps its own standard words: minimum / exclusiveMinimum, maximum / exclusiveMaximum.
    props = schema(Bounded)["properties"]
    assert (props["at_least"]["minimum"], props["above"]["exclusiveMinimum"]) == (2, 2)
    assert (props["at_most"]["maximum"], props["below"]["exclusiveMaximum"]) == (5, 5)
    assert "exclusiveMinimum" not in props["at_least"] and "minimum" not in props["above"]
    assert Number("x", gt=0, lt=1).range_words() == "above 0 and below 1"


def test_a_bound_is_inclusive_or_strict_not_both() -> None:
    with pytest.raises(TypeError, match="ge or gt"):
        Number("x", ge=0, gt=0)
    with pytest.raises(TypeError, match="le or lt"):
        Number("x", le=1, lt=1)


@dataclass(frozen=True)
class Picked:
    side: Annotated[Literal["buyer", "seller", "broker"], Choice("Side", help="h")] = "broker"


def test_a_choice_takes_its_options_from_its_literal() -> None:
    # The options are written once, in the type hint, and the description reads them from there, in order.
    (field,) = describe(Picked)
    assert field.meta.options == ("buyer", "seller", "broker")
    assert field.meta.kind_words(field) == "`buyer` or `seller` or `broker`"
    assert schema(Picked)["properties"]["side"]["enum"] == ["buyer", "seller", "broker"]
    assert parse(Picked, {"side": "seller"}).side == "seller"
    with pytest.raises(InputError) as e:
        parse(Picked, {"side": "agent"})
    assert e.value.problems[0].message == "Side must be 'buyer' or 'seller' or 'broker', not 'agent'."
    # An optional choice reads the same Literal beside None.
    (maybe,) = describe(MaybeSide)
    assert maybe.optional and maybe.meta.options == ("buyer", "seller")


def test_a_choice_without_a_literal_is_refused_when_described() -> None:
    @dataclass(frozen=True)
    class Loose:
        side: Annotated[str, Choice("Side", help="h")] = "buyer"

    with pytest.raises(TypeError, match=r"Loose\.side: a choice's type hint must be a Literal"):
        describe(Loose)
    with pytest.raises(TypeError):
        Choice("Side", ("buyer", "seller"), help="h")  # type: ignore[misc]  # the options are not an argument


def test_a_derived_choice_keeps_its_options() -> None:
    (field,) = describe(derive(Picked, "Linked", linked={"side": "from the plan"}))
    assert field.optional and field.meta.options == ("buyer", "seller", "broker")


def test_numbers_in_finds_every_number_by_its_kind() -> None:
    # Numbers, lists of numbers, records and sections each yield their own numbers; text, choices and flags none;
    # a section left out holds none.
    found = [(path, meta.label, value) for path, meta, value in numbers_in(Everything(offers=(4.0, 5.0), rows=(Row(),)))]
    assert found == [
        (("count",), "Count", 1.0),
        (("offers", 0), "Offer", 4.0),
        (("offers", 1), "Offer", 5.0),
        (("rows", 0, "low"), "Low", 0.0),
        (("rows", 0, "high"), "High", 1.0),
    ]
    trip = Trip(form=Form(amount=2.0), rows=Row(0.5, 1.5))
    assert [path for path, _, _ in numbers_in(trip)] == [
        ("form", "amount"),
        ("form", "rate"),
        ("form", "rows", 0, "low"),
        ("form", "rows", 0, "high"),
        ("rows", "low"),
        ("rows", "high"),
    ]
    assert [path for path, _, _ in numbers_in(Trip())] == [("rows", "low"), ("rows", "high")]
