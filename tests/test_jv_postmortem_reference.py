"""jv-postmortem against a deliberately naive reference: list every plan, value each one in exact fractions, take the best.

No folding back here: a plan is "go back k times, then close" or "go back k times, then walk away" (k = 0 .. n),
valued directly as D_k S_k + (1 - S_k) B or B. Each trip's threshold is recomputed from the best of the plans that
start after it, again by listing them.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.jv_postmortem import Inputs, Round, compute

Plan = tuple[F, int, str]  # value, trips back, "close" or "walk"


def every_plan(d0: float, b: float, trips: list[tuple[float, float]]) -> list[Plan]:
    """In the order of preference on ties: fewer trips first, closing before walking away."""
    deal, survive, walk = F(d0), F(1), F(b)
    plans: list[Plan] = [(deal, 0, "close"), (walk, 0, "walk")]
    for k, (g, p) in enumerate(trips, start=1):
        deal += F(g)
        survive *= 1 - F(p)
        plans += [(survive * deal + (1 - survive) * walk, k, "close"), (walk, k, "walk")]
    return plans


def best_after(trips: list[tuple[float, float]], deals: list[F], walk: F, k: int) -> F:
    """V_k: having made trip k and found them still there, the best of every plan from there on."""
    best, survive = max(deals[k], walk), F(1)
    for j in range(k + 1, len(trips) + 1):
        survive *= 1 - F(trips[j - 1][1])
        best = max(best, survive * deals[j] + (1 - survive) * walk)
    return best


def thresholds(d0: float, b: float, trips: list[tuple[float, float]]) -> list[F]:
    walk, deals = F(b), [F(d0)]
    for g, _ in trips:
        deals.append(deals[-1] + F(g))
    out = []
    for k in range(1, len(trips) + 1):
        after, stop = best_after(trips, deals, walk, k), max(deals[k - 1], walk)
        # Going back is worth (1 - p) * after + p * walk, a line in p: it meets "stop" at p = (after - stop) / (after - walk).
        out.append((after - stop) / (after - walk) if after > walk else F(0))
    return out


money = st.one_of(st.integers(-(10**7), 10**7).map(float), st.floats(min_value=-1e7, max_value=1e7))
gains = st.one_of(st.integers(0, 10**6).map(float), st.floats(min_value=0, max_value=1e6), st.just(0.0))
probs = st.one_of(st.sampled_from([0.0, 0.1, 0.25, 0.5, 1.0]), st.floats(min_value=0, max_value=1))


@settings(max_examples=200, deadline=None)
@given(money, money, st.lists(st.tuples(gains, probs), min_size=1, max_size=6))
def test_matches_the_list_of_every_plan(d0: float, b: float, trips: list[tuple[float, float]]) -> None:
    # The model works in exact fractions too, so both round the same exact numbers: they must agree to the last bit.
    r = compute(Inputs(deal_value=d0, walk_away_value=b, rounds=tuple(Round(g, p) for g, p in trips)))
    plans = every_plan(d0, b, trips)
    best = max(v for v, _, _ in plans)
    assert r.best_value == float(best)
    assert r.expected_values == tuple(float(plans[2 * k][0]) for k in range(len(trips) + 1))
    value, trips_back, action = next(p for p in plans if p[0] == best)
    assert (r.best_rounds, r.walk_away) == (trips_back, action == "walk"), (value, r)
    assert r.reopen_thresholds == tuple(float(t) for t in thresholds(d0, b, trips))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.floats(min_value=0, max_value=1e-300), probs), min_size=1, max_size=3))
def test_gains_too_small_for_a_float_still_count(trips: list[tuple[float, float]]) -> None:
    # D0 = B = 1: nothing is at risk, so any gain with a walk chance below 1 makes going back worth it, even a gain
    # that vanishes when added to 1 in floating point.
    r = compute(Inputs(deal_value=1.0, walk_away_value=1.0, rounds=tuple(Round(g, p) for g, p in trips)))
    plans = every_plan(1.0, 1.0, trips)
    best = max(v for v, _, _ in plans)
    assert (r.best_rounds, r.walk_away) == next((k, a == "walk") for v, k, a in plans if v == best)
    assert r.reopen_thresholds == tuple(float(t) for t in thresholds(1.0, 1.0, trips))


@pytest.mark.parametrize(
    ("d0", "b", "trips", "plan"),
    [
        (1e6, 4e6, [(5e5, 0.5)], (0, "walk")),  # the reproducer
        (10e6, 4e6, [(1.5e6, 0.1), (1e6, 0.4)], (1, "close")),  # the page's example
        (10, 4, [(0.5, 0.1), (5, 0.1)], (2, "close")),  # a small first step that opens a big second one
        (10, 4, [(0, 0.9), (10, 0.0)], (0, "close")),
    ],
)
def test_reference_itself_on_hand_worked_cases(
    d0: float, b: float, trips: list[tuple[float, float]], plan: tuple[int, str]
) -> None:
    plans = every_plan(d0, b, trips)
    best = max(v for v, _, _ in plans)
    assert next((k, a) for v, k, a in plans if v == best) == plan
