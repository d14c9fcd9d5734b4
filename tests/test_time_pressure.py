"""time-pressure: Rubinstein shares, hand-worked, and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculators.fields import InputError, parse
from calculators.time_pressure import Inputs, compute


def test_equal_patience() -> None:
    # delta = 0.9 both, you propose: (1 - 0.9) / (1 - 0.81) = 0.1 / 0.19 = 10/19 of 19 = 10.
    r = compute(Inputs(pie=19, your_discount=0.9, their_discount=0.9))
    assert r.your_share == pytest.approx(10) and r.their_share == pytest.approx(9)


def test_unequal_patience_and_order() -> None:
    # You 0.9, they 0.8, you propose: (1 - 0.8) / (1 - 0.72) = 0.2 / 0.28 = 5/7.
    assert compute(Inputs(pie=7, your_discount=0.9, their_discount=0.8)).your_share == pytest.approx(5)
    # They propose first: they get (1 - 0.9) / (1 - 0.72) = 0.1/0.28 = 5/14; you get 9/14.
    r = compute(Inputs(pie=14, your_discount=0.9, their_discount=0.8, you_propose_first=False))
    assert r.your_share == pytest.approx(9) and r.their_share == pytest.approx(5)


def test_breakdown_risk_acts_like_impatience() -> None:
    # q = 0.1: d = 0.9 * 0.9 = 0.81 for both; you propose: 0.19 / (1 - 0.6561) = 0.19 / 0.3439 = 0.552486...
    r = compute(Inputs(pie=1, your_discount=0.9, their_discount=0.9, breakdown_probability=0.1))
    assert r.your_effective_discount == pytest.approx(0.81)
    assert r.your_fraction == pytest.approx(0.19 / 0.3439)


def test_costs_of_delay_become_factors() -> None:
    # Pie 100,000; your cost 20,000 a round -> delta 0.8; theirs 5,000 -> 0.95.
    # You propose: (1 - 0.95) / (1 - 0.76) = 0.05 / 0.24 = 0.208333...
    r = compute(Inputs(pie=100_000, your_cost_per_round=20_000, their_cost_per_round=5_000))
    assert r.your_fraction == pytest.approx(0.05 / 0.24)


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        ({"pie": 0}, "pie"),
        ({"your_discount": 1}, "your_discount"),
        ({"their_discount": 0}, "their_discount"),
        ({"breakdown_probability": 1}, "breakdown_probability"),
        ({"your_cost_per_round": 100_000}, "your_cost_per_round"),
        ({"you_propose_first": "yes"}, "you_propose_first"),
    ],
)
def test_bad_inputs(raw: dict[str, object], where: str) -> None:
    with pytest.raises(InputError) as e:
        parse(Inputs, raw)
    assert where in {p.where for p in e.value.problems}


factor = st.floats(min_value=0.01, max_value=0.99)


@given(factor, factor, st.booleans(), st.floats(min_value=0, max_value=0.9), st.floats(min_value=1, max_value=1e9))
def test_shares_add_up_and_patience_helps(you: float, them: float, first: bool, q: float, pie: float) -> None:
    r = compute(Inputs(pie=pie, your_discount=you, their_discount=them, you_propose_first=first, breakdown_probability=q))
    assert r.your_share + r.their_share == pytest.approx(pie)
    assert 0 <= r.your_fraction <= 1
    more_patient = compute(
        Inputs(
            pie=pie, your_discount=min(0.999, you + 0.005), their_discount=them, you_propose_first=first, breakdown_probability=q
        )
    )
    assert more_patient.your_share >= r.your_share - 1e-9 * pie
