"""union-postmortem: totals, the gain from secrecy, and the Nash shift, hand-worked."""

from __future__ import annotations

import pytest

from calculators.union_postmortem import Inputs, compute


def test_default_story() -> None:
    # Wage bill over the contract: 300 * 50,000 * 3 = 45,000,000; one point of raise = 450,000.
    # Company, agreed: 1,500,000 saving - 0 (401K already planned) - 2.5% * 45M = 1.5M - 1.125M = 375,000.
    # Company, full disclosure at 4%: 1.5M - 1.8M = -300,000. Gain from secrecy: 675,000.
    # Union, agreed: 1.2M (401K) - 0.6M (medical) + 1.125M = 1,725,000; disclosure: 0.6M + 1.8M = 2,400,000.
    r = compute(Inputs())
    assert (r.company_totals.agreed, r.company_totals.win_win) == pytest.approx((375_000, -300_000))
    assert (r.union_totals.agreed, r.union_totals.win_win) == pytest.approx((1_725_000, 2_400_000))
    assert r.secret_gain == pytest.approx(675_000)
    # The 401K cost nothing extra, and the union valued it at 1.2M: all of that was trading currency.
    assert r.k401_trade_value == 1_200_000
    # Nash: gross G = 1.5M + 1.2M - 0.6M = 2.1M; d_c = -2M, d_u = -1.5M, alpha = 0.5:
    # company = -2M + 0.5 * (2.1M + 2M + 1.5M) = -2M + 2.8M = 800,000. With the leak d_c = -1M:
    # -1M + 0.5 * (2.1M + 1M + 1.5M) = -1M + 2.3M = 1,300,000: a shift of (1 - 0.5) * 1M = 500,000.
    assert r.nash_company_without_leak == pytest.approx(800_000)
    assert r.nash_company_with_leak == pytest.approx(1_300_000)
    assert r.contingency_shift == pytest.approx(500_000)


def test_401k_not_planned_costs_its_full_price() -> None:
    # Incremental cost 900,000: company agreed = 1.5M - 0.9M - 1.125M = -525,000; trade value 1.2M - 0.9M = 300,000.
    r = compute(Inputs(k401_already_planned=False))
    assert r.company_totals.agreed == pytest.approx(-525_000)
    assert r.k401_trade_value == pytest.approx(300_000)


def test_power_moves_the_shift() -> None:
    # alpha = 0.8: the leak is worth (1 - 0.8) * 1M = 200,000.
    r = compute(Inputs(company_power=0.8))
    assert r.nash_company_with_leak - r.nash_company_without_leak == pytest.approx(200_000)
