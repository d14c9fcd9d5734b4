"""Numbers in words (calculators/numbers.py): one writer for every number a reader sees, and the renderer's
dispatch on the kinds of descriptions and blocks."""

from __future__ import annotations

import doctest
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import pytest

from calculators import charts, numbers, render, trades
from calculators.charts import BarChart, Scatter
from calculators.fields import Description, Field, describe, parse
from calculators.numbers import money, number, percent, short

PACKAGE = Path(__file__).resolve().parent.parent / "calculators"


def test_the_module_examples_run() -> None:
    failures, tried = doctest.testmod(numbers)
    assert tried >= 5 and failures == 0


@pytest.mark.parametrize(
    ("x", "text"),
    [
        (0.5, "0.5"),
        (12.0, "12"),  # a whole float is written without its ".0"
        (1_500_000, "1,500,000"),
        (-2500, "-2,500"),
        (1e15, "1,000,000,000,000,000"),
        (1e16, "1e+16"),  # beyond the largest input: no seventeen-digit integer
        (1234.5678, "1,234.5678"),
        (1 / 3, "0.3333333333"),  # ten significant figures
        (math.inf, "inf"),
        (math.nan, "nan"),
    ],
)
def test_number_as_typed(x: float, text: str) -> None:
    assert number(x) == text


@pytest.mark.parametrize(
    ("x", "text"),
    [
        (1_160_000, "1,160,000"),
        (-180_000, "\u2212180,000"),  # a true minus sign
        (12.5, "12.50"),  # cents below 100
        (99.999, "100"),  # 99.999 rounds to 100.00, a whole amount: no cents
        (150.75, "151"),  # whole units from 100 up
        (-0.001, "0"),  # no minus sign on a zero
        (math.inf, "inf"),
    ],
)
def test_money(x: float, text: str) -> None:
    assert money(x) == text


def test_percent_and_short() -> None:
    assert (percent(0.125), percent(0.035, 2), percent(1), percent(0.5, figures=4)) == ("12.5%", "3.50%", "100.0%", "50%")
    assert percent(1 / 7, 0) == "14%" and percent(1 / 7, figures=3) == "14.3%"
    # Axis and bar labels: 1,500,000 / 1e6 = 1.5 (M); 250,000 / 1e3 = 250 (k); 2.5e9 / 1e9 = 2.5 (B); 0.35 is 35%.
    assert [short(x, "money") for x in (1_500_000, -250_000, 2.5e9, 999)] == ["1.5M", "\u2212250k", "2.5B", "999"]
    assert (short(0.35, "percent"), short(-0.05, "number")) == ("35%", "\u22120.05")


def test_no_second_formatter_in_the_package() -> None:
    # Money, percentages and numbers in words are written by calculators/numbers.py alone: no module defines its own.
    own = re.compile(r"^def (money|percent|fmt_number|number|_fmt|short)\(", re.M)
    found = {p.name: own.findall(p.read_text()) for p in PACKAGE.glob("*.py") if p.name != "numbers.py"}
    assert {name: defs for name, defs in found.items() if defs} == {}
    assert not re.search(r"\* 100:\.\d+[fg]\}%", "".join(p.read_text() for p in PACKAGE.glob("*.py")))


def test_charts_write_their_labels_with_numbers_short() -> None:
    svg = charts.render_chart(BarChart("Bars", "d", ("Offer",), (("Value", (-1_500_000.0,)),)))
    assert "Offer: \u22121.5M" in svg and short(-1_500_000, "money") == "\u22121.5M"


def test_the_trades_scatter_writes_its_amounts_as_money() -> None:
    # The frontier's ends were written with a hyphen and no cents ("-975,000"), unlike the ringed package in the same
    # sentence; both are money() now.
    result = trades.compute(trades.EXAMPLE)
    (scatter,) = [b for b in trades.present(trades.EXAMPLE, result) if isinstance(b, Scatter)]
    first, last = result.frontier[0].value_to_you, result.frontier[-1].value_to_you
    assert first < 0 and f"from {money(first)} to {money(last)} to you" in scatter.description
    assert "\u2212" in money(first)


# -- the renderer dispatches on kinds ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Stars(Description):
    """A kind this package does not have: a rating from 1 to 5."""

    def check(self, field: Field | None, value: object, path: Any, problems: list[Any]) -> object:
        return value

    def kind_words(self, field: Field | None) -> str:
        return "stars"


@dataclass(frozen=True)
class Review:
    stars: Annotated[int, Stars("Stars", help="h")] = 3


def test_a_new_kind_is_described_and_must_say_how_it_is_drawn() -> None:
    # Any description kind is taken (not a fixed list); the form has no guess for one it does not know.
    (field,) = describe(Review)
    assert field.meta == Stars("Stars", help="h") and parse(Review, {"stars": 4}) == Review(4)
    with pytest.raises(TypeError, match="no form control for Stars"):
        render.render_form("review", Review, {})
