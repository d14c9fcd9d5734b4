"""zopa: hand-worked cases with uniform beliefs, and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculators.fields import InputError, parse
from calculators.zopa import Inputs, compute


def test_default_seller_case() -> None:
    # Seller s = 520,000; buyer's reservation b ~ U[500,000, 640,000].
    # P(deal) = (640 - 520) / (640 - 500) = 120/140 = 0.857142...
    # p* = max((640 + 520)/2, 500) = 580,000; P(accept) = (640 - 580)/140 = 60/140 = 0.428571...
    # gain = (580 - 520) * 60/140 = 60,000 * 3/7 = 25,714.29
    # perfect information: E[(b - s)+] = (H - s)^2 / (2 (H - L)) = 120,000^2 / 280,000 = 51,428.57; EVPI = 25,714.29
    r = compute(Inputs())
    assert r.deal_probability == pytest.approx(6 / 7)
    assert r.best_ultimatum_price == pytest.approx(580_000)
    assert r.acceptance_probability == pytest.approx(3 / 7)
    assert r.expected_gain == pytest.approx(60_000 * 3 / 7)
    assert r.value_of_information == pytest.approx(120_000**2 / 280_000 - 60_000 * 3 / 7)


def test_research_note_buyer_example() -> None:
    # Buyer worth 100, seller's reservation ~ U[0, 100]: p* = min((100 + 0)/2, 100) = 50, P = 0.5, gain 25;
    # perfect info: b - (L + H)/2 = 100 - 50 = 50; EVPI = 50 - 25 = 25.
    r = compute(Inputs(role="buyer", your_walk_away=100, their_walk_away_low=0, their_walk_away_high=100))
    assert (r.best_ultimatum_price, r.acceptance_probability, r.expected_gain, r.value_of_information) == (50, 0.5, 25, 25)


def test_seller_far_below_range_asks_the_low_edge() -> None:
    # s = 100, b ~ U[500, 600]: (600 + 100)/2 = 350 < 500, so p* = L = 500, always accepted, gain 400.
    # Perfect info: E[b] - s = 550 - 100 = 450; EVPI = 50.
    r = compute(Inputs(role="seller", your_walk_away=100, their_walk_away_low=500, their_walk_away_high=600))
    assert (r.deal_probability, r.best_ultimatum_price, r.acceptance_probability) == (1, 500, 1)
    assert r.expected_gain == 400 and r.value_of_information == 50


def test_no_zone_of_agreement() -> None:
    # Seller needs 700,000; the buyer pays at most 640,000: no deal, no price, nothing to learn.
    r = compute(Inputs(your_walk_away=700_000))
    assert r.deal_probability == 0 and r.best_ultimatum_price is None
    assert r.expected_gain == 0 and r.value_of_information == 0


def test_point_belief() -> None:
    # L = H = 600,000 and s = 520,000: a deal surely exists; ask 600,000, accepted for sure, gain 80,000; nothing left to learn.
    r = compute(Inputs(their_walk_away_low=600_000, their_walk_away_high=600_000))
    assert (r.deal_probability, r.best_ultimatum_price, r.acceptance_probability, r.expected_gain) == (1, 600_000, 1, 80_000)
    assert r.value_of_information == 0
    # And a point below the walk-away: probability 0.
    assert compute(Inputs(their_walk_away_low=500_000, their_walk_away_high=500_000)).deal_probability == 0


def test_evaluated_price() -> None:
    # Seller asks 600: P(b >= 600) = (640 - 600)/140 = 2/7; gain (600 - 520) * 2/7 = 22,857.14.
    r = compute(Inputs(price=600_000))
    assert r.price_acceptance_probability == pytest.approx(2 / 7)
    assert r.price_expected_gain == pytest.approx(80_000 * 2 / 7)


def test_low_above_high_is_an_error() -> None:
    with pytest.raises(InputError) as e:
        parse(Inputs, {"their_walk_away_low": 700, "their_walk_away_high": 600})
    assert e.value.problems[0].where == "their_walk_away_high"


money = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(st.sampled_from(["seller", "buyer"]), money, money, money)
def test_best_price_is_never_a_loss_and_information_is_never_negative(role: str, w: float, a: float, b: float) -> None:
    low, high = min(a, b), max(a, b)
    r = compute(Inputs(role=role, your_walk_away=w, their_walk_away_low=low, their_walk_away_high=high))
    assert r.expected_gain >= 0
    assert r.value_of_information >= 0
    assert 0 <= r.deal_probability <= 1
    if r.best_ultimatum_price is not None:
        assert low - 1e-9 <= r.best_ultimatum_price <= high + 1e-9
