"""Bargaining range: is there a deal, what to ask for, and what knowing more is worth.

You know your own reservation price (walk-away). The other side's is unknown;
you believe it lies anywhere between a low and a high estimate with equal
likelihood (a uniform belief on ``[L, H]``). For a take-it-or-leave-it price:

Seller, with reservation ``s``, facing a buyer whose reservation ``b ~ U[L, H]``:

- a zone of agreement exists with probability ``P(b >= s) = (H - s) / (H - L)``, clamped to [0, 1];
- the buyer accepts a price ``p`` with probability ``(H - p) / (H - L)``, clamped;
- the expected gain ``(p - s) * P(accept)`` is highest at ``p* = max((H + s) / 2, L)``;
- knowing ``b`` exactly, you would ask ``b`` whenever ``b >= s``, for an expected
  gain of ``E[max(b - s, 0)]``. The value of that information is this minus
  the expected gain at ``p*`` (the expected value of perfect information).

A buyer is the mirror image: ``P(deal) = (b - L) / (H - L)``, ``p* = min((b + L) / 2, H)``,
gain ``(b - p) * P(accept)``. When ``L = H`` the belief is a point and every
probability is 0 or 1.

The optimal price solves ``p = v - F(p) / f(p)`` for a general belief ``F``; the
uniform belief gives the midpoint rules above.

Sources: H. Raiffa, *The Art and Science of Negotiation* (1982), ch. 4;
W. Samuelson & S. Marks, *Managerial Economics*, 7th ed. (2012), ch. 15
(reservation prices and the ZOPA); H. Raiffa & R. Schlaifer, *Applied
Statistical Decision Theory* (1961): the expected value of perfect information.

Example, the buyer's side: a seller's reservation is uniform on [0, 100] and the
item is worth 100 to you. Ask 50: accepted half the time, expected gain 25;
knowing their price exactly would give 50, so the information is worth 25.

>>> r = compute(Inputs(role="buyer", your_walk_away=100, their_walk_away_low=0, their_walk_away_high=100))
>>> r.best_ultimatum_price, r.acceptance_probability, r.expected_gain, r.value_of_information
(50.0, 0.5, 25.0, 25.0)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Annotated

from .charts import LineChart, Marker, Series
from .fields import Choice, Number
from .render import Block, Note, Summary, Table, money, percent, sensitivity_blocks
from .sensitivity import SENSITIVITY_RANGE, Swing, tornado

__all__ = ["Inputs", "Result", "acceptance", "compute"]


@dataclass(frozen=True)
class Inputs:
    role: Annotated[str, Choice("Your role", ("seller", "buyer"), help="Are you selling or buying?")] = "seller"
    your_walk_away: Annotated[
        float,
        Number(
            "Your walk-away price",
            unit="money",
            help="Your reservation price: as a seller the lowest price you accept, as a buyer the highest you pay.",
        ),
    ] = 520_000.0
    their_walk_away_low: Annotated[
        float,
        Number("Their walk-away, low estimate", unit="money", help="The lowest you think their reservation price could be."),
    ] = 500_000.0
    their_walk_away_high: Annotated[
        float,
        Number("Their walk-away, high estimate", unit="money", help="The highest you think their reservation price could be."),
    ] = 640_000.0
    price: Annotated[
        float | None,
        Number(
            "A price to test",
            unit="money",
            placeholder="none",
            help="Optional: a price you are thinking of asking or offering, to see its chances.",
        ),
    ] = None
    sensitivity_percent: Annotated[float, SENSITIVITY_RANGE] = 20.0

    def problems(self) -> list[tuple[str, str]]:
        if self.their_walk_away_low > self.their_walk_away_high:
            return [("their_walk_away_high", "Their high estimate must be at least their low estimate.")]
        return []


@dataclass(frozen=True)
class Result:
    deal_probability: float
    best_ultimatum_price: float | None
    acceptance_probability: float
    expected_gain: float
    value_of_information: float
    price_acceptance_probability: float | None
    price_expected_gain: float | None
    sensitivity: tuple[Swing, ...] = ()


def _clamp01(x: float) -> float:
    return min(1.0, max(0.0, x))


def acceptance(role: str, price: float, low: float, high: float) -> float:
    """The chance the other side accepts ``price``, their reservation price being uniform on [low, high]."""
    if low == high:
        return 1.0 if (price <= high if role == "seller" else price >= low) else 0.0
    if role == "seller":  # a buyer accepts any price up to their reservation
        return _clamp01((high - price) / (high - low))
    return _clamp01((price - low) / (high - low))  # a seller accepts any price down to theirs


def _gain(role: str, price: float, walk_away: float) -> float:
    return price - walk_away if role == "seller" else walk_away - price


def _perfect_information_gain(role: str, w: float, low: float, high: float) -> float:
    """E[max(gain, 0)] when you learn their reservation price before naming yours."""
    if role == "seller":  # E[max(b - s, 0)], b ~ U[L, H]
        if w <= low:
            return (low + high) / 2 - w
        if w >= high:
            return 0.0
        return (high - w) ** 2 / (2 * (high - low))
    if w >= high:  # buyer: E[max(b - r, 0)], r ~ U[L, H]
        return w - (low + high) / 2
    if w <= low:
        return 0.0
    return (w - low) ** 2 / (2 * (high - low))


def compute(inputs: Inputs) -> Result:
    """The range, the best take-it-or-leave-it price and its value, and how the best price moves with each input."""
    core = _core(inputs)
    swings = tornado(
        inputs,
        _core,
        lambda r: r.best_ultimatum_price,
        lambda r: r.best_ultimatum_price is None,
        frozenset({"price"}),  # a price to test is not a fact about the negotiation
    )
    return dataclasses.replace(core, sensitivity=swings)


def _core(inputs: Inputs) -> Result:
    role, w = inputs.role, inputs.your_walk_away
    low, high = inputs.their_walk_away_low, inputs.their_walk_away_high
    deal = acceptance(role, w, low, high)
    if deal == 0.0:
        best = None
        accept = gain = 0.0
    else:
        best = max((high + w) / 2, low) if role == "seller" else min((w + low) / 2, high)
        accept = acceptance(role, best, low, high)
        gain = _gain(role, best, w) * accept
    evpi = max(0.0, _perfect_information_gain(role, w, low, high) - gain)
    p_accept = p_gain = None
    if inputs.price is not None:
        p_accept = acceptance(role, inputs.price, low, high)
        p_gain = _gain(role, inputs.price, w) * p_accept
    return Result(deal, best, accept, gain, evpi, p_accept, p_gain)


def present(inputs: Inputs, result: Result) -> list[Block]:
    seller = inputs.role == "seller"
    ask = "ask" if seller else "offer"
    blocks: list[Block] = [
        Summary(
            (
                ("Chance a deal is possible", percent(result.deal_probability)),
                (
                    f"Best take-it-or-leave-it {ask}",
                    "none" if result.best_ultimatum_price is None else money(result.best_ultimatum_price),
                ),
                ("Its chance of acceptance", percent(result.acceptance_probability)),
                ("Expected gain", money(result.expected_gain)),
                ("Value of knowing their walk-away", money(result.value_of_information)),
            )
        )
    ]
    low, high = inputs.their_walk_away_low, inputs.their_walk_away_high
    if result.deal_probability == 0.0:
        blocks.append(
            Note(
                "No zone of agreement: their highest price is below your walk-away."
                if seller
                else "No zone of agreement: their lowest price is above your walk-away.",
                "warning",
            )
        )
    elif low == high:
        blocks.append(Note("Your estimate is a single price, so every chance here is 0% or 100%."))
    elif result.deal_probability == 1.0 and result.best_ultimatum_price == (low if seller else high):
        blocks.append(
            Note(
                f"Your walk-away is far from their range, so the best {ask} is the edge of the range, "
                f"{money(low if seller else high)}, which they always accept."
            )
        )
    rows = []
    if result.best_ultimatum_price is not None:
        rows.append(
            (
                f"Best {ask}",
                money(result.best_ultimatum_price),
                percent(result.acceptance_probability),
                money(result.expected_gain),
            )
        )
    if inputs.price is not None and result.price_acceptance_probability is not None and result.price_expected_gain is not None:
        rows.append(
            (
                f"Your {ask}",
                money(inputs.price),
                percent(result.price_acceptance_probability),
                money(result.price_expected_gain),
            )
        )
        if _gain(inputs.role, inputs.price, inputs.your_walk_away) < 0:
            blocks.append(
                Note(f"That {ask} is on the wrong side of your own walk-away: a deal there loses you money.", "warning")
            )
    for edge, name in ((low, "Their low estimate"), (high, "Their high estimate")):
        a = acceptance(inputs.role, edge, low, high)
        rows.append((name, money(edge), percent(a), money(_gain(inputs.role, edge, inputs.your_walk_away) * a)))
    lo, hi = min(low, inputs.your_walk_away), max(high, inputs.your_walk_away)
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    prices = [lo + (hi - lo) * k / 40 for k in range(41)]
    marks = [] if result.best_ultimatum_price is None else [Marker("Best", "x", result.best_ultimatum_price)]
    if inputs.price is not None:
        marks.append(Marker("Yours", "x", inputs.price))
    gains = tuple((p, _gain(inputs.role, p, inputs.your_walk_away) * acceptance(inputs.role, p, low, high)) for p in prices)
    blocks.append(
        LineChart(
            f"Expected gain at each take-it-or-leave-it {ask}",
            f"Expected gain, the gain times the chance of acceptance, for each {ask} across their estimated range; "
            f"it peaks at the best {ask}.",
            f"Your {ask}",
            "Expected gain",
            (Series("Expected gain", gains),),
            tuple(marks),
            x_format="money",
            y_format="money",
            height=240,
        )
    )
    blocks.append(
        LineChart(
            f"Chance they accept each {ask}",
            f"The probability that the other side accepts each {ask}, from your estimate of their walk-away.",
            f"Your {ask}",
            "Chance accepted",
            (Series("Chance accepted", tuple((p, acceptance(inputs.role, p, low, high)) for p in prices)),),
            tuple(marks),
            x_format="money",
            y_format="percent",
            height=200,
        )
    )
    blocks.extend(
        sensitivity_blocks(
            result.sensitivity, inputs.sensitivity_percent, f"Best {ask}", "Deal possibility changes", result.best_ultimatum_price
        )
    )
    blocks.append(
        Table("Prices compared", ("Price", "Amount", "Chance accepted", "Expected gain"), tuple(rows), numeric=(1, 2, 3))
    )
    return blocks
