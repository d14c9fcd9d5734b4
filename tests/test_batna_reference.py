"""An independent, deliberately naive BATNA model, compared with calculators.batna on random inputs.

The reference works the textbook formulas directly: exact fractions for probabilities and expected values, and
60-digit decimals for the exponential-utility certainty equivalent CE = -R ln(sum q e^(-v/R)) (Raiffa 1968, ch. 4),
for the discounting (1 + r)^(t/12) and for the break-even probability, which it solves in closed form. It shares no
code with the model: no shifting by the worst outcome, no log1p, no bisection. The competing-offer rule (Sebenius
2017): each offer is judged against the best of the alternatives and the other offers.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from calculators import batna
from calculators.batna import Alternative, Inputs, Offer, Outcome
from calculators.fields import check

DIGITS = 60


def dec(x: float | Fraction) -> Decimal:
    if isinstance(x, Fraction):
        return Decimal(x.numerator) / Decimal(x.denominator)
    return Decimal(x)


@dataclass
class RefAlternative:
    ev: Decimal
    ce: Decimal
    pv: Decimal


def ref_outcomes_value(outcomes: tuple[Outcome, ...], R: float | None) -> Decimal:
    """The outcomes' certainty equivalent (their expected value when R is None), before cost and discounting."""
    total = sum(Fraction(o.probability) for o in outcomes)
    shares = [(Fraction(o.probability) / total, o.value) for o in outcomes]
    if R is None:
        return dec(sum(q * Fraction(v) for q, v in shares))
    mean_utility = sum(dec(q) * (-(Decimal(v) / Decimal(R))).exp() for q, v in shares if q > 0)
    return -Decimal(R) * mean_utility.ln()


def ref_growth(rate: float, delay: float) -> Decimal:
    return (1 + Decimal(rate)) ** (Decimal(delay) / 12)


def ref_alternative(alt: Alternative, rate: float, R: float | None) -> RefAlternative:
    total = sum(Fraction(o.probability) for o in alt.outcomes)
    ev = dec(sum(Fraction(o.probability) / total * Fraction(o.value) for o in alt.outcomes)) - Decimal(alt.cost)
    outcomes_ce = ref_outcomes_value(alt.outcomes, R)
    # Only the outcomes wait for the delay; the cost is paid now.
    pv = outcomes_ce / ref_growth(rate, alt.delay_months) - Decimal(alt.cost)
    return RefAlternative(ev, outcomes_ce - Decimal(alt.cost), pv)


@dataclass
class RefResult:
    alternatives: list[RefAlternative]
    batna_index: int
    walk_away: Decimal
    offer_walk_aways: list[Decimal]
    judged_against: list[tuple[str, bool]]
    runner_up_gaps: list[Decimal]  # how close the nearest unequal candidate comes to the one an offer is judged against


def ref_compute(inputs: Inputs) -> RefResult:
    alts = [ref_alternative(a, inputs.annual_discount_rate, inputs.risk_tolerance) for a in inputs.alternatives]
    best = max(a.pv for a in alts)
    index = [a.pv for a in alts].index(best)
    walks, against, gaps = [], [], []
    for i in range(len(inputs.offers)):
        candidates = [(best, inputs.alternatives[index].name, False)]
        candidates += [(Decimal(o.value), o.name, True) for j, o in enumerate(inputs.offers) if j != i]
        top = max(c[0] for c in candidates)
        first = next(c for c in candidates if c[0] == top)  # the alternative first, then the offers in order
        walks.append(top)
        against.append((first[1], first[2]))
        # The closest any other candidate comes without being equal (an exact tie is broken by the rule).
        gaps.append(min([top - c[0] for c in candidates if c[0] != top], default=Decimal("Infinity")))
    return RefResult(alts, index, best, walks, against, gaps)


def scale_of(inputs: Inputs) -> float:
    numbers = [abs(o.value) for o in inputs.offers]
    numbers += [abs(o.value) for a in inputs.alternatives for o in a.outcomes] + [a.cost for a in inputs.alternatives]
    return max([1.0, *numbers])


def near(a: Decimal | float, b: Decimal | float, tol: float) -> bool:
    return abs(Decimal(a) - Decimal(b)) <= Decimal(tol)


def ref_decision(inputs: Inputs, tol: float) -> tuple[int, tuple[str, ...]] | None:
    """The (BATNA index, decisions) the reference finds, or None when a near-tie makes it a matter of rounding."""
    with localcontext() as ctx:
        ctx.prec = DIGITS
        r = ref_compute(inputs)
        pvs = sorted((a.pv for a in r.alternatives), reverse=True)
        if len(pvs) > 1 and near(pvs[0], pvs[1], tol):
            return None
        decisions = []
        for o, walk in zip(inputs.offers, r.offer_walk_aways, strict=True):
            if near(o.value, walk, tol):
                return None
            decisions.append("accept" if Decimal(o.value) >= walk else "walk away")
        return r.batna_index, tuple(decisions)


# -- random inputs ----------------------------------------------------------------------------------------------

money = st.one_of(st.integers(min_value=-2_000_000, max_value=2_000_000).map(float), st.floats(min_value=-2e6, max_value=2e6))


@st.composite
def alternatives(draw: Any, name: str) -> Alternative:
    n = draw(st.integers(min_value=1, max_value=3))
    weights = draw(st.lists(st.integers(min_value=0, max_value=5), min_size=n, max_size=n).filter(lambda w: sum(w) > 0))
    # Probabilities as typed: shares of the weights, off from adding up to 1 by up to 5e-7 (inside the tolerance).
    off = draw(st.sampled_from([0.0, 5e-7, -5e-7, 1e-9]))
    outcomes = tuple(Outcome(min(1.0, w / sum(weights) * (1 + off)), draw(money)) for w in weights)
    cost = draw(st.sampled_from([0.0, 0.0, 40_000.0, 1234.5]))
    delay = draw(st.sampled_from([0.0, 0.0, 6.0, 12.0, 120.0, 1200.0]))
    return Alternative(name, outcomes, cost=cost, delay_months=delay)


@st.composite
def inputs_strategy(draw: Any) -> Inputs:
    offers = tuple(Offer(f"offer {i}", draw(money)) for i in range(draw(st.integers(min_value=1, max_value=3))))
    alts = tuple(draw(alternatives(f"alt {k}")) for k in range(draw(st.integers(min_value=1, max_value=3))))
    rate = draw(st.sampled_from([0.0, 0.05, 0.1, 0.21, 10.0]))
    R = draw(st.one_of(st.none(), st.floats(min_value=1e3, max_value=1e7)))
    percent = draw(st.sampled_from([20.0, 50.0, 100.0]))
    inputs = Inputs(offers, alts, annual_discount_rate=rate, risk_tolerance=R, sensitivity_percent=percent)
    assert not check(inputs)  # only inputs a reader could type
    return inputs


# -- the comparisons --------------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(inputs_strategy())
@example(  # two candidates the reference's 60 digits cannot tell apart (a sure -6e-114 against a sure 0)
    Inputs(
        (Offer("offer 0", 0.0),),
        (Alternative("alt 0", (Outcome(1.0, -6.05358235750299e-114),)), Alternative("alt 1", (Outcome(1.0, 0.0),))),
        risk_tolerance=1000.0,
    )
)
def test_roll_back_and_judgement_match_the_reference(inputs: Inputs) -> None:
    tol = 1e-9 * scale_of(inputs)
    model = batna.compute(inputs)
    with localcontext() as ctx:
        ctx.prec = DIGITS
        ref = ref_compute(inputs)
        for a, b in zip(model.alternatives, ref.alternatives, strict=True):
            assert near(a.expected_value, b.ev, tol)
            assert near(a.certainty_equivalent, b.ce, tol)
            assert near(a.present_value, b.pv, tol)
        assert near(model.walk_away_value, ref.walk_away, tol)
        for o, walk, against, gap in zip(model.offers, ref.offer_walk_aways, ref.judged_against, ref.runner_up_gaps, strict=True):
            assert near(o.walk_away_value, walk, tol)
            assert near(o.surplus, Decimal(o.value) - walk, tol)
            if gap > tol:  # a near tie is broken by rounding
                # What the model judged the offer against must be worth the walk-away in exact arithmetic too.
                # (Not its name: when the reference's 60 digits round two candidates to the same value, say a
                # sure -6e-114 and a sure 0 with R = 1000, both are right, and floats may tell them apart.)
                candidates = {a.name: r.pv for a, r in zip(inputs.alternatives, ref.alternatives, strict=True)}
                if o.judged_against_offer:
                    candidates = {other.name: Decimal(other.value) for other in inputs.offers if other.name != o.name}
                assert near(candidates[o.judged_against], walk, tol), (o.judged_against, against)
    decision = ref_decision(inputs, tol)
    if decision is not None:
        assert (model.batna_index, tuple(o.decision for o in model.offers)) == decision


def tornado_paths(inputs: Inputs) -> dict[str, tuple[Any, ...]]:
    """The reader's label of every input the tornado moves (non-zero numbers, probabilities excluded), and where it is."""
    out: dict[str, tuple[Any, ...]] = {}
    for i, o in enumerate(inputs.offers):
        out[f"{o.name} \u203a Value"] = ("offer", i)
    for k, a in enumerate(inputs.alternatives):
        for j, _ in enumerate(a.outcomes):
            out[f"{a.name} \u203a Outcome {j + 1} \u203a Value"] = ("outcome", k, j)
        out[f"{a.name} \u203a Cost"] = ("cost", k)
        out[f"{a.name} \u203a Delay"] = ("delay", k)
    out["Annual discount rate"] = ("rate",)
    out["Risk tolerance"] = ("R",)
    return out


def moved(inputs: Inputs, where: tuple[Any, ...], factor: float) -> tuple[Inputs, bool]:
    """The inputs with one number multiplied by ``factor``, and whether a reader could have typed them."""
    kind = where[0]
    offers, alts = list(inputs.offers), list(inputs.alternatives)
    rate, R = inputs.annual_discount_rate, inputs.risk_tolerance
    if kind == "offer":
        x = offers[where[1]].value * factor
        offers[where[1]] = Offer(offers[where[1]].name, x)
        ok = abs(x) <= 1e15
    elif kind == "outcome":
        a = alts[where[1]]
        outcomes = list(a.outcomes)
        x = outcomes[where[2]].value * factor
        outcomes[where[2]] = Outcome(outcomes[where[2]].probability, x)
        alts[where[1]] = Alternative(a.name, tuple(outcomes), a.cost, a.delay_months)
        ok = abs(x) <= 1e15
    elif kind == "cost":
        a = alts[where[1]]
        x = a.cost * factor
        alts[where[1]] = Alternative(a.name, a.outcomes, x, a.delay_months)
        ok = 0 <= x <= 1e15
    elif kind == "delay":
        a = alts[where[1]]
        x = a.delay_months * factor
        alts[where[1]] = Alternative(a.name, a.outcomes, a.cost, x)
        ok = 0 <= x <= 1200
    elif kind == "rate":
        rate = rate * factor
        ok = 0 <= rate <= 10
    else:
        assert R is not None
        R = R * factor
        ok = 0 < R <= 1e15
    return Inputs(tuple(offers), tuple(alts), rate, R, inputs.sensitivity_percent), ok


def value_at(inputs: Inputs, where: tuple[Any, ...]) -> float:
    kind = where[0]
    if kind == "offer":
        return inputs.offers[where[1]].value
    if kind == "outcome":
        return inputs.alternatives[where[1]].outcomes[where[2]].value
    if kind == "cost":
        return inputs.alternatives[where[1]].cost
    if kind == "delay":
        return inputs.alternatives[where[1]].delay_months
    if kind == "rate":
        return inputs.annual_discount_rate
    return inputs.risk_tolerance or 0.0  # risk-neutral (None): nothing to move


@settings(max_examples=60, deadline=None)
@given(inputs_strategy())
def test_tornado_matches_the_reference(inputs: Inputs) -> None:
    tol = 1e-9 * scale_of(inputs)
    model = batna.compute(inputs)
    paths = {label: where for label, where in tornado_paths(inputs).items() if value_at(inputs, where) != 0}
    assert sorted(s.input for s in model.sensitivity) == sorted(paths)
    base = ref_decision(inputs, tol)
    share = inputs.sensitivity_percent / 100
    for s in model.sensitivity:
        where = paths[s.input]
        assert s.value == value_at(inputs, where)
        end_decisions = []
        for factor, got, in_range in ((1 - share, s.low, s.low_in_range), (1 + share, s.high, s.high_in_range)):
            end, ok = moved(inputs, where, factor)
            assert in_range == ok
            if not ok:
                assert got is None
                continue
            with localcontext() as ctx:
                ctx.prec = DIGITS
                assert got is not None and near(got, ref_compute(end).walk_away, 1e-9 * scale_of(end))
            end_decisions.append(ref_decision(end, 1e-9 * scale_of(end)))
        if base is None or None in end_decisions:
            continue  # a near-tie: whether it counts as a change is a matter of rounding
        if any(d != base for d in end_decisions):
            assert s.flips_at_percent is not None and 0 < s.flips_at_percent <= inputs.sensitivity_percent
        elif s.low_in_range and s.high_in_range:
            assert s.flips_at_percent is None
        # (An end out of range is searched up to the last move still in range: a flip may be found there.)
        if s.flips_at_percent is not None:
            # At the reported move, in one direction or the other, the decision differs from the base.
            at_flip = [moved(inputs, where, 1 + sign * s.flips_at_percent / 100) for sign in (-1, 1)]
            decisions = [ref_decision(end, 1e-9 * scale_of(end)) for end, ok in at_flip if ok]
            assert any(d != base for d in decisions)


def ref_break_even(inputs: Inputs, index: int, i: int) -> tuple[str, Decimal | None, Callable[[Decimal], Decimal] | None]:
    """Closed form: the probability p of the BATNA's best outcome at which offer i's walk-away equals its value.

    With the others' shares w_j of the rest (equal shares when they are all 0), the outcomes' CE at p is
    -R ln(p e^(-v_b/R) + (1 - p) M), M = sum w_j e^(-v_j/R); it equals Y = (value + cost) (1 + r)^(t/12) at
    p = (M - e^(-Y/R)) / (M - e^(-v_b/R)). Risk-neutral: p = (Y - m) / (v_b - m), m = sum w_j v_j.
    Returns ("none", None) when no p in [0, 1] flips the decision, ("ok", p) otherwise, and ("tie", None) near a boundary.
    """
    alt = inputs.alternatives[index]
    R = inputs.risk_tolerance
    offer = inputs.offers[i]
    values = [o.value for o in alt.outcomes]
    b = values.index(max(values))
    others = [j for j in range(len(values)) if j != b]
    tol = 1e-9 * scale_of(inputs)
    if not others:
        return "none", None, None
    probabilities = [Fraction(o.probability) for o in alt.outcomes]
    rest = sum(probabilities[j] for j in others)
    weights = {j: (probabilities[j] / rest if rest > 0 else Fraction(1, len(others))) for j in others}
    growth = ref_growth(inputs.annual_discount_rate, alt.delay_months)

    def walk_away(p: Decimal) -> Decimal:
        if R is None:
            ce = p * Decimal(values[b]) + (1 - p) * sum(dec(weights[j]) * Decimal(values[j]) for j in others)
        else:
            mix = p * (-(Decimal(values[b]) / Decimal(R))).exp() + (1 - p) * sum(
                dec(weights[j]) * (-(Decimal(values[j]) / Decimal(R))).exp() for j in others
            )
            ce = -Decimal(R) * mix.ln()
        return ce / growth - Decimal(alt.cost)

    rivals = [ref_alternative(a, inputs.annual_discount_rate, R).pv for k, a in enumerate(inputs.alternatives) if k != index]
    rivals += [Decimal(o.value) for j, o in enumerate(inputs.offers) if j != i]
    y = Decimal(offer.value)
    low, high = walk_away(Decimal(0)), walk_away(Decimal(1))
    if any(near(r, y, tol) for r in rivals) or near(low, y, tol) or near(high, y, tol):
        return "tie", None, walk_away
    if (rivals and max(rivals) > y) or not low <= y < high:
        return "none", None, walk_away
    target = (y + Decimal(alt.cost)) * growth
    if R is None:
        m = sum(dec(weights[j]) * Decimal(values[j]) for j in others)
        return "ok", (target - m) / (Decimal(values[b]) - m), walk_away
    M = sum(dec(weights[j]) * (-(Decimal(values[j]) / Decimal(R))).exp() for j in others)
    return "ok", (M - (-(target / Decimal(R))).exp()) / (M - (-(Decimal(values[b]) / Decimal(R))).exp()), walk_away


@settings(max_examples=150, deadline=None)
@given(inputs_strategy())
def test_break_even_matches_the_reference(inputs: Inputs) -> None:
    model = batna.compute(inputs)
    tol = 1e-9 * scale_of(inputs)
    with localcontext() as ctx:
        ctx.prec = DIGITS
        ref = ref_compute(inputs)
        pvs = sorted((a.pv for a in ref.alternatives), reverse=True)
        assume(len(pvs) == 1 or not near(pvs[0], pvs[1], tol))  # which alternative is the BATNA is then clear
        assert model.batna_index == ref.batna_index
        alt = inputs.alternatives[ref.batna_index]
        values = [o.value for o in alt.outcomes]
        b = values.index(max(values))
        total = sum(Fraction(o.probability) for o in alt.outcomes)
        for i, be in enumerate(model.break_even):
            assert be.offer == inputs.offers[i].name
            assert be.outcome == f"{alt.name} \u203a outcome {b + 1}"
            assert math.isclose(be.current_probability, Fraction(alt.outcomes[b].probability) / total, rel_tol=1e-15)
            kind, p, walk_away = ref_break_even(inputs, ref.batna_index, i)
            if kind == "tie":
                continue
            if kind == "none":
                assert be.break_even_probability is None
                continue
            assert p is not None and walk_away is not None and be.break_even_probability is not None
            assert 0 <= be.break_even_probability <= 1
            # The reference's walk-away crosses the offer's value at the model's p, to within a few floats of p (near
            # p = 1 a tiny R can make the walk-away so steep that one float step of p moves it by more than 1e-8).
            below, above = be.break_even_probability, be.break_even_probability
            for _ in range(4):
                below, above = math.nextafter(below, 0.0), math.nextafter(above, 1.0)
            y, slack = Decimal(inputs.offers[i].value), Decimal(1e-8 * scale_of(inputs))
            assert walk_away(dec(Fraction(below))) <= y + slack
            assert walk_away(dec(Fraction(above))) >= y - slack
            if inputs.risk_tolerance is None:
                # Risk-neutral, the walk-away is linear in p: the model's p is the closed form's, to within tol / slope.
                slope = walk_away(Decimal(1)) - walk_away(Decimal(0))
                assert abs(dec(Fraction(be.break_even_probability)) - p) * slope <= Decimal(1e-8 * scale_of(inputs))


def test_reference_agrees_on_the_example() -> None:
    """The reference on the page's example: 1,160,000 and 1,050,000, Harbor against 1,160,000, Lakeside against Harbor."""
    with localcontext() as ctx:
        ctx.prec = DIGITS
        ref = ref_compute(batna.EXAMPLE)
        # 0.7 and 0.3 are not exact in binary: the fractions of the floats give 1,050,000 to within 3e-12.
        assert [round(a.pv, 9) for a in ref.alternatives] == [1_160_000, 1_050_000]
        assert ref.offer_walk_aways == [1_160_000, 1_180_000]
        assert ref.judged_against == [("Wait for a strategic buyer", False), ("Harbor Corp's offer", True)]
        kind, p, _ = ref_break_even(batna.EXAMPLE, 0, 0)
        assert kind == "ok" and p is not None and abs(p - Decimal(320) / Decimal(600)) < Decimal("1e-50")
