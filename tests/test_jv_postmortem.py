"""jv-postmortem: expected value of each extra trip back, hand-worked."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculators.jv_postmortem import Inputs, Round, compute


def test_essay_story_first_trip_pays_second_does_not() -> None:
    # D0 = 10M, B = 4M. Trip 1: +1.5M, walk 10%: EV1 = 11.5M * 0.9 + 0.1 * 4M = 10.35M + 0.4M = 10.75M.
    # Trip 2: +1M, walk 40%: S2 = 0.9 * 0.6 = 0.54; EV2 = 12.5M * 0.54 + 0.46 * 4M = 6.75M + 1.84M = 8.59M.
    # Thresholds: 1.5 / (10 - 4 + 1.5) = 0.2 > 0.1 (pays); 1 / (11.5 - 4 + 1) = 1/8.5 = 0.1176 < 0.4 (does not).
    r = compute(Inputs())
    assert r.expected_values == pytest.approx((10e6, 10.75e6, 8.59e6))
    assert r.best_rounds == 1
    assert r.reopen_thresholds == pytest.approx((0.2, 1 / 8.5))


def test_ties_take_the_fewest_trips() -> None:
    # Gain 0 and walk 0: EV stays 100 every round; the best is 0 trips.
    r = compute(Inputs(deal_value=100, walk_away_value=0, rounds=(Round(0, 0), Round(0, 0))))
    assert r.expected_values == (100, 100, 100) and r.best_rounds == 0


def test_nothing_at_risk_means_any_gain_pays() -> None:
    # D0 = 1, B = 5: walking is better than the deal, so D - B + g = 1 - 5 + 1 < 0: the threshold is 1.
    r = compute(Inputs(deal_value=1, walk_away_value=5, rounds=(Round(1, 0.5),)))
    assert r.reopen_thresholds == (1.0,)


gain = st.floats(min_value=0, max_value=1e6)
prob = st.floats(min_value=0, max_value=1)


@given(
    st.floats(min_value=0, max_value=1e6),
    st.floats(min_value=0, max_value=1e6),
    st.lists(st.tuples(gain, prob), min_size=1, max_size=6),
)
def test_ev_between_b_and_d(d0: float, b: float, trips: list[tuple[float, float]]) -> None:
    r = compute(Inputs(deal_value=d0, walk_away_value=b, rounds=tuple(Round(g, p) for g, p in trips)))
    d = d0
    for k, (g, _) in enumerate(trips, start=1):
        d += g
        lo, hi = min(b, d), max(b, d)
        assert lo - 1e-6 <= r.expected_values[k] <= hi + 1e-6
    assert r.expected_values[r.best_rounds] == max(r.expected_values)
