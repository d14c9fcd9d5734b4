"""Sensitivity (tornado) and the BATNA break-even probabilities, hand-worked on the pages' examples and a toy model."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

import pytest

from calculators import batna, concessions, zopa
from calculators.fields import Description, Field, Number, Numbers, Section, parse
from calculators.sensitivity import SENSITIVITY_RANGE, label_for, numeric_inputs, replace_at, tornado


@dataclass(frozen=True)
class Range:
    """A toy model: a price range [low, high] and a threshold; the decision is whether the range reaches the threshold."""

    low: Annotated[float, Number("Low", help="h")] = 90.0
    high: Annotated[float, Number("High", help="h")] = 105.0
    threshold: Annotated[float, Number("Threshold", ge=0, help="h")] = 100.0
    sensitivity_percent: Annotated[float, SENSITIVITY_RANGE] = 20.0

    def problems(self) -> list[tuple[str, str]]:
        return [("high", "High must be at least low.")] if self.low > self.high else []


def width(r: Range) -> float:
    return r.high - r.low


def reaches(r: Range) -> bool:
    return r.high >= r.threshold


def test_a_move_that_breaks_a_rule_is_out_of_range_not_a_result() -> None:
    # Low 90 moved up 20% is 108, above high (105): an input a reader could not type. Before, the tornado computed
    # a width of -3 there. High moved down 20% is 84, below low: the same. The valid ends: low at 72 gives a width
    # of 105 - 72 = 33; high at 126 gives 126 - 90 = 36.
    swings = {s.input: s for s in tornado(Range(), lambda r: r, width, reaches)}
    low, high = swings["Low"], swings["High"]
    assert (low.low, low.high, low.low_in_range, low.high_in_range) == (pytest.approx(33.0), None, True, False)
    assert (high.low, high.high, high.low_in_range, high.high_in_range) == (None, pytest.approx(36.0), False, True)


def test_a_flip_before_the_end_of_the_valid_range_is_found() -> None:
    # Threshold 102 (the high estimate 105 reaches it). Moving high down: it stops reaching 102 at a cut of
    # 3/105 = 2.857%, well before it would fall below low (90, a cut of 14.3%) and the move turns invalid.
    # The end (-20%) is out of range, yet the flip inside the valid part is real and must be reported.
    swings = {s.input: s for s in tornado(Range(threshold=102.0), lambda r: r, width, reaches)}
    assert swings["High"].high_in_range and not swings["High"].low_in_range
    assert swings["High"].flips_at_percent == pytest.approx(100 * 3 / 105, abs=1e-4)
    # The threshold moved up 20% (122.4) is in range and flips; down never flips.
    assert swings["Threshold"].flips_at_percent == pytest.approx(100 * 3 / 102, abs=1e-4)


def test_zopa_sensitivity_never_reports_an_impossible_state() -> None:
    """The issue's reproducer: no moved input may leave their low estimate above their high one."""
    r = zopa.compute(parse(zopa.Inputs, {"role": "buyer", "your_walk_away": 100, "their_walk_away_low": 90, "their_walk_away_high": 105}))
    rows = {s.input: s for s in r.sensitivity}
    low = next(s for name, s in rows.items() if "low estimate" in name)
    high = next(s for name, s in rows.items() if "high estimate" in name)
    assert not low.high_in_range and low.high is None  # 108 > 105
    assert not high.low_in_range and high.low is None  # 84 < 90


def swing(result: batna.Result | zopa.Result, label: str) -> object:
    return next(s for s in result.sensitivity if s.input == label)


def test_batna_tornado_flip_points() -> None:
    r = batna.compute(batna.EXAMPLE)
    # Harbor's 1,180,000 against a walk-away of 1,160,000: it flips to "walk away" once cut by
    # 20,000 / 1,180,000 = 1.695%.
    harbor = swing(r, "Harbor Corp's offer \u203a Value")
    assert harbor.flips_at_percent == pytest.approx(100 * 20_000 / 1_180_000, abs=1e-4)
    # The strategic buyer's good outcome v: walk-away = 0.5 v + 450,000 - 40,000. It passes Harbor's
    # 1,180,000 at v = 1,540,000, i.e. +2.667%; at +-20% (1.2M, 1.8M) the walk-away is 1,010,000 (then
    # the other alternative, 1,050,000, is the BATNA) and 1,310,000.
    good = swing(r, "Wait for a strategic buyer \u203a Outcome 1 \u203a Value")
    assert good.flips_at_percent == pytest.approx(100 * 40_000 / 1_500_000, abs=1e-4)
    assert (good.low, good.high) == pytest.approx((1_050_000, 1_310_000))
    # Delays do not matter at a 0% discount rate: no swing, no flip.
    delay = swing(r, "Keep running the business \u203a Delay")
    assert delay.low == delay.high == r.walk_away_value and delay.flips_at_percent is None
    # Probabilities are never moved alone (they must add up to 1).
    assert not [s for s in r.sensitivity if "Probability" in s.input]


def test_batna_break_even() -> None:
    # BATNA: 1.5M with p, 0.9M with 1 - p, cost 40,000: 860,000 + 600,000 p; the other alternative is 1,050,000.
    # Harbor (1,180,000) stops being worth accepting when 860,000 + 600,000 p = 1,180,000, p = 0.5333.
    # Lakeside (980,000) is below 1,050,000 whatever p is: no break-even.
    r = batna.compute(batna.EXAMPLE)
    harbor, lakeside = r.break_even
    assert harbor.current_probability == 0.5
    assert harbor.break_even_probability == pytest.approx(320 / 600, abs=1e-6)
    assert lakeside.break_even_probability is None


def test_zopa_tornado() -> None:
    # Best price max((640,000 + s) / 2, 500,000). Moving s by +-20% (416,000 / 624,000): 528,000 and 632,000.
    # Moving H up 20% (768,000): (768,000 + 520,000) / 2 = 644,000. Moving it down 20% (512,000) puts H below
    # s = 520,000: no deal at all, no price. That happens once H falls below 520,000: a cut of 120/640 = 18.75%.
    r = zopa.compute(zopa.EXAMPLE)
    walk = swing(r, "Your walk-away price")
    assert (walk.low, walk.high) == pytest.approx((528_000, 632_000))
    high = swing(r, "Their walk-away, high estimate")
    assert high.low is None and high.high == pytest.approx(644_000)
    assert high.flips_at_percent == pytest.approx(18.75, abs=1e-4)
    # Of the inputs with a price at both ends, your walk-away moves it most (104,000): it leads the tornado.
    assert r.sensitivity[0].input == "Your walk-away price"


def test_replace_and_label_follow_the_description() -> None:
    inputs = batna.EXAMPLE
    moved = replace_at(inputs, ("alternatives", 1, "outcomes", 0, "value"), 1.0)
    assert moved.alternatives[1].outcomes[0].value == 1.0 and inputs.alternatives[1].outcomes[0].value == 1_200_000
    assert label_for(inputs, ("annual_discount_rate",)) == "Annual discount rate"


# -- mutation-testing kills (mutmut survivors) ---------------------------------------------------------------------


def test_label_for_an_unnamed_record_and_a_list_of_numbers() -> None:
    # A record with an empty name is called by its item label and place: "Alternative 1", not "".
    first, *rest = batna.EXAMPLE.alternatives
    inputs = dataclasses.replace(batna.EXAMPLE, alternatives=(dataclasses.replace(first, name=""), *rest))
    assert label_for(inputs, ("alternatives", 0, "cost")) == "Alternative 1 \u203a Cost"
    # An item of a plain list of numbers (not records) is called as the form calls it: its item label and place,
    # "Their offer 2", the words of the error messages too (not the list's label, "Their offers so far 2").
    assert label_for(concessions.EXAMPLE, ("their_offers", 1)) == "Their offer 2"


def test_tornado_puts_the_widest_swing_first() -> None:
    # Range [10, 100], threshold 50; the output is the width 90. Low at 8 / 12 gives 92 / 88 (swing 4); high at
    # 80 / 120 gives 70 / 110 (swing 40); the threshold leaves the width alone (swing 0). Declared order is low,
    # high, threshold; widest first is high, low, threshold.
    swings = tornado(Range(low=10.0, high=100.0, threshold=50.0), lambda r: r, width, reaches)
    assert [s.input for s in swings] == ["High", "Low", "Threshold"]
    assert [(s.low, s.high) for s in swings] == [
        pytest.approx((70.0, 110.0)),
        pytest.approx((92.0, 88.0)),
        pytest.approx((90.0, 90.0)),
    ]


def test_tornado_ranks_a_swing_with_an_end_out_of_range_like_no_swing() -> None:
    # The default range [90, 105]: low moved up 20% (108) and high moved down 20% (84) are out of range, so those two
    # swings have no width to rank; they sort with key 0, like the threshold's zero swing, and the stable sort
    # keeps the declared order: low, high, threshold (not pushed after the threshold).
    swings = tornado(Range(), lambda r: r, width, reaches)
    assert [s.input for s in swings] == ["Low", "High", "Threshold"]
    assert swings[2].low == swings[2].high == pytest.approx(15.0)


# -- the numbers to move come from the description kinds, wherever they sit ------------------------------------------


@dataclass(frozen=True)
class Quote:
    price: Annotated[float, Number("Price", help="h")] = 50.0
    units: Annotated[int, Number("Units", integer=True, help="h")] = 3


@dataclass(frozen=True)
class Nested:
    """A list of numbers and a section: kinds the tornado once passed over, since it only looked for records."""

    bids: Annotated[tuple[float, ...], Numbers("Bids", Number("Bid"), help="h")] = (10.0, 0.0, 30.0)
    quote: Annotated[Quote, Section("The quote", help="h")] = Quote()
    skipped: Annotated[Quote, Section("Not moved", help="h")] = Quote()
    sensitivity_percent: Annotated[float, SENSITIVITY_RANGE] = 10.0


def total(n: Nested) -> float:
    return sum(n.bids) + n.quote.price * n.quote.units + n.skipped.price


def test_numbers_in_lists_and_sections_are_moved_without_naming_their_kinds() -> None:
    # Every non-zero, non-integer number is found: the bids 10 and 30 (0 cannot move by a percentage), the quote's
    # price (its units are whole); nothing inside a skipped field, nor the range itself.
    inputs = Nested()
    found = list(numeric_inputs(inputs, frozenset({"skipped", "sensitivity_percent"})))
    assert found == [(("bids", 0), 10.0), (("bids", 2), 30.0), (("quote", "price"), 50.0)]
    # They are replaced where they sit, and named as the form names them.
    moved = replace_at(replace_at(inputs, ("bids", 2), 33.0), ("quote", "price"), 55.0)
    assert moved.bids == (10.0, 0.0, 33.0) and moved.quote == Quote(55.0, 3) and inputs == Nested()
    assert [label_for(inputs, path) for path, _ in found] == ["Bid 1", "Bid 3", "The quote \u203a Price"]
    # The tornado moves each by 10%: total = 40 + 50 * 3 + 50 = 240. Bid 30 at 27 / 33: 237 / 243; bid 10 at 9 / 11:
    # 239 / 241; price 50 at 45 / 55: 240 - 15 / 240 + 15 = 225 / 255. Widest first: price, bid 3, bid 1.
    swings = tornado(inputs, lambda n: n, total, lambda n: total(n) > 230, skip=frozenset({"skipped"}))
    assert [(s.input, s.low, s.high) for s in swings] == [
        ("The quote \u203a Price", pytest.approx(225.0), pytest.approx(255.0)),
        ("Bid 3", pytest.approx(237.0), pytest.approx(243.0)),
        ("Bid 1", pytest.approx(239.0), pytest.approx(241.0)),
    ]
    # The decision (total above 230) flips when the price falls by 10 / 150 = 6.67%.
    assert swings[0].flips_at_percent == pytest.approx(100 * 10 / 150, abs=1e-4)


@dataclass(frozen=True)
class Share(Description):
    """A kind this package does not have: a share from 0 to 1. It says which numbers it holds, and the tornado
    moves them, with nothing in the sensitivity module naming it."""

    def numbers_in(self, field: Field | None, value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[Any, Number, float]]:
        yield path, Number(self.label, ge=0, le=1), float(value)


@dataclass(frozen=True)
class Split:
    share: Annotated[float, Share("Your share", help="h")] = 0.4
    pie: Annotated[float, Number("Pie", help="h")] = 100.0
    sensitivity_percent: Annotated[float, SENSITIVITY_RANGE] = 25.0


def test_a_new_description_kind_is_moved_for_free() -> None:
    # Your part = share * pie = 40. The share moved by 25% (0.3 / 0.5) gives 30 / 50; the pie (75 / 125) the same.
    swings = tornado(Split(), lambda s: s, lambda s: s.share * s.pie, lambda s: s.share * s.pie > 35)
    assert {s.input: (s.low, s.high) for s in swings} == {
        "Your share": (pytest.approx(30.0), pytest.approx(50.0)),
        "Pie": (pytest.approx(30.0), pytest.approx(50.0)),
    }
    # The decision (your part above 35) flips when either falls by 5 / 40 = 12.5%.
    assert [s.flips_at_percent for s in swings] == [pytest.approx(12.5, abs=1e-4)] * 2
