"""concessions: hand-worked schedules and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculators.concessions import Inputs, compute
from calculators.fields import InputError, parse


def test_geometric_default() -> None:
    # Seller: opening 130,000, target 110,000, walk-away 100,000: budget 30,000, planned 20,000, reserve 10,000.
    # r = 0.5, n = 4: c1 = 20,000 * 0.5 / (1 - 0.0625) = 10,000 / 0.9375 = 10,666.67; then 5,333.33, 2,666.67, 1,333.33.
    r = compute(Inputs())
    assert (r.budget, r.planned, r.reserve) == (30_000, 20_000, 10_000)
    assert r.concessions == pytest.approx((10_666.666667, 5_333.333333, 2_666.666667, 1_333.333333))
    assert r.offers == pytest.approx((130_000, 119_333.333333, 114_000, 111_333.333333, 110_000))
    assert r.offers[-1] == 110_000
    # Their offers 90,000 -> 96,000 -> 99,000: concessions 6,000 then 3,000, decreasing.
    # Reciprocity over 2 rounds: 9,000 / (10,666.67 + 5,333.33) = 9,000 / 16,000 = 0.5625.
    assert r.their_concessions == (6_000, 3_000)
    assert r.their_pattern == "decreasing"
    assert r.reciprocity == pytest.approx(0.5625)
    # c1 = 10,666.67 > 20,000 / 2 = 10,000: the first-concession warning.
    assert any("over half" in w for w in r.warnings)


def test_ackerman_is_geometric_half() -> None:
    # Buyer aiming at 100 from 65: planned 35, n = 3, r = 1/2: c1 = 35 * 0.5 / 0.875 = 20, then 10, then 5:
    # offers 65, 85, 95, 100, the Ackerman plan.
    r = compute(Inputs(role="buyer", opening=65, target=100, walk_away=100, rounds=3, ratio=0.5, their_offers=()))
    assert r.offers == pytest.approx((65, 85, 95, 100))
    assert r.concessions == pytest.approx((20, 10, 5))
    assert r.reserve == 0 and any("No reserve" in w for w in r.warnings)
    assert r.their_concessions is None and r.reciprocity is None


def test_equal_steps_and_time_dependent() -> None:
    # r = 1: 20,000 / 4 = 5,000 each.
    assert compute(Inputs(ratio=1.0, their_offers=())).concessions == pytest.approx((5_000,) * 4)
    # Time-dependent, beta = 0.5 (Boulware): offer_k = 130,000 - 20,000 * (k/4)^2:
    # k=1: 130,000 - 1,250 = 128,750; k=2: 125,000; k=3: 118,750; k=4: 110,000.
    r = compute(Inputs(pattern="time-dependent", beta=0.5, their_offers=()))
    assert r.offers == pytest.approx((130_000, 128_750, 125_000, 118_750, 110_000))
    assert r.concessions == pytest.approx((1_250, 3_750, 6_250, 8_750))
    # Round 1's 1,250 is under 5% of 20,000 = 1,000? No: 1,250 > 1,000, so no small-step warning.
    assert not any("impasse" in w for w in r.warnings)
    # beta = 0.25: round 1 concedes 20,000 * (1/4)^4 = 78.125 < 1,000: warned.
    r = compute(Inputs(pattern="time-dependent", beta=0.25, their_offers=()))
    assert r.concessions[0] == pytest.approx(78.125)
    assert any("impasse" in w for w in r.warnings)


def test_target_defaults_to_walk_away() -> None:
    r = compute(Inputs(target=None, their_offers=()))
    assert r.planned == 30_000 and r.reserve == 0


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        ({"opening": 100_000}, "opening"),  # not above the target of 110,000
        ({"target": 90_000}, "target"),  # below the walk-away of 100,000
        ({"role": "buyer"}, "opening"),  # a buyer must open below the target
        ({"rounds": 0}, "rounds"),
        ({"rounds": 2.5}, "rounds"),
        ({"ratio": 0}, "ratio"),
        ({"ratio": 1.5}, "ratio"),
        ({"beta": 0}, "beta"),
        ({"pattern": "linear"}, "pattern"),
        ({"their_offers": [1, "x"]}, "their_offers[1]"),
    ],
)
def test_bad_inputs(raw: dict[str, object], where: str) -> None:
    with pytest.raises(InputError) as e:
        parse(Inputs, raw)
    assert where in {p.where for p in e.value.problems}


@given(
    st.sampled_from(["geometric", "time-dependent"]),
    st.integers(min_value=1, max_value=30),
    st.floats(min_value=0.05, max_value=1.0),
    st.floats(min_value=0.1, max_value=10.0),
    st.floats(min_value=1.0, max_value=1e6),
)
def test_steps_are_positive_and_add_up(pattern: str, n: int, ratio: float, beta: float, planned: float) -> None:
    r = compute(
        Inputs(
            opening=1e6 + planned, target=1e6, walk_away=1e6, rounds=n, pattern=pattern, ratio=ratio, beta=beta, their_offers=()
        )
    )
    assert all(c > 0 for c in r.concessions)
    assert sum(r.concessions) == pytest.approx(planned, rel=1e-9)
    assert len(r.offers) == n + 1 and r.offers[-1] == 1e6
    assert all(a >= b for a, b in zip(r.offers, r.offers[1:], strict=False))  # tiny late steps may round away
