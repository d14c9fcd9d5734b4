"""Bargaining range: is there a deal, what to ask for, what knowing their limit is worth, and what showing yours costs.

You know your own reservation price (walk-away). The other side's is unknown;
you believe it lies anywhere between a low and a high estimate ``L <= H`` with
equal likelihood (a uniform belief). You name one take-it-or-leave-it price.

Everything is worked from two differences, so that large prices keep their
small gaps (near 1e12, floats are 2**-13 apart: the difference of two prices is
exact, their average is rounded):

- ``D = H - L``, the width of your estimate;
- ``a``, how far their range reaches past your walk-away: ``a = H - s`` for a
  seller with walk-away ``s`` (the buyer accepts a price up to their own
  limit ``b``), ``a = b - L`` for a buyer with walk-away ``b`` (the seller
  accepts a price down to their own limit ``r``).

Then, for either role:

- a deal is possible (their limit is on the right side of yours) with
  probability ``P(deal) = a / D``, clamped to [0, 1]; when ``L = H`` the belief
  is a point and every probability is 0 or 1;
- a price ``t`` inside the far edge of their range (the seller asks ``H - t``,
  the buyer offers ``L + t``) is accepted with probability ``t / D`` and gains
  ``a - t``; the expected gain ``(a - t) * t / D`` is highest at
  ``t* = min(a / 2, D)``. This is ``p* = max((H + s) / 2, L)`` for the seller and
  ``p* = min((b + L) / 2, H)`` for the buyer: the midpoint of your walk-away and
  their far edge, or the near edge of their range when that is closer;
- knowing their limit exactly, you would name it whenever a deal exists, for an
  expected gain of ``E[max(a - u, 0)]``, ``u ~ U[0, D]``: ``a - D / 2`` when
  ``a >= D``, ``a**2 / (2 D)`` when ``0 < a < D``, else 0. The expected value of
  perfect information (EVPI) is this minus the expected gain at ``t*``:
  ``D / 2`` when ``a >= 2 D``; ``D / 2 - (2 D - a)**2 / (4 D)`` when
  ``D <= a < 2 D``; ``a**2 / (4 D)`` when ``0 < a < D``; else 0. It is what
  learning THEIR limit is worth to you, the learner (tactic 2's homework).
- What revealing YOUR limit costs you is a different number. Once they know
  it, their best take-it-or-leave-it price is your limit itself (a sliver
  better for you at most), which leaves you no surplus. Compared with naming
  your best price while they do not know it, revealing costs you your whole
  expected gain: ``cost = (a - t*) * P(accept at t*) - 0``.

The optimal price solves ``p = v - F(p) / f(p)`` for a general belief ``F``; the
uniform belief gives the midpoint rules above.

Sources: H. Raiffa, *The Art and Science of Negotiation* (1982), ch. 4;
W. Samuelson & S. Marks, *Managerial Economics*, 7th ed. (2012), ch. 15
(reservation prices and the ZOPA; pp. 649-650: against a demand that will not
move, take what is left, and do not lay your cards on the table); W. Samuelson,
"First-offer bargains" (the take-it-or-leave-it offer under uncertainty);
H. Raiffa & R. Schlaifer, *Applied Statistical Decision Theory* (1961): the
expected value of perfect information.

Example, the buyer's side: a seller's reservation is uniform on [0, 100] and the
item is worth 100 to you. Offer 50: accepted half the time, expected gain 25;
knowing their price exactly would give 50, so learning it is worth 25. If they
learned your 100, they would ask 100 and you would keep nothing: showing your
limit costs you the 25 you expect.

>>> r = compute(Inputs(role="buyer", your_walk_away=100, their_walk_away_low=0, their_walk_away_high=100))
>>> r.best_ultimatum_price, r.acceptance_probability, r.expected_gain, r.value_of_information
(50.0, 0.5, 25.0, 25.0)
>>> r.their_price_if_revealed, r.cost_of_revealing
(100.0, 25.0)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Annotated, Literal

from .charts import LineChart, Marker, Series
from .fields import Choice, Number
from .numbers import money, percent
from .render import Block, Note, Summary, Table, sensitivity_blocks
from .sensitivity import SENSITIVITY_RANGE, Swing, tornado

__all__ = ["EXAMPLE", "Inputs", "Result", "acceptance", "compute", "present"]


@dataclass(frozen=True)
class Inputs:
    role: Annotated[Literal["seller", "buyer"], Choice("Your role", help="Are you selling or buying?")]
    your_walk_away: Annotated[
        float,
        Number(
            "Your walk-away price",
            unit="money",
            help="Your reservation price: as a seller the lowest price you accept, as a buyer the highest you pay.",
        ),
    ]
    their_walk_away_low: Annotated[
        float,
        Number("Their walk-away, low estimate", unit="money", help="The lowest you think their reservation price could be."),
    ]
    their_walk_away_high: Annotated[
        float,
        Number("Their walk-away, high estimate", unit="money", help="The highest you think their reservation price could be."),
    ]
    price: Annotated[
        float | None,
        Number(
            "A price to test",
            unit="money",
            placeholder="none",
            help="Optional: a price you are thinking of asking or offering, to see its chances.",
            default_note="no price is tested",
        ),
    ] = None
    sensitivity_percent: Annotated[float, SENSITIVITY_RANGE] = 20.0

    def problems(self) -> list[tuple[str, str]]:
        if self.their_walk_away_low > self.their_walk_away_high:
            return [("their_walk_away_high", "Their high estimate must be at least their low estimate.")]
        return []


#: The page's worked example (Samuelson and Marks): a seller at 520,000, a buyer somewhere in 500,000 to 640,000.
EXAMPLE = Inputs(role="seller", your_walk_away=520_000.0, their_walk_away_low=500_000.0, their_walk_away_high=640_000.0)


@dataclass(frozen=True)
class Result:
    deal_probability: float
    best_ultimatum_price: float | None
    acceptance_probability: float
    expected_gain: float
    #: The expected value of perfect information: what learning THEIR walk-away is worth to you.
    value_of_information: float
    price_acceptance_probability: float | None
    price_expected_gain: float | None
    #: Their best take-it-or-leave-it price once they know your walk-away: your walk-away itself (None: no deal).
    their_price_if_revealed: float | None
    #: What revealing YOUR walk-away costs you: your expected gain without it minus your surplus at their price (0).
    cost_of_revealing: float
    sensitivity: tuple[Swing, ...] = ()


def _reach(role: str, price: float, low: float, high: float) -> float:
    """How far their range reaches past ``price``: the width of the part of it where they accept ``price``."""
    return high - price if role == "seller" else price - low


def acceptance(role: str, price: float, low: float, high: float) -> float:
    """The chance the other side accepts ``price``, their reservation price being uniform on [low, high]."""
    reach, width = _reach(role, price, low, high), high - low
    if reach >= width:  # also a point belief (width 0) on the right side of the price
        return 1.0
    if reach <= 0:
        return 0.0
    return reach / width


def _gain(role: str, price: float, walk_away: float) -> float:
    return price - walk_away if role == "seller" else walk_away - price


def _value_of_information(reach: float, width: float) -> float:
    """EVPI = E[max(a - u, 0)] - max_t (a - t) t / D for u ~ U[0, D], in closed form by case (no cancellation)."""
    if reach <= 0:
        return 0.0
    if reach >= 2 * width:  # (a - D/2) - (a - D)
        return width / 2
    if reach >= width:  # (a - D/2) - a^2 / (4D)
        gap = 2 * width - reach
        return width / 2 - gap * (gap / width) / 4
    return reach * (reach / width) / 4  # a^2 / (2D) - a^2 / (4D)


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
    role, w = inputs.role, float(inputs.your_walk_away)
    low, high = float(inputs.their_walk_away_low), float(inputs.their_walk_away_high)
    seller = role == "seller"
    width, reach = high - low, _reach(role, w, low, high)
    deal = acceptance(role, w, low, high)
    if deal == 0.0:
        best = their_price = None
        accept = gain = 0.0
    else:
        step = min(reach / 2, width)  # t*: how far inside their far edge the best price lies
        if step == width:  # the near edge of their range (also a point belief): always accepted
            best, accept = (low if seller else high), 1.0
        else:
            best, accept = (high - step if seller else low + step), step / width
        gain = (reach - step) * accept
        their_price = w  # knowing your limit, they name it: your surplus there is _gain(role, w, w) == 0
    p_accept = p_gain = None
    if inputs.price is not None:
        p_accept = acceptance(role, inputs.price, low, high)
        p_gain = _gain(role, inputs.price, w) * p_accept
    cost = 0.0 if their_price is None else gain - _gain(role, their_price, w)
    return Result(deal, best, accept, gain, _value_of_information(reach, width), p_accept, p_gain, their_price, cost)


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
                ("Value of learning their walk-away", money(result.value_of_information)),
                ("Cost of revealing your walk-away", money(result.cost_of_revealing)),
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
    elif result.deal_probability == 1.0 and result.acceptance_probability == 1.0:
        blocks.append(
            Note(
                f"Your walk-away is far from their range, so the best {ask} is the edge of the range, "
                f"{money(low if seller else high)}, which they always accept."
            )
        )
    if result.their_price_if_revealed is not None:
        them = "buyer" if seller else "seller"
        their_move = "offer" if seller else "ask"
        blocks.append(
            Note(
                f"If the {them} learns your walk-away, their best take-it-or-leave-it {their_move} is "
                f"{money(result.their_price_if_revealed)}, your limit itself, and you keep nothing: revealing it "
                f"costs you your expected gain of {money(result.cost_of_revealing)}. The value of learning "
                f"their walk-away, {money(result.value_of_information)}, is what finding out their limit is "
                "worth to you; it is not what you lose by showing yours."
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
