"""Walk-away (BATNA) comparison: is an offer on the table better than what you would do without it?

Each alternative to a deal is a small decision tree: a certain cost of pursuing
it, a delay, and uncertain outcomes. It is rolled back to one number. All
amounts are value to you; higher is better.

For an alternative with cost ``c``, outcomes ``(p_i, v_i)``, delay ``t`` months,
annual discount rate ``r`` and risk tolerance ``R``:

- the probabilities are used as shares of their sum ``P = sum(p_i)``, which
  the input check allows to differ from 1 by at most 1e-6: ``q_i = p_i / P``;
- expected value: ``EV = sum(q_i * v_i) - c``;
- certainty equivalent under exponential utility:
  ``CE = -R * ln(sum(q_i * exp(-v_i / R))) - c``, or ``EV`` when ``R`` is None
  (risk-neutral). It is computed shifted by the worst outcome ``w``, as
  ``w - R * ln(sum(q_i * exp(-(v_i - w) / R)))``: with ``log1p`` and ``expm1``
  while the sum is near 1 (so that a large ``R`` keeps small differences), and
  as a log-sum-exp of ``ln p_i - (v_i - w) / R`` otherwise (so that a tiny
  ``R`` or a tiny ``p_i`` neither overflows nor takes the log of 0). Outcomes
  with probability 0 are left out;
- present value: ``PV = (CE + c) / (1 + r) ** (t / 12) - c``. The cost is paid
  now, whatever the outcome, so it is not discounted; only the outcomes, which
  arrive after the delay, are. The discount factor is computed as
  ``exp(-(t / 12) * log1p(r))``, which stays finite for every allowed input
  (``r`` at most 10 a year, ``t`` at most 1,200 months).

Your **BATNA** is the alternative with the highest ``PV`` (the first one on
ties); its ``PV`` is what no deal with anyone is worth. A firm offer from one
bidder is part of your alternative to a deal with every other bidder
(Sebenius 2017): each offer is judged against the best of the alternatives
*and the other offers* (on ties the alternative, then the first offer). An
offer's surplus is its value minus that walk-away value, and it is accepted
when the surplus is at least 0. At most the best offer is accepted (several
only when they tie).

Two checks of how robust the answer is: a tornado (each input moved on its
own, see :mod:`calculators.sensitivity`) and a break-even table: the
probability of the BATNA's best outcome at which each offer's verdict flips,
the other outcomes keeping their shares of the rest (or sharing it equally when
they all stand at 0).

Sources: H. Raiffa, *Decision Analysis* (1968) and *The Art and Science of
Negotiation* (1982); H. Raiffa, J. Richardson & D. Metcalfe, *Negotiation
Analysis* (2002). Exponential utility and the risk tolerance: Raiffa (1968),
ch. 4. Offers as each other's alternatives: J. K. Sebenius, "BATNAs in
negotiation: common errors and three kinds of 'no'", *Negotiation Journal*
33(2), 2017.

Example:

>>> from calculators import batna
>>> r = batna.compute(batna.Inputs(
...     offers=(batna.Offer("Offer", 100.0),),
...     alternatives=(batna.Alternative("Coin flip", (batna.Outcome(0.5, 0.0), batna.Outcome(0.5, 180.0))),),
... ))
>>> r.batna, r.walk_away_value, r.offers[0].surplus, r.offers[0].decision
('Coin flip', 90.0, 10.0, 'accept')
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated

from .charts import BarChart, Marker
from .fields import Number, Records, Text, first_repeat
from .numbers import money, number, percent
from .render import Block, Note, Summary, Table, Tree, TreeNode, sensitivity_blocks
from .sensitivity import SENSITIVITY_RANGE, Swing, tornado

__all__ = [
    "EXAMPLE",
    "Alternative",
    "AlternativeResult",
    "BreakEven",
    "Inputs",
    "Offer",
    "OfferResult",
    "Outcome",
    "Result",
    "certainty_equivalent",
    "compute",
    "discount_factor",
    "expected_value",
    "present",
]

#: How far the probabilities of an alternative's outcomes may add up to something other than 1.
PROBABILITY_TOLERANCE = 1e-6
#: The longest delay: a hundred years.
MAX_DELAY_MONTHS = 1200.0
#: The highest annual discount rate: 10, that is 1,000% a year.
MAX_DISCOUNT_RATE = 10.0
#: Bisection steps of the break-even probability: far finer than the 0.1% shown.
BREAK_EVEN_STEPS = 64


@dataclass(frozen=True)
class Offer:
    name: Annotated[str, Text("Name", help="What the deal on the table is called; each offer needs its own name.")] = "Offer"
    value: Annotated[float, Number("Value", unit="money", help="What the deal is worth to you.")] = 0.0


@dataclass(frozen=True)
class Outcome:
    probability: Annotated[float, Number("Probability", ge=0, le=1, help="How likely this outcome is, from 0 to 1.")] = 1.0
    value: Annotated[float, Number("Value", unit="money", help="What this outcome is worth to you, when it arrives.")] = 0.0


@dataclass(frozen=True)
class Alternative:
    name: Annotated[str, Text("Name", help="What you would do if talks fail; each alternative needs its own name.")] = (
        "Alternative"
    )
    outcomes: Annotated[
        tuple[Outcome, ...],
        Records(
            "Outcomes",
            "Outcome",
            help="What could happen if you pursue it. The probabilities add up to 1 (within 0.000001; they are then "
            "rescaled to add up to exactly 1).",
        ),
    ] = (Outcome(),)
    cost: Annotated[
        float,
        Number(
            "Cost",
            unit="money",
            ge=0,
            help="The certain cost of pursuing it, paid now whatever the outcome: it is not discounted for the delay.",
        ),
    ] = 0.0
    delay_months: Annotated[
        float,
        Number(
            "Delay",
            unit="months",
            ge=0,
            le=MAX_DELAY_MONTHS,
            help="How long until the outcome arrives; the outcomes (not the cost) are discounted for it. At most 1,200 months.",
        ),
    ] = 0.0

    def problems(self) -> list[tuple[str, str]]:
        total = math.fsum(o.probability for o in self.outcomes)
        if abs(total - 1.0) > PROBABILITY_TOLERANCE:
            return [
                (
                    "outcomes",
                    f"The probabilities of the outcomes of {self.name!r} add up to {number(round(total, 9))}; they must add up to 1.",
                )
            ]
        return []


@dataclass(frozen=True)
class Inputs:
    offers: Annotated[
        tuple[Offer, ...],
        Records(
            "Offers",
            "Offer",
            help="The deals on the table, each with its value to you. Each is judged against your best alternative and the other offers.",
        ),
    ]
    alternatives: Annotated[
        tuple[Alternative, ...],
        Records("Alternatives", "Alternative", help="What you can do without any of these deals. The best one is your BATNA."),
    ]
    annual_discount_rate: Annotated[
        float,
        Number(
            "Annual discount rate",
            unit="per year, 0.1 = 10%",
            ge=0,
            le=MAX_DISCOUNT_RATE,
            help="How much less money is worth to you for each year you wait for it. 0 means no discounting.",
        ),
    ] = 0.0
    risk_tolerance: Annotated[
        float | None,
        Number(
            "Risk tolerance",
            unit="money",
            gt=0,
            placeholder="risk-neutral",
            default_note="risk-neutral (each alternative is worth its expected value)",
            help="Roughly the largest stake you would take a 50-50 gamble on to win that much or lose half of it. Empty means risk-neutral.",
        ),
    ] = None
    sensitivity_percent: Annotated[float, SENSITIVITY_RANGE] = 20.0

    def problems(self) -> list[tuple[str, str]]:
        out = []
        for field, what, names in (
            ("offers", "offers", [o.name for o in self.offers]),
            ("alternatives", "alternatives", [a.name for a in self.alternatives]),
        ):
            twice = first_repeat(names)
            if twice is not None:
                called = "have no name" if twice == "" else f"are called {twice!r}"
                out.append((field, f"Two {what} {called}; give each its own name, so that the results can tell them apart."))
        return out



#: The worked example of the guide's page: selling a business, with two offers and two alternatives.
EXAMPLE = Inputs(
    offers=(
        Offer("Harbor Corp's offer", 1_180_000.0),
        Offer("Lakeside's offer", 980_000.0),
    ),
    alternatives=(
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
    ),
    annual_discount_rate=0.0,
    risk_tolerance=None,
    sensitivity_percent=20.0,
)


@dataclass(frozen=True)
class AlternativeResult:
    name: str
    expected_value: float  # after the cost, before discounting
    certainty_equivalent: float  # after the cost, before discounting
    present_value: float  # the outcomes' certainty equivalent discounted for the delay, less the cost


@dataclass(frozen=True)
class OfferResult:
    name: str
    value: float
    #: What this offer is judged against: the best of the alternatives and the other offers.
    walk_away_value: float
    judged_against: str  # the name of that alternative or offer
    judged_against_offer: bool  # True when it is another offer
    surplus: float  # value - walk_away_value
    decision: str  # "accept" or "walk away"


@dataclass(frozen=True)
class BreakEven:
    """The probability of the BATNA's best outcome at which an offer stops (or starts) being worth accepting."""

    offer: str
    outcome: str
    current_probability: float  # its share of the probabilities as given
    #: The offer is worth accepting while the probability is at most this; None: no probability in [0, 1]
    #: changes the decision.
    break_even_probability: float | None


@dataclass(frozen=True)
class Result:
    alternatives: tuple[AlternativeResult, ...]
    batna_index: int  # which alternative is the BATNA: the first with the highest present value
    batna: str
    walk_away_value: float  # the BATNA's present value: what no deal with anyone is worth
    offers: tuple[OfferResult, ...]
    sensitivity: tuple[Swing, ...] = ()
    break_even: tuple[BreakEven, ...] = ()


def expected_value(outcomes: Sequence[Outcome]) -> float:
    """The probability-weighted mean of the outcomes, the probabilities taken as shares of their sum."""
    live = [o for o in outcomes if o.probability > 0]
    worst = min(o.value for o in live)
    total = math.fsum(o.probability for o in live)
    # Shifted by the worst outcome: a sure amount comes back exactly, whatever the sum of the probabilities.
    return worst + math.fsum(o.probability * (o.value - worst) for o in live) / total


def certainty_equivalent(outcomes: Sequence[Outcome], risk_tolerance: float | None) -> float:
    """The certain amount worth as much as the gamble, before any cost.

    ``-R * ln(sum(q * exp(-v / R)))`` with ``q = p / sum(p)``, computed as
    ``w - R * ln(sum(q * exp(-(v - w) / R)))`` with ``w`` the worst outcome.
    Each ``exp`` is then at most 1, so nothing overflows. While the sum is near
    1 it is taken as ``1 + sum(q * expm1(...))`` and its log with ``log1p``, so
    that a large ``R`` keeps the small differences; otherwise its log is a
    log-sum-exp of ``ln p - (v - w) / R``, so that a tiny ``p`` or ``R`` never
    takes the log of 0. Outcomes with probability 0 are skipped. ``R is None``
    means risk-neutral: the expected value.
    """
    if risk_tolerance is None:
        return expected_value(outcomes)
    live = [o for o in outcomes if o.probability > 0]
    worst = min(o.value for o in live)
    total = math.fsum(o.probability for o in live)
    # Each term is in [-p, 0], so the sum is in (-1, 0] (-1 only by rounding, handled below).
    near = math.fsum(o.probability * math.expm1(-(o.value - worst) / risk_tolerance) for o in live) / total
    if near > -0.5:
        return worst - risk_tolerance * math.log1p(near)
    # (v - worst) / R may be inf for a tiny R: that outcome's term is then -inf, and adds 0 below.
    terms = [math.log(o.probability) - (o.value - worst) / risk_tolerance for o in live]
    top = max(terms)  # finite: the worst outcome's term is ln p
    log_sum = top + math.log(math.fsum(math.exp(t - top) for t in terms)) - math.log(total)
    return worst - risk_tolerance * log_sum


def discount_factor(annual_rate: float, delay_months: float) -> float:
    """``1 / (1 + r) ** (t / 12)``, computed as ``exp(-(t / 12) * log1p(r))``: finite and in (0, 1] for allowed inputs."""
    return math.exp(-(delay_months / 12.0) * math.log1p(annual_rate))


def _roll_back(alt: Alternative, annual_rate: float, risk_tolerance: float | None) -> AlternativeResult:
    ev = expected_value(alt.outcomes)
    ce = ev if risk_tolerance is None else certainty_equivalent(alt.outcomes, risk_tolerance)
    pv = ce * discount_factor(annual_rate, alt.delay_months) - alt.cost  # the cost is paid now: not discounted
    return AlternativeResult(alt.name, ev - alt.cost, ce - alt.cost, pv)


def compute(inputs: Inputs) -> Result:
    """Roll back each alternative, pick the BATNA, judge every offer, and test how robust that is."""
    core = _core(inputs)
    sensitivity = tornado(
        inputs,
        _core,
        lambda r: r.walk_away_value,
        lambda r: (r.batna_index, tuple(o.decision for o in r.offers)),
        frozenset({"probability"}),  # probabilities move together (they add up to 1): see the break-even
    )
    return dataclasses.replace(core, sensitivity=sensitivity, break_even=_break_even(inputs, core))


def _core(inputs: Inputs) -> Result:
    alternatives = tuple(_roll_back(a, inputs.annual_discount_rate, inputs.risk_tolerance) for a in inputs.alternatives)
    batna_index = 0
    for i, a in enumerate(alternatives):
        if a.present_value > alternatives[batna_index].present_value:
            batna_index = i
    batna = alternatives[batna_index]
    # The best offer and the best of the others, so that each offer finds the best *other* offer in one step.
    values = [o.value for o in inputs.offers]
    top = max(range(len(values)), key=lambda i: values[i])  # the first of the highest
    runner_up = max((i for i in range(len(values)) if i != top), key=lambda i: values[i], default=None)
    offers = []
    for i, offer in enumerate(inputs.offers):
        rival = runner_up if i == top else top
        if rival is not None and values[rival] > batna.present_value:
            against, against_value, against_offer = inputs.offers[rival].name, values[rival], True
        else:
            against, against_value, against_offer = batna.name, batna.present_value, False
        surplus = offer.value - against_value
        decision = "accept" if surplus >= 0 else "walk away"
        offers.append(OfferResult(offer.name, offer.value, against_value, against, against_offer, surplus, decision))
    return Result(alternatives, batna_index, batna.name, batna.present_value, tuple(offers))


def _break_even(inputs: Inputs, core: Result) -> tuple[BreakEven, ...]:
    """Move the probability of the BATNA's best outcome until each offer's decision flips.

    The other outcomes keep their shares of the rest, or share it equally when they all stand at 0. The
    BATNA's present value rises with that probability (more weight on its best outcome), so each offer is
    accepted on an interval [0, p*], found by bisection.
    """
    index = core.batna_index
    alt = inputs.alternatives[index]
    total = math.fsum(o.probability for o in alt.outcomes)
    best = max(range(len(alt.outcomes)), key=lambda j: alt.outcomes[j].value)  # the first of the highest
    q0 = alt.outcomes[best].probability / total
    outcome = f"{alt.name} \u203a outcome {best + 1}"
    others = [j for j in range(len(alt.outcomes)) if j != best]
    if not others:
        return tuple(BreakEven(o.name, outcome, q0, None) for o in inputs.offers)
    rest = math.fsum(alt.outcomes[j].probability for j in others)
    shares = {j: alt.outcomes[j].probability / rest if rest > 0 else 1.0 / len(others) for j in others}

    def walk_away(p: float) -> float:
        outcomes = tuple(Outcome(p if j == best else (1.0 - p) * shares[j], o.value) for j, o in enumerate(alt.outcomes))
        return _roll_back(
            dataclasses.replace(alt, outcomes=outcomes), inputs.annual_discount_rate, inputs.risk_tolerance
        ).present_value

    lowest, highest = walk_away(0.0), walk_away(1.0)
    other_alternatives = [a.present_value for i, a in enumerate(core.alternatives) if i != index]
    out = []
    for i, offer in enumerate(inputs.offers):
        rivals = other_alternatives + [o.value for j, o in enumerate(inputs.offers) if j != i]
        if (rivals and max(rivals) > offer.value) or not lowest <= offer.value < highest:
            # Something else beats it whatever p is, or the BATNA is below it (or above it) at every p.
            out.append(BreakEven(offer.name, outcome, q0, None))
            continue
        lo, hi = 0.0, 1.0  # walk_away(lo) <= value < walk_away(hi)
        for _ in range(BREAK_EVEN_STEPS):
            mid = (lo + hi) / 2
            if walk_away(mid) <= offer.value:
                lo = mid
            else:
                hi = mid
        out.append(BreakEven(offer.name, outcome, q0, lo))
    return tuple(out)


def _tree(inputs: Inputs, result: Result) -> Tree:
    """The alternatives as one decision tree: the choice without a deal, each alternative's cost and delay on its
    branch, its outcomes at the leaves, and the values the table gives it rolled back to its chance node."""
    branches = []
    for i, (alt, rolled) in enumerate(zip(inputs.alternatives, result.alternatives, strict=True)):
        months = number(alt.delay_months)
        leaves = tuple(TreeNode("end", f"{percent(o.probability)} chance", (("", o.value),)) for o in alt.outcomes)
        branches.append(
            TreeNode(
                "chance",
                rolled.name,
                (
                    ("Expected value", rolled.expected_value),
                    ("Certainty equivalent", rolled.certainty_equivalent),
                    ("Present value", rolled.present_value),
                ),
                f"Cost {money(alt.cost)}, paid now; outcomes in {months} month{'' if alt.delay_months == 1 else 's'}",
                leaves,
                chosen=i == result.batna_index,
                badge="your BATNA" if i == result.batna_index else "",
            )
        )
    root = TreeNode(
        "decision", "Without a deal: the best alternative", (("Worth", result.walk_away_value),), children=tuple(branches)
    )
    return Tree(
        "Your alternatives as a decision tree",
        "The square is your choice, each circle is chance, each triangle an outcome, with its probability and its value "
        "when it arrives. Each alternative's outcomes roll back to its expected value, certainty equivalent and present "
        "value, after its cost; the choice takes the highest present value, your BATNA.",
        root,
    )


def present(inputs: Inputs, result: Result) -> list[Block]:
    """The result as the reader sees it: the verdict first, then the working."""
    accepted = [o for o in result.offers if o.decision == "accept"]
    verdict = f"Accept {accepted[0].name}" if accepted else "Walk away: no offer beats your best alternative"
    blocks: list[Block] = [
        Summary(
            (
                ("Your best alternative to every deal", result.batna),
                ("What no deal is worth", money(result.walk_away_value)),
                ("Best move", verdict),
            )
        ),
        Table(
            "Offers on the table, each against the best you could do without it",
            ("Offer", "Value", "Best without it", "Its value", "Surplus", "Decision"),
            tuple(
                (
                    o.name,
                    money(o.value),
                    f"{o.judged_against} ({'another offer' if o.judged_against_offer else 'your best alternative'})",
                    money(o.walk_away_value),
                    money(o.surplus),
                    o.decision,
                )
                for o in result.offers
            ),
            numeric=(1, 3, 4),
            tones=tuple("good" if o.decision == "accept" else "bad" for o in result.offers),
        ),
        Table(
            "Your alternatives, rolled back to one number each (after the cost)",
            ("Alternative", "Expected value", "Certainty equivalent", "Present value"),
            tuple(
                (a.name, money(a.expected_value), money(a.certainty_equivalent), money(a.present_value))
                for a in result.alternatives
            ),
            numeric=(1, 2, 3),
            tones=tuple("good" if i == result.batna_index else "" for i in range(len(result.alternatives))),
        ),
    ]
    if len(accepted) > 1:
        names = ", ".join(o.name for o in accepted)
        blocks.append(
            Note(
                f"These offers are worth the same to you, and at least as much as your best alternative: {names}. Any of them will do."
            )
        )
    if len(result.offers) > 1:
        blocks.append(
            Note(
                "Each offer is judged against the best of your alternatives and the other offers: a firm offer from one "
                "bidder is what you fall back on in talks with every other one (Sebenius 2017)."
            )
        )
    blocks.append(
        BarChart(
            "Offers and alternatives against what no deal is worth",
            "Each offer's value and each alternative's present value, with a line at your BATNA's value: "
            "offers to the left of the line are worse than walking away; of those to its right, the highest is the one to take.",
            tuple(f"Offer: {o.name}" for o in result.offers) + tuple(f"Alternative: {a.name}" for a in result.alternatives),
            (("Value to you", tuple(o.value for o in result.offers) + tuple(a.present_value for a in result.alternatives)),),
            (Marker("No deal", "x", result.walk_away_value),),
        )
    )
    blocks.append(_tree(inputs, result))
    blocks.extend(
        sensitivity_blocks(
            result.sensitivity, inputs.sensitivity_percent, "Value of no deal", "Decision changes", result.walk_away_value
        )
    )
    rows = tuple(
        (
            b.offer,
            b.outcome,
            percent(b.current_probability),
            f"never: {o.decision} from 0% to 100%" if b.break_even_probability is None else percent(b.break_even_probability),
        )
        for b, o in zip(result.break_even, result.offers, strict=True)
    )
    blocks.append(
        Table(
            "Break-even: the probability of your BATNA's best outcome up to which each offer is worth accepting "
            "(the other outcomes keep their shares of the rest)",
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
