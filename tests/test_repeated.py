"""repeated: cooperation thresholds, hand-worked."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculators.fields import InputError, parse
from calculators.repeated import Inputs, compute


def test_classic_payoffs() -> None:
    # T, R, P, S = 5, 3, 1, 0: grim = (5 - 3)/(5 - 1) = 0.5; (T - R)/(R - S) = 2/3; tit for tat = max = 2/3.
    r = compute(Inputs(continuation_probability=0.7))
    assert r.grim_trigger_threshold == 0.5
    assert r.tit_for_tat_threshold == pytest.approx(2 / 3)
    assert r.cooperation_sustainable  # 0.7 >= 0.667
    assert not compute(Inputs(continuation_probability=0.6)).cooperation_sustainable


def test_exact_threshold_counts() -> None:
    # T, R, P, S = 4, 3, 2, 0: grim = 1/2; (4 - 3)/(3 - 0) = 1/3; tit for tat = 1/2; w = 0.5 is enough.
    r = compute(Inputs(temptation=4, reward=3, punishment=2, sucker=0, continuation_probability=0.5))
    assert r.tit_for_tat_threshold == 0.5 and r.cooperation_sustainable


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        ({"temptation": 3}, "temptation"),
        ({"punishment": 3}, "reward"),
        ({"sucker": 1}, "punishment"),
        ({"continuation_probability": 1}, "continuation_probability"),
    ],
)
def test_order_of_payoffs_is_checked(raw: dict[str, object], where: str) -> None:
    with pytest.raises(InputError) as e:
        parse(Inputs, raw)
    assert where in {p.where for p in e.value.problems}


@given(
    st.lists(st.floats(min_value=-100, max_value=100), min_size=4, max_size=4, unique=True),
    st.floats(min_value=0, max_value=0.999),
)
def test_thresholds_are_probabilities(xs: list[float], w: float) -> None:
    s, p, r, t = sorted(xs)
    if not (t > r > p > s) or min(t - r, r - p, p - s) < 1e-6:
        return
    out = compute(Inputs(temptation=t, reward=r, punishment=p, sucker=s, continuation_probability=w))
    assert 0 < out.grim_trigger_threshold < 1
    assert out.grim_trigger_threshold <= out.tit_for_tat_threshold
    assert out.cooperation_sustainable == (w >= out.tit_for_tat_threshold)
