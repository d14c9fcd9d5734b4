"""union-postmortem against a deliberately naive reference: the generalised Nash split found by searching, not by formula.

For each case the reference takes the gains as the union saw them (exact fractions of the inputs), and if there are
any, searches for the company's part x of them that maximises the generalised Nash product
x**alpha * (G - x)**(1 - alpha) (Harsanyi & Selten 1972; Kalai 1977): a coarse grid, then golden-section refinement
of the concave log product. The raise follows from the split; the company signs only if its true total is at least
its strike value with its plan.
"""

from __future__ import annotations

import math
from fractions import Fraction as F

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from calculators.union_postmortem import AGREEMENT, COMPANY_WALKS, NO_DEAL_ZONE, Inputs, Package, compute

GOLDEN = (math.sqrt(5) - 1) / 2


def nash_part(alpha: float, gains: float) -> float:
    """The company's part of ``gains`` that maximises the generalised Nash product, by search.

    The product is searched over the company's share t of the gains, in (0, 1), and scaled back: the same maximiser
    for any size of gains, and no logarithm of a part that underflows to 0 (gains of 5e-324 split into 100 cells).
    """
    if gains == 0:
        return 0.0

    def log_product(t: float) -> float:
        return alpha * math.log(t) + (1 - alpha) * math.log(1 - t)

    grid = [(i + 0.5) / 100 for i in range(100)]  # cell middles: both logs finite
    best = max(range(100), key=lambda i: log_product(grid[i]))
    lo, hi = max(best - 1, 0) / 100, min(best + 2, 100) / 100
    a, b = hi - GOLDEN * (hi - lo), lo + GOLDEN * (hi - lo)
    for _ in range(200):
        if hi - lo <= 1e-13 or not (lo < a < b < hi):
            break
        if log_product(a) < log_product(b):
            lo, a, b = a, b, a + GOLDEN * (hi - a)
        else:
            hi, b, a = b, a, b - GOLDEN * (b - lo)
    return gains * (lo + hi) / 2


def reference(inputs: Inputs, company_values_seen: F, company_no_deal_seen: F) -> tuple[str, float | None, float, float, F]:
    k401_extra = F(0) if inputs.k401_already_planned else F(inputs.k401_cost)
    company = F(inputs.medical_plan_savings) - k401_extra
    union = F(inputs.k401_value_to_union) - F(inputs.medical_plan_cost_to_union)
    strike = F(inputs.company_no_deal) + F(inputs.contingency_plan_gain)
    gains = company_values_seen + union - company_no_deal_seen - F(inputs.union_no_deal)
    if gains < 0:
        return NO_DEAL_ZONE, None, float(strike), inputs.union_no_deal, gains
    share = company_no_deal_seen + F(nash_part(inputs.company_power, float(gains)))
    transfer = company_values_seen - share
    if company - transfer < strike:
        return COMPANY_WALKS, None, float(strike), inputs.union_no_deal, gains
    wage_bill = F(inputs.headcount) * F(inputs.average_wage) * F(inputs.years)
    return (
        AGREEMENT,
        float(F(inputs.planned_wage_increase) + transfer / wage_bill),
        float(company - transfer),
        float(union + transfer),
        gains,
    )


def cases(inputs: Inputs) -> dict[str, tuple[str, float | None, float, float, F]]:
    k401_extra = F(0) if inputs.k401_already_planned else F(inputs.k401_cost)
    medical_seen = (
        inputs.medical_plan_savings if inputs.medical_plan_savings_as_seen is None else inputs.medical_plan_savings_as_seen
    )
    k401_seen = k401_extra if inputs.k401_cost_as_seen is None else F(inputs.k401_cost_as_seen)
    seen = F(medical_seen) - k401_seen
    true = F(inputs.medical_plan_savings) - k401_extra
    leaked = F(inputs.company_no_deal) + F(inputs.contingency_plan_gain)
    return {
        "as_happened": reference(inputs, seen, leaked),
        "disclosed": reference(inputs, true, leaked),
        "not_leaked": reference(inputs, seen, F(inputs.company_no_deal)),
    }


money = st.one_of(st.integers(-5 * 10**6, 5 * 10**6).map(float), st.floats(min_value=-5e6, max_value=5e6))
plus = st.one_of(st.integers(0, 5 * 10**6).map(float), st.floats(min_value=0, max_value=5e6))


@st.composite
def inputs(draw: st.DrawFn) -> Inputs:
    return Inputs(
        headcount=draw(st.integers(1, 2000)),
        average_wage=draw(st.floats(min_value=1000, max_value=200_000)),
        years=draw(st.floats(min_value=0.5, max_value=6)),
        planned_wage_increase=draw(st.floats(min_value=0, max_value=0.1)),
        medical_plan_savings=draw(plus),
        medical_plan_savings_as_seen=draw(st.none() | plus),
        medical_plan_cost_to_union=draw(plus),
        k401_cost=draw(plus),
        k401_already_planned=draw(st.booleans()),
        k401_cost_as_seen=draw(st.none() | plus),
        k401_value_to_union=draw(plus),
        company_no_deal=draw(money),
        union_no_deal=draw(money),
        contingency_plan_gain=draw(plus),
        company_power=draw(st.sampled_from([0.0, 0.25, 0.5, 1.0]) | st.floats(min_value=0, max_value=1)),
    )


@settings(max_examples=200, deadline=None)
@given(inputs())
@example(  # gains of 5e-324: the search's cells used to underflow to 0, and log(0) failed
    Inputs(
        headcount=1,
        average_wage=1000.0,
        years=1.0,
        planned_wage_increase=0.0,
        medical_plan_savings=0.0,
        medical_plan_cost_to_union=0.0,
        k401_cost=0.0,
        k401_value_to_union=5e-324,
        company_no_deal=0.0,
        union_no_deal=0.0,
        company_power=0.0,
    )
)
def test_matches_the_searched_nash_split(data: Inputs) -> None:
    r = compute(data)
    want = cases(data)
    scale = 1e-6 * max(
        1.0,
        *(
            abs(x)
            for x in (
                data.medical_plan_savings,
                data.k401_cost,
                data.k401_value_to_union,
                data.medical_plan_cost_to_union,
                data.company_no_deal,
                data.union_no_deal,
                data.contingency_plan_gain,
                data.medical_plan_savings_as_seen or 0,
                data.k401_cost_as_seen or 0,
            )
        ),
    )
    for name, got in (("as_happened", r.as_happened), ("disclosed", r.disclosed), ("not_leaked", r.not_leaked)):
        outcome, raise_, company, union, gains = want[name]
        # The searched split is good to about 1e-8 of the gains: skip cases within that of the company's walk-out
        # edge. The edge of the deal zone needs no search: both sides compute the gains in exact fractions.
        margin = company - (data.company_no_deal + data.contingency_plan_gain)
        assume(outcome != AGREEMENT or margin > 10 * scale or margin == 0)
        assert isinstance(got, Package)
        assert got.outcome == outcome, (name, got, want[name])
        assert got.gains_seen == float(gains)
        assert (got.company, got.union) == (pytest.approx(company, abs=scale), pytest.approx(union, abs=scale))
        if raise_ is None:
            assert got.wage_increase is None
        else:
            wage_bill = data.headcount * data.average_wage * data.years
            assert got.wage_increase == pytest.approx(raise_, abs=scale / wage_bill)
    assert r.secrecy_gain == pytest.approx(want["as_happened"][2] - want["disclosed"][2], abs=2 * scale)
    assert r.leak_gain == pytest.approx(want["as_happened"][2] - want["not_leaked"][2], abs=2 * scale)


@pytest.mark.parametrize(
    ("alpha", "gains", "part"),
    [(0.5, 4.6e6, 2.3e6), (0.0, 10.0, 0.0), (1.0, 10.0, 10.0), (0.8, 1.0, 0.8), (0.5, 0.0, 0.0)],
)
def test_search_finds_the_textbook_split(alpha: float, gains: float, part: float) -> None:
    # Maximising x**a (G - x)**(1 - a): d/dx log = a/x - (1 - a)/(G - x) = 0 at x = a G (Kalai 1977's weighted split).
    # A search on a flat top finds it to about the square root of the float precision: 1e-7 of the gains.
    assert nash_part(alpha, gains) == pytest.approx(part, abs=1e-7 * max(gains, 1))
