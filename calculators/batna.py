"""Walk-away (BATNA) comparison: is the offer on the table better than walking away?

Each alternative to a deal is a small decision tree: a certain cost of pursuing
it, a delay, and uncertain outcomes. It is rolled back to one number, and the
best alternative (the BATNA) sets the walk-away value every offer is judged
against. All amounts are value to you; higher is better.

For an alternative with cost ``c``, outcomes ``(p_i, v_i)``, delay ``t`` months,
annual discount rate ``r`` and risk tolerance ``R``:

- expected value: ``EV = sum(p_i * v_i) - c``;
- certainty equivalent under exponential utility:
  ``CE = -R * ln(sum(p_i * exp(-v_i / R))) - c``, or ``EV`` when ``R`` is None;
- present value: ``PV = CE / (1 + r) ** (t / 12)``.

The BATNA is the alternative with the highest ``PV`` (the first one on ties);
an offer's surplus is ``value - PV(BATNA)``, and it is accepted when the
surplus is at least 0. The BATNA excludes the offers themselves.

Sources: H. Raiffa, *Decision Analysis* (1968) and *The Art and Science of
Negotiation* (1982); H. Raiffa, J. Richardson & D. Metcalfe, *Negotiation
Analysis* (2002). Exponential utility and the risk tolerance: Raiffa (1968),
ch. 4.

Example:

>>> from calculators import batna
>>> r = batna.compute(batna.Inputs(
...     offers=(batna.Offer("Offer", 100.0),),
...     alternatives=(batna.Alternative("Coin flip", (batna.Outcome(0.5, 0.0), batna.Outcome(0.5, 180.0))),),
... ))
>>> r.batna, r.walk_away_value, r.offers[0].decision
('Coin flip', 90.0, 'accept')
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Annotated

from .charts import BarChart, Marker
from .fields import Number, Records, Text, fmt_number
from .render import Block, Note, Summary, Table, money, percent, sensitivity_blocks
from .sensitivity import SENSITIVITY_RANGE, Swing, tornado

__all__ = [
    "Alternative",
    "AlternativeResult",
    "Inputs",
    "Offer",
    "OfferResult",
    "Outcome",
    "Result",
    "certainty_equivalent",
    "compute",
]

PROBABILITY_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Offer:
    name: Annotated[str, Text("Name", help="What the deal on the table is called.")] = "Offer"
    value: Annotated[float, Number("Value", unit="money", help="What the deal is worth to you.")] = 0.0


@dataclass(frozen=True)
class Outcome:
    probability: Annotated[
        float, Number("Probability", minimum=0, maximum=1, help="How likely this outcome is, from 0 to 1.")
    ] = 1.0
    value: Annotated[float, Number("Value", unit="money", help="What this outcome is worth to you.")] = 0.0


@dataclass(frozen=True)
class Alternative:
    name: Annotated[str, Text("Name", help="What you would do if talks fail.")] = "Alternative"
    outcomes: Annotated[
        tuple[Outcome, ...],
        Records("Outcomes", "Outcome", help="What could happen if you pursue it; the probabilities add up to 1."),
    ] = (Outcome(),)
    cost: Annotated[
        float, Number("Cost", unit="money", minimum=0, help="The certain cost of pursuing it, paid whatever the outcome.")
    ] = 0.0
    delay_months: Annotated[float, Number("Delay", unit="months", minimum=0, help="How long until the outcome arrives.")] = 0.0

    def problems(self) -> list[tuple[str, str]]:
        total = math.fsum(o.probability for o in self.outcomes)
        if abs(total - 1.0) > PROBABILITY_TOLERANCE:
            return [
                (
                    "outcomes",
                    f"The probabilities of the outcomes of {self.name!r} add up to {fmt_number(round(total, 9))}; they must add up to 1.",
                )
            ]
        return []


@dataclass(frozen=True)
class Inputs:
    offers: Annotated[
        tuple[Offer, ...], Records("Offers", "Offer", help="The deals on the table, each with its value to you.")
    ] = (
        Offer("Harbor Corp's offer", 1_180_000.0),
        Offer("Lakeside's offer", 980_000.0),
    )
    alternatives: Annotated[
        tuple[Alternative, ...],
        Records("Alternatives", "Alternative", help="What you can do without any of these deals. The best one is your BATNA."),
    ] = (
        Alternative(
            "Wait for a strategic buyer",
            (Outcome(0.5, 1_500_000.0), Outcome(0.5, 900_000.0)),
            cost=40_000.0,
            delay_months=6.0,
        ),
        Alternative(
            "Keep running the business",
            (Outcome(0.7, 1_200_000.0), Outcome(0.3, 700_000.0)),
            delay_months=12.0,
        ),
    )
    annual_discount_rate: Annotated[
        float,
        Number(
            "Annual discount rate",
            unit="per year, 0.1 = 10%",
            minimum=0,
            help="How much less money is worth to you for each year you wait for it.",
        ),
    ] = 0.0
    risk_tolerance: Annotated[
        float | None,
        Number(
            "Risk tolerance",
            unit="money",
            minimum=0,
            exclusive_minimum=True,
            placeholder="risk-neutral",
            help="Roughly the largest stake you would take a 50-50 gamble on to win that much or lose half of it. Empty means risk-neutral.",
        ),
    ] = None
    sensitivity_percent: Annotated[float, SENSITIVITY_RANGE] = 20.0


@dataclass(frozen=True)
class AlternativeResult:
    name: str
    expected_value: float
    certainty_equivalent: float
    present_value: float


@dataclass(frozen=True)
class OfferResult:
    name: str
    value: float
    surplus: float
    decision: str  # "accept" or "walk away"


@dataclass(frozen=True)
class BreakEven:
    """The probability of the BATNA's best outcome at which an offer stops (or starts) being worth accepting."""

    offer: str
    outcome: str
    current_probability: float
    break_even_probability: float | None  # None: no probability in [0, 1] changes the decision


@dataclass(frozen=True)
class Result:
    alternatives: tuple[AlternativeResult, ...]
    batna: str
    walk_away_value: float
    offers: tuple[OfferResult, ...]
    sensitivity: tuple[Swing, ...] = ()
    break_even: tuple[BreakEven, ...] = ()


def certainty_equivalent(outcomes: tuple[Outcome, ...], risk_tolerance: float | None) -> float:
    """The certain amount worth as much as the gamble, before any cost.

    ``-R * ln(sum(p * exp(-v / R)))``, computed as a log-sum-exp shifted by the
    worst outcome so that it neither overflows for large ``v / R`` nor loses
    the small differences when ``R`` is large. Outcomes with probability 0
    are skipped. ``R is None`` means risk-neutral: the expected value.
    """
    live = [o for o in outcomes if o.probability > 0]
    if risk_tolerance is None:
        return math.fsum(o.probability * o.value for o in live)
    worst = min(o.value for o in live)
    # sum(p * exp(-(v - worst) / R)) = sum(p) + sum(p * expm1(...)), each term <= 0.
    total_p = math.fsum(o.probability for o in live)
    tail = math.fsum(o.probability * math.expm1(-(o.value - worst) / risk_tolerance) for o in live)
    return worst - risk_tolerance * math.log1p((total_p - 1.0) + tail)


def compute(inputs: Inputs) -> Result:
    """Roll back each alternative, pick the BATNA, judge every offer against it, and test how robust that is."""
    core = _core(inputs)
    sensitivity = tornado(
        inputs,
        _core,
        lambda r: r.walk_away_value,
        lambda r: (r.batna, tuple(o.decision for o in r.offers)),
        frozenset({"probability"}),  # probabilities move together (they add up to 1): see the break-even
    )
    return dataclasses.replace(core, sensitivity=sensitivity, break_even=_break_even(inputs, core))


def _break_even(inputs: Inputs, core: Result) -> tuple[BreakEven, ...]:
    """Move the probability of the BATNA's best outcome (the others scaled to keep the sum 1) until each offer's decision flips."""
    index = _batna_index(core)
    alt = inputs.alternatives[index]
    best = max(range(len(alt.outcomes)), key=lambda j: alt.outcomes[j].value)
    p0 = alt.outcomes[best].probability
    outcome = f"{alt.name} \u203a outcome {best + 1}"
    if len(alt.outcomes) < 2 or p0 >= 1.0:
        return tuple(BreakEven(o.name, outcome, p0, None) for o in inputs.offers)

    def walk_away(p: float) -> float:
        scale = (1 - p) / (1 - p0)
        outcomes = tuple(Outcome(p if j == best else o.probability * scale, o.value) for j, o in enumerate(alt.outcomes))
        alts = tuple(dataclasses.replace(a, outcomes=outcomes) if i == index else a for i, a in enumerate(inputs.alternatives))
        return _core(dataclasses.replace(inputs, alternatives=alts)).walk_away_value

    lo_value, hi_value = walk_away(0.0), walk_away(1.0)  # the walk-away value rises with p
    out = []
    for offer in inputs.offers:
        if not lo_value <= offer.value <= hi_value:
            out.append(BreakEven(offer.name, outcome, p0, None))
            continue
        lo, hi = 0.0, 1.0
        for _ in range(32):
            mid = (lo + hi) / 2
            if walk_away(mid) <= offer.value:
                lo = mid
            else:
                hi = mid
        out.append(BreakEven(offer.name, outcome, p0, lo))
    return tuple(out)


def _core(inputs: Inputs) -> Result:
    growth = 1.0 + inputs.annual_discount_rate
    alternatives = []
    for alt in inputs.alternatives:
        ev = math.fsum(o.probability * o.value for o in alt.outcomes) - alt.cost
        ce = ev if inputs.risk_tolerance is None else certainty_equivalent(alt.outcomes, inputs.risk_tolerance) - alt.cost
        pv = ce / growth ** (alt.delay_months / 12.0)
        alternatives.append(AlternativeResult(alt.name, ev, ce, pv))
    best = alternatives[0]
    for a in alternatives[1:]:
        if a.present_value > best.present_value:
            best = a
    offers = tuple(
        OfferResult(o.name, o.value, o.value - best.present_value, "accept" if o.value - best.present_value >= 0 else "walk away")
        for o in inputs.offers
    )
    return Result(tuple(alternatives), best.name, best.present_value, offers)


def present(inputs: Inputs, result: Result) -> list[Block]:
    """The result as the reader sees it: the verdict first, then the working."""
    best_offer = max(result.offers, key=lambda o: o.surplus)
    verdict = f"Accept {best_offer.name}" if best_offer.decision == "accept" else "Walk away: no offer beats your BATNA"
    blocks: list[Block] = [
        Summary(
            (
                ("Your BATNA", result.batna),
                ("Walk-away value", money(result.walk_away_value)),
                ("Best move", verdict),
            )
        ),
        Table(
            "Offers on the table, against your walk-away value",
            ("Offer", "Value", "Surplus over walk-away", "Decision"),
            tuple((o.name, money(o.value), money(o.surplus), o.decision) for o in result.offers),
            numeric=(1, 2),
            tones=tuple("good" if o.decision == "accept" else "bad" for o in result.offers),
        ),
        Table(
            "Your alternatives, rolled back to one number each",
            ("Alternative", "Expected value", "Certainty equivalent", "Present value"),
            tuple(
                (a.name, money(a.expected_value), money(a.certainty_equivalent), money(a.present_value))
                for a in result.alternatives
            ),
            numeric=(1, 2, 3),
            tones=tuple("good" if i == _batna_index(result) else "" for i in range(len(result.alternatives))),
        ),
    ]
    blocks.append(
        BarChart(
            "Offers and alternatives against your walk-away value",
            "Each offer's value and each alternative's present value, with a line at the walk-away value: "
            "offers to the right of the line beat walking away.",
            tuple(f"Offer: {o.name}" for o in result.offers) + tuple(f"Alternative: {a.name}" for a in result.alternatives),
            (("Value to you", tuple(o.value for o in result.offers) + tuple(a.present_value for a in result.alternatives)),),
            (Marker("Walk-away", "x", result.walk_away_value),),
        )
    )
    blocks.extend(
        sensitivity_blocks(
            result.sensitivity, inputs.sensitivity_percent, "Walk-away value", "Decision changes", result.walk_away_value
        )
    )
    rows = tuple(
        (
            b.offer,
            b.outcome,
            percent(b.current_probability),
            "never, from 0% to 100%" if b.break_even_probability is None else percent(b.break_even_probability),
        )
        for b in result.break_even
    )
    blocks.append(
        Table(
            "Break-even: the probability of your BATNA's best outcome at which each offer's verdict flips",
            ("Offer", "Best outcome", "Its probability now", "Break-even probability"),
            rows,
            numeric=(2, 3),
        )
    )
    if inputs.risk_tolerance is None:
        blocks.append(
            Note("Risk-neutral: each certainty equivalent equals the expected value. Set a risk tolerance to count the downside.")
        )
    return blocks


def _batna_index(result: Result) -> int:
    """Which alternative is the BATNA: the first with the highest present value, as in :func:`compute`."""
    return next(i for i, a in enumerate(result.alternatives) if a.present_value == result.walk_away_value)
