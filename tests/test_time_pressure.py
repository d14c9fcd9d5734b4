"""time-pressure: both models hand-worked for both roles and every branch; validation rule by rule; what the page says.

Sources of the expected numbers:
- Rubinstein, "Perfect equilibrium in a bargaining model", Econometrica 50 (1982), abstract: with discount factors
  d1, d2 the first proposer gets (1 - d2) / (1 - d1 d2); with fixed costs per round c1 (the proposer) and c2,
  (i) if c1 < c2 the proposer gets the whole pie, (ii) if c1 > c2 the proposer gets only c2. With equal costs c there
  is a range of equilibria, the proposer getting between c and the whole pie.
- Binmore, Rubinstein & Wolinsky, RAND J. Econ. 17 (1986): a chance q of breakdown after each rejection acts like a
  discount factor 1 - q, and breakdown pays each side its walk-away; with no other impatience the proposer gets its
  walk-away plus S / (2 - q) of the surplus S over both walk-aways.
- Binmore, Shaked & Sutton, QJE 104 (1989): a walk-away (outside option) is irrelevant unless a bargainer would then
  go elsewhere; when it binds, the other side must offer exactly it.
The models with walk-aways solve x_p = P - max(w_r, q w_r + b x_r), x_r = P - max(w_p, q w_p + a x_p) (patience) and
the fixed-cost cases P - w_r, min(P - w_r, w_p + c_r), [min(P - w_r, w_p + c), P - w_r] (money); see the module.
"""

from __future__ import annotations

import dataclasses
import json
import math
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import web
from calculators.charts import LineChart, Marker, Series
from calculators.fields import InputError, parse
from calculators.render import Note, Summary, Table
from calculators.time_pressure import CHART_MIN_SCALE, EXAMPLE, PATIENCE_STEPS, Inputs, Result, compute, present

PIE = 100_000.0


def shares(r: Result) -> tuple[float | None, float | None]:
    return r.your_share, r.their_share


# -- the patience model: Rubinstein (1982) with discount factors -------------------------------------------------------


def test_equal_patience_proposer_gets_ten_nineteenths() -> None:
    # d = 0.9 both, you propose: (1 - 0.9) / (1 - 0.81) = 0.1 / 0.19 = 10/19 of 19 = 10; they get 9.
    r = compute(Inputs(pie=19, you_propose_first=True, your_discount=0.9, their_discount=0.9))
    assert r.your_share == pytest.approx(10, rel=1e-12) and r.their_share == pytest.approx(9, rel=1e-12)
    assert r.model == "patience" and r.your_fraction == pytest.approx(10 / 19, rel=1e-12)
    # They propose: they get 10, you 9.
    r = compute(Inputs(pie=19, you_propose_first=False, your_discount=0.9, their_discount=0.9))
    assert r.your_share == pytest.approx(9, rel=1e-12) and r.their_share == pytest.approx(10, rel=1e-12)


def test_unequal_patience_both_orders() -> None:
    # You 0.9, they 0.8, you propose: (1 - 0.8) / (1 - 0.72) = 0.2 / 0.28 = 5/7 of 7 = 5.
    r = compute(Inputs(pie=7, you_propose_first=True, your_discount=0.9, their_discount=0.8))
    assert r.your_share == pytest.approx(5, rel=1e-12) and r.their_share == pytest.approx(2, rel=1e-12)
    # They propose first: they get (1 - 0.9) / (1 - 0.72) = 0.1 / 0.28 = 5/14 of 14 = 5; you get 9.
    r = compute(Inputs(pie=14, you_propose_first=False, your_discount=0.9, their_discount=0.8))
    assert r.your_share == pytest.approx(9, rel=1e-12) and r.their_share == pytest.approx(5, rel=1e-12)
    assert r.your_fraction == pytest.approx(9 / 14, rel=1e-12)
    assert (r.your_share_low, r.your_share_high) == (r.your_share, r.your_share)
    assert (r.their_share_low, r.their_share_high) == (r.their_share, r.their_share)


def test_results_are_frozen() -> None:
    r = compute(EXAMPLE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.your_share = 1.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        EXAMPLE.pie = 1.0  # type: ignore[misc]


def test_the_example_gives_about_a_fifth() -> None:
    # You 0.8, they 0.95, you propose: (1 - 0.95) / (1 - 0.76) = 0.05 / 0.24 = 0.2083333 of 100,000 = 20,833.33.
    r = compute(EXAMPLE)
    assert r.your_share == pytest.approx(100_000 * 0.05 / 0.24, rel=1e-12)
    assert r.their_share == pytest.approx(100_000 * 0.19 / 0.24, rel=1e-12)
    assert (r.your_effective_discount, r.their_effective_discount) == (0.8, 0.95)
    assert not r.your_walk_away_binds and not r.their_walk_away_binds


def test_breakdown_risk_acts_like_impatience() -> None:
    # q = 0.1: d = 0.9 * (1 - 0.1) = 0.81 for both; you propose: 0.19 / (1 - 0.6561) = 0.19 / 0.3439 = 0.552486...
    r = compute(Inputs(pie=1, you_propose_first=True, your_discount=0.9, their_discount=0.9, breakdown_probability=0.1))
    assert r.your_effective_discount == pytest.approx(0.81) and r.their_effective_discount == pytest.approx(0.81)
    assert r.your_fraction == pytest.approx(0.19 / 0.3439, rel=1e-12)
    # Unequal: you 0.9, they 0.5, q = 0.2: d = 0.72 and 0.4; they propose: (1 - 0.72) / (1 - 0.288) = 0.28 / 0.712.
    r = compute(Inputs(pie=712, you_propose_first=False, your_discount=0.9, their_discount=0.5, breakdown_probability=0.2))
    assert r.your_effective_discount == pytest.approx(0.72) and r.their_effective_discount == pytest.approx(0.4)
    assert r.their_share == pytest.approx(280, rel=1e-12) and r.your_share == pytest.approx(432, rel=1e-12)


def test_breakdown_alone_pays_walk_aways_and_splits_the_rest() -> None:
    # No discounting, q = 0.2, pie 90, your walk-away 10, theirs 20: surplus S = 90 - 10 - 20 = 60.
    # BRW: the proposer gets its walk-away + S / (2 - q) = 60 / 1.8 = 33.33; the other its walk-away + S (1 - q) / (2 - q).
    # You propose: 10 + 33.333 = 43.333; they get 20 + 26.667 = 46.667.
    base = Inputs(pie=90, you_propose_first=True, breakdown_probability=0.2, your_walk_away=10, their_walk_away=20)
    r = compute(base)
    assert r.your_share == pytest.approx(10 + 60 / 1.8, rel=1e-12) and r.their_share == pytest.approx(20 + 48 / 1.8, rel=1e-12)
    assert r.your_effective_discount == pytest.approx(0.8) and r.their_effective_discount == pytest.approx(0.8)
    # They propose: they get 20 + 33.333 = 53.333; you 10 + 26.667 = 36.667.
    r = compute(dataclasses.replace(base, you_propose_first=False))
    assert r.their_share == pytest.approx(20 + 60 / 1.8, rel=1e-12) and r.your_share == pytest.approx(10 + 48 / 1.8, rel=1e-12)
    # Neither walk-away binds (each is below what waiting is worth), yet both move the split, through breakdown.
    assert not r.your_walk_away_binds and not r.their_walk_away_binds


def test_a_tiny_breakdown_risk_is_exact() -> None:
    # q = 5e-324 (the smallest float), no discounting: BRW with q -> 0 gives the Nash split of the surplus over the
    # walk-aways: pie 1, your walk-away 0.5, theirs 0: you get 0.5 + 0.5 / 2 = 0.75, whoever proposes.
    for first in (True, False):
        r = compute(Inputs(pie=1, you_propose_first=first, breakdown_probability=5e-324, your_walk_away=0.5))
        assert r.your_share == pytest.approx(0.75, rel=1e-12) and r.their_share == pytest.approx(0.25, rel=1e-12)


def test_a_perfectly_patient_side_takes_everything() -> None:
    # Your patience empty (a factor of 1), theirs 0.9, no breakdown. You propose: (1 - 0.9) / (1 - 1 * 0.9) = 1.
    r = compute(Inputs(pie=50, you_propose_first=True, their_discount=0.9))
    assert shares(r) == (50, 0)
    # They propose: (1 - 1) / (1 - 0.9) = 0 for them; you get all 50.
    r = compute(Inputs(pie=50, you_propose_first=False, their_discount=0.9))
    assert shares(r) == (50, 0)
    # Their walk-away then binds: they would walk rather than wait for a share worth 0 to them; you keep 50 - 5 = 45.
    r = compute(Inputs(pie=50, you_propose_first=True, their_discount=0.9, their_walk_away=5))
    assert shares(r) == (45, 5) and r.their_walk_away_binds and not r.your_walk_away_binds


def test_no_friction_gives_a_range_not_a_split() -> None:
    # No discounting on either side and no breakdown risk: x_p = P - x_r has a solution for every split between
    # the walk-aways, so every split giving each at least its walk-away is an equilibrium.
    r = compute(Inputs(pie=PIE, you_propose_first=True))
    assert shares(r) == (None, None) and r.your_fraction is None
    assert (r.your_share_low, r.your_share_high, r.their_share_low, r.their_share_high) == (0, PIE, 0, PIE)
    for first in (True, False):
        r = compute(Inputs(pie=PIE, you_propose_first=first, your_walk_away=30_000, their_walk_away=10_000))
        assert (r.your_share_low, r.your_share_high) == (30_000, 90_000)
        assert (r.their_share_low, r.their_share_high) == (10_000, 70_000)
        assert not r.your_walk_away_binds and not r.their_walk_away_binds
        assert (r.your_effective_discount, r.their_effective_discount) == (1.0, 1.0)


# -- walk-aways in the patience model: the outside-option principle ---------------------------------------------------
# d = 0.9 both, q = 0, pie 100: Rubinstein shares 100/1.9 = 52.63 (proposer) and 90/1.9 = 47.37 (responder).


def test_responders_walk_away_binds_above_its_rubinstein_share() -> None:
    # Their walk-away 60 > 47.37 (what waiting is worth to them as responder): your first offer must give them 60.
    r = compute(Inputs(pie=100, you_propose_first=True, your_discount=0.9, their_discount=0.9, their_walk_away=60))
    assert shares(r) == (40, 60) and r.their_walk_away_binds and not r.your_walk_away_binds
    # The mirror: they propose, your walk-away 60 binds; they keep 40.
    r = compute(Inputs(pie=100, you_propose_first=False, your_discount=0.9, their_discount=0.9, your_walk_away=60))
    assert shares(r) == (60, 40) and r.your_walk_away_binds and not r.their_walk_away_binds


def test_a_walk_away_below_the_equilibrium_share_changes_nothing() -> None:
    # Their walk-away 40 < 47.37: the split stays 100/1.9 = 52.63 to you (Binmore, Shaked and Sutton 1989).
    r = compute(Inputs(pie=100, you_propose_first=True, your_discount=0.9, their_discount=0.9, their_walk_away=40))
    assert r.your_share == pytest.approx(100 / 1.9, rel=1e-12) and not r.their_walk_away_binds
    # Your walk-away 40 as the proposer: waiting, as responder, is worth 0.9 * 52.63 = 47.37 > 40: no change either.
    r = compute(Inputs(pie=100, you_propose_first=True, your_discount=0.9, their_discount=0.9, your_walk_away=40))
    assert r.your_share == pytest.approx(100 / 1.9, rel=1e-12) and not r.your_walk_away_binds


def test_proposers_walk_away_binds_and_lifts_its_share() -> None:
    # Your walk-away 50 > 0.9 * 52.63 = 47.37: if they countered they would have to give you 50, so rejecting is worth
    # 0.9 * 50 = 45 to them, and your first offer keeps 100 - 45 = 55.
    r = compute(Inputs(pie=100, you_propose_first=True, your_discount=0.9, their_discount=0.9, your_walk_away=50))
    assert r.your_share == pytest.approx(55, rel=1e-12) and r.your_walk_away_binds and not r.their_walk_away_binds
    # The mirror: they propose with a walk-away of 50: they keep 55, you get 45.
    r = compute(Inputs(pie=100, you_propose_first=False, your_discount=0.9, their_discount=0.9, their_walk_away=50))
    assert r.their_share == pytest.approx(55, rel=1e-12) and r.their_walk_away_binds and not r.your_walk_away_binds


def test_when_both_bind_the_responders_walk_away_sets_the_offer() -> None:
    # d = 0.5 both, pie 100, walk-aways 40 each: 40 > 0.5 * (100 - 40) = 30 for both, so both would walk rather than
    # wait; the first offer gives the responder exactly 40 and the proposer keeps 60. The proposer's own walk-away
    # does not move that offer, so only the responder's binds.
    for first in (True, False):
        r = compute(
            Inputs(pie=100, you_propose_first=first, your_discount=0.5, their_discount=0.5, your_walk_away=40, their_walk_away=40)
        )
        assert shares(r) == ((60, 40) if first else (40, 60))
        assert r.your_walk_away_binds is not first and r.their_walk_away_binds is first


def test_binding_thresholds_are_strict() -> None:
    # d = 0.5 both, pie 120, q = 0: Rubinstein proposer share (1 - 0.5) / (1 - 0.25) = 2/3 of 120 = 80.
    # The responder's walk-away binds iff w_r > 0.5 * (120 - 0.5 * (120 - w_r)) = 30 + 0.25 w_r, i.e. w_r > 40.
    at = compute(Inputs(pie=120, you_propose_first=True, your_discount=0.5, their_discount=0.5, their_walk_away=40))
    assert shares(at) == (80, 40) and not at.their_walk_away_binds
    above = compute(Inputs(pie=120, you_propose_first=True, your_discount=0.5, their_discount=0.5, their_walk_away=40.5))
    assert shares(above) == (79.5, 40.5) and above.their_walk_away_binds
    # The proposer's binds iff w_p > 0.5 * (120 - 0.5 * (120 - w_p)) = 30 + 0.25 w_p, i.e. w_p > 40.
    at = compute(Inputs(pie=120, you_propose_first=True, your_discount=0.5, their_discount=0.5, your_walk_away=40))
    assert shares(at) == (80, 40) and not at.your_walk_away_binds
    # Above: the counter-offer gives you 44, so you keep 120 - 0.5 * (120 - 44) = 82.
    above = compute(Inputs(pie=120, you_propose_first=True, your_discount=0.5, their_discount=0.5, your_walk_away=44))
    assert shares(above) == (82, 38) and above.your_walk_away_binds


def test_breakdown_brings_in_a_walk_away_that_does_not_bind() -> None:
    # They propose; you 0.8, they 0.95, q = 0.1: a = 0.95 * 0.9 = 0.855 (them), b = 0.8 * 0.9 = 0.72 (you), ab = 0.6156.
    # Your walk-away 30,000. Neither binds: they keep [P (1 - b) - q w_you] / (1 - ab) = (28,000 - 3,000) / 0.3844
    # = 65,036.42, you get 34,963.58. (You would walk only if 30,000 > 0.8 x_you, x_you = (14,500 + 2,565) / 0.3844
    # = 44,393.86: 0.8 * 44,393.86 = 35,515 > 30,000, so you wait.) Without the walk-away you would get
    # 100,000 - 28,000 / 0.3844 = 27,159.21.
    base = Inputs(pie=PIE, you_propose_first=False, your_discount=0.8, their_discount=0.95, breakdown_probability=0.1)
    r = compute(dataclasses.replace(base, your_walk_away=30_000))
    assert r.their_share == pytest.approx(25_000 / 0.3844, rel=1e-12) and not r.your_walk_away_binds
    assert compute(base).your_share == pytest.approx(PIE - 28_000 / 0.3844, rel=1e-12)
    # A binding proposer's walk-away with breakdown risk: they propose with a walk-away of 90,000. If you rejected,
    # your counter-offer would have to give them 90,000 (or they walk), leaving you 10,000; waiting is worth
    # q * 0 + b * 10,000 = 0.72 * 10,000 = 7,200 to you, so they keep 92,800. It binds: 90,000 > 0.95 * 92,800 = 88,160.
    r = compute(dataclasses.replace(base, their_walk_away=90_000))
    assert r.their_share == pytest.approx(92_800, rel=1e-12) and r.their_walk_away_binds and not r.your_walk_away_binds
    # At 70,000 it does not bind (70,000 < 0.95 x_them): neither binds, they keep
    # [P (1 - b) + q b w_them] / (1 - ab) = (28,000 + 0.1 * 0.72 * 70,000) / 0.3844 = 33,040 / 0.3844.
    r = compute(dataclasses.replace(base, their_walk_away=70_000))
    assert r.their_share == pytest.approx(33_040 / 0.3844, rel=1e-12) and not r.their_walk_away_binds


# -- the money model: Rubinstein's fixed costs of delay -----------------------------------------------------------------


def money(first: bool, c_you: float, c_them: float, w_you: float = 0, w_them: float = 0, pie: float = PIE) -> Result:
    return compute(
        Inputs(
            pie=pie,
            you_propose_first=first,
            your_cost_per_round=c_you,
            their_cost_per_round=c_them,
            your_walk_away=w_you,
            their_walk_away=w_them,
        )
    )


def test_the_guides_example_costlier_proposer_gets_only_the_others_cost() -> None:
    # The reproducer: pie 100,000, your cost 20,000 a round, theirs 5,000, you propose. c1 = 20,000 > c2 = 5,000:
    # the proposer gets only c2 = 5,000 (Rubinstein 1982, (ii)). The old conversion d = 1 - c / pie gave 20,833.
    r = money(True, 20_000, 5_000)
    assert r.model == "money" and shares(r) == (5_000, 95_000) and r.your_fraction == 0.05
    assert (r.your_effective_discount, r.their_effective_discount) == (None, None)
    assert not r.your_walk_away_binds and not r.their_walk_away_binds


def test_cheaper_proposer_gets_the_whole_pie() -> None:
    # Same costs, they propose: c1 = 5,000 (them) < c2 = 20,000 (you): they get the whole pie (Rubinstein 1982, (i)).
    assert shares(money(False, 20_000, 5_000)) == (0, PIE)
    # You are the cheaper one: proposing, you get it all; responding, they (c1 = 20,000 > c2 = 5,000) keep only 5,000.
    assert shares(money(True, 5_000, 20_000)) == (PIE, 0)
    assert shares(money(False, 5_000, 20_000)) == (95_000, 5_000)
    # Walk-aways of 0 never bind; one of 0.5 does (it is what the responder takes instead of nothing).
    for first in (True, False):
        r = money(first, 5_000, 20_000)
        assert not r.your_walk_away_binds and not r.their_walk_away_binds
    r = money(True, 5_000, 20_000, w_them=0.5)
    assert shares(r) == (PIE - 0.5, 0.5) and r.their_walk_away_binds and not r.your_walk_away_binds


def test_equal_costs_give_a_range() -> None:
    # c1 = c2 = c = 5,000: every split giving the proposer between c = 5,000 and the whole pie is an equilibrium.
    r = money(True, 5_000, 5_000)
    assert shares(r) == (None, None) and r.your_fraction is None
    assert (r.your_share_low, r.your_share_high, r.their_share_low, r.their_share_high) == (5_000, PIE, 0, 95_000)
    # They propose: they get 5,000 to 100,000, you 0 to 95,000.
    r = money(False, 5_000, 5_000)
    assert (r.your_share_low, r.your_share_high, r.their_share_low, r.their_share_high) == (0, 95_000, 5_000, PIE)
    assert not r.your_walk_away_binds and not r.their_walk_away_binds
    # Walk-aways of 0.5: the responder's lowers the top to P - 0.5, the proposer's lifts the bottom to 0.5 + c.
    r = money(True, 5_000, 5_000, w_you=0.5, w_them=0.5)
    assert (r.your_share_low, r.your_share_high) == (5_000.5, PIE - 0.5)
    assert r.your_walk_away_binds and r.their_walk_away_binds


def test_money_walk_aways_cheaper_proposer() -> None:
    # You propose, your cost 5,000 < theirs 20,000: you keep all but their walk-away: 100,000 - 30,000 = 70,000.
    r = money(True, 5_000, 20_000, w_them=30_000, w_you=10_000)
    assert shares(r) == (70_000, 30_000) and r.their_walk_away_binds and not r.your_walk_away_binds
    # Mirror: they propose and are cheaper; your walk-away 30,000 binds: they keep 70,000.
    r = money(False, 20_000, 5_000, w_you=30_000, w_them=10_000)
    assert shares(r) == (30_000, 70_000) and r.your_walk_away_binds and not r.their_walk_away_binds


def test_money_walk_aways_costlier_proposer() -> None:
    # You propose, your cost 20,000 > theirs 5,000: you get min(P - w_them, w_you + c_them).
    # Your walk-away 30,000: min(100,000, 35,000) = 35,000 (up from 5,000): yours binds.
    r = money(True, 20_000, 5_000, w_you=30_000)
    assert shares(r) == (35_000, 65_000) and r.your_walk_away_binds and not r.their_walk_away_binds
    # Add their walk-away 68,000: min(32,000, 35,000) = 32,000: both bind (theirs takes 68,000 instead of 65,000).
    r = money(True, 20_000, 5_000, w_you=30_000, w_them=68_000)
    assert shares(r) == (32_000, 68_000) and r.your_walk_away_binds and r.their_walk_away_binds
    # Their walk-away 60,000 with yours 35,000: w_you + c_them = 40,000 = P - w_them exactly: theirs does not bind.
    r = money(True, 20_000, 5_000, w_you=35_000, w_them=60_000)
    assert shares(r) == (40_000, 60_000) and r.your_walk_away_binds and not r.their_walk_away_binds
    # Pie 100, costs 20 (you) and 10, their walk-away 90: P - w_them = 10 = c_them, so your walk-away of 5 cannot lift
    # you above min(10, 5 + 10) = 10 (without it: min(10, 10) = 10): it does not bind. Theirs does: without it you
    # would get min(100, 5 + 10) = 15.
    r = money(True, 20, 10, w_you=5, w_them=90, pie=100)
    assert shares(r) == (10, 90) and not r.your_walk_away_binds and r.their_walk_away_binds
    # A large walk-away of yours and none of theirs: min(100,000, 96,000 + 5,000) = 100,000; theirs (0) cannot bind.
    r = money(True, 20_000, 5_000, w_you=96_000)
    assert shares(r) == (PIE, 0) and r.your_walk_away_binds and not r.their_walk_away_binds
    # Walk-aways of 0.5 each: you get min(P - 0.5, 0.5 + 5,000) = 5,000.5; only yours moves the split.
    r = money(True, 20_000, 5_000, w_you=0.5, w_them=0.5)
    assert shares(r) == (5_000.5, PIE - 5_000.5) and r.your_walk_away_binds and not r.their_walk_away_binds
    # With yours at 96,000 (and theirs 0.5): min(99,999.5, 101,000) = 99,999.5, so theirs binds too.
    r = money(True, 20_000, 5_000, w_you=96_000, w_them=0.5)
    assert shares(r) == (PIE - 0.5, 0.5) and r.your_walk_away_binds and r.their_walk_away_binds
    # Mirror, they propose and are costlier: they get min(P - w_you, w_them + c_you) = min(100,000, 30,000 + 5,000).
    r = money(False, 5_000, 20_000, w_them=30_000)
    assert shares(r) == (65_000, 35_000) and r.their_walk_away_binds and not r.your_walk_away_binds


def test_money_walk_aways_equal_costs() -> None:
    # Equal costs 5,000, they propose, your walk-away 10,000: they get [min(P - 10,000, 0 + 5,000), P - 10,000]
    # = [5,000, 90,000]; you 10,000 to 95,000. Your walk-away lowers the top of their range: it binds.
    r = money(False, 5_000, 5_000, w_you=10_000)
    assert (r.your_share_low, r.your_share_high) == (10_000, 95_000) and r.your_walk_away_binds
    assert not r.their_walk_away_binds
    # You propose: [min(100,000, 10,000 + 5,000), 100,000] = [15,000, 100,000]: your walk-away raises the bottom.
    r = money(True, 5_000, 5_000, w_you=10_000)
    assert (r.your_share_low, r.your_share_high) == (15_000, PIE) and r.your_walk_away_binds
    # Their walk-away 96,000 leaves P - w_them = 4,000 < c: the range closes to one split, 4,000 to you;
    # your walk-away of 10 cannot move it.
    r = money(True, 5_000, 5_000, w_you=10, w_them=96_000)
    assert shares(r) == (4_000, 96_000) and not r.your_walk_away_binds and r.their_walk_away_binds


# -- validation: each rule tripped and just passed ----------------------------------------------------------------------

VALID: dict[str, Any] = {"pie": 100, "you_propose_first": True}


def problems_of(raw: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(InputError) as e:
        parse(Inputs, raw)
    return {p.where: p.message for p in e.value.problems}


def test_required_fields() -> None:
    assert problems_of({}) == {
        "pie": "Size of the pie is required.",
        "you_propose_first": "You make the first offer is required.",
    }
    assert parse(Inputs, VALID) == Inputs(pie=100, you_propose_first=True)


@pytest.mark.parametrize(
    ("field", "bad", "good"),
    [
        ("pie", 0, 5e-324),
        ("pie", 1e15 * 1.5, 1e15),
        ("pie", 10**400, 10**15),
        ("you_propose_first", "yes", False),
        ("your_discount", 1, 0.999999),
        ("your_discount", 0, 1e-9),
        ("their_discount", 1, 0.5),
        ("breakdown_probability", 1, 0.999),
        ("breakdown_probability", -0.01, 0),
        ("your_walk_away", -1, 0),
        ("their_walk_away", -1e-9, 100),
    ],
)
def test_field_bounds(field: str, bad: object, good: object) -> None:
    assert field in problems_of(VALID | {field: bad})
    parse(Inputs, VALID | {field: good})


@pytest.mark.parametrize("field", ["your_cost_per_round", "their_cost_per_round"])
def test_costs_must_be_positive_and_below_the_pie(field: str) -> None:
    both = VALID | {"your_cost_per_round": 10, "their_cost_per_round": 10}
    assert "must be above 0" in problems_of(both | {field: 0})[field]
    parse(Inputs, both | {field: 1e-9})
    assert problems_of(both | {field: 100}) == {field: "A cost of delay must be less than the pie, or nobody would wait a round."}
    parse(Inputs, both | {field: 99.99})


def test_money_needs_both_costs() -> None:
    assert problems_of(VALID | {"your_cost_per_round": 10}) == {
        "their_cost_per_round": "Their cost of delay is needed too: the money model compares both sides' costs per round. "
        "Or leave both empty to use patience factors."
    }
    assert problems_of(VALID | {"their_cost_per_round": 10}) == {
        "your_cost_per_round": "Your cost of delay is needed too: the money model compares both sides' costs per round. "
        "Or leave both empty to use patience factors."
    }


def test_money_and_patience_are_not_mixed() -> None:
    both = VALID | {"your_cost_per_round": 10, "their_cost_per_round": 20}
    assert problems_of(both | {"your_discount": 0.9}) == {
        "your_discount": "Leave your patience empty when both costs of delay are given in money: "
        "patience factors and money costs are two different models."
    }
    assert problems_of(both | {"their_discount": 0.9}) == {
        "their_discount": "Leave their patience empty when both costs of delay are given in money: "
        "patience factors and money costs are two different models."
    }
    assert problems_of(both | {"breakdown_probability": 0.01}) == {
        "breakdown_probability": "Breakdown risk is part of the patience model; with costs of delay in money "
        "(Rubinstein's fixed-cost model) leave it at 0."
    }
    assert parse(Inputs, both).uses_money
    # Patience factors and breakdown risk together are fine when no money costs are given.
    assert not parse(Inputs, VALID | {"your_discount": 0.9, "breakdown_probability": 0.5}).uses_money


def test_walk_aways_above_the_pie_mean_no_agreement() -> None:
    assert problems_of(VALID | {"your_walk_away": 60, "their_walk_away": 40.5}) == {
        "their_walk_away": "No agreement: the two walk-away values add up to 100.5, more than the pie of 100, "
        "so no split gives both sides at least what walking away does."
    }
    assert problems_of(VALID | {"your_walk_away": 101}) == {
        "their_walk_away": "No agreement: the two walk-away values add up to 101, more than the pie of 100, "
        "so no split gives both sides at least what walking away does."
    }
    # Exactly the pie: one split is left, each side gets its walk-away.
    r = compute(parse(Inputs, VALID | {"your_walk_away": 60, "their_walk_away": 40, "your_discount": 0.5}))
    assert shares(r) == (60, 40)


def test_cli_exit_codes() -> None:
    def run(doc: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "calculators", "run", "time-pressure"], input=doc, capture_output=True, text=True, timeout=60
        )

    ok = run('{"pie":100000,"your_cost_per_round":20000,"their_cost_per_round":5000,"you_propose_first":true}')
    assert ok.returncode == 0 and json.loads(ok.stdout)["your_share"] == 5000
    refused = run('{"pie": 1' + "0" * 400 + ', "you_propose_first": true}')
    assert refused.returncode == 2 and refused.stderr.startswith("pie: ") and not refused.stdout
    none = run('{"pie": 100, "you_propose_first": true, "your_walk_away": 70, "their_walk_away": 31}')
    assert none.returncode == 2 and "No agreement" in none.stderr


# -- what the page says -------------------------------------------------------------------------------------------------

PATIENCE_MODEL = Note(
    "Model: patience factors. Each side values a deal one round later at its patience factor times a deal now "
    "(Rubinstein 1982); after each rejection the talks may collapse, and a collapse pays each side its walk-away "
    "(Binmore, Rubinstein and Wolinsky 1986). The first offer is accepted at once."
)
MONEY_MODEL = Note(
    "Model: fixed costs of delay in money (Rubinstein 1982). Each round without a deal costs each side a fixed sum; "
    "the side whose delay is cheaper can outwait the other. Patience factors and breakdown risk are not used."
)
HURRY = Note("You are the one in a hurry. Making their delay costlier, or yours cheaper, moves the split more than any argument.")


def rubinstein(d_you: float, d_them: float) -> float:
    """Your Rubinstein fraction as proposer, written out independently of the module."""
    return (1 - d_them) / (1 - d_you * d_them)


def test_example_page() -> None:
    blocks = present(EXAMPLE, compute(EXAMPLE))
    assert blocks[:3] == [
        Summary((("Your share", "20,833"), ("Their share", "79,167"), ("Your fraction", "20.8%"))),
        PATIENCE_MODEL,
        HURRY,
    ]
    chart = blocks[3]
    xs = [0.30 + 0.69 * k / 46 for k in range(47)]
    assert chart == LineChart(
        "Your share as your patience varies",
        "Your share of the pie for each level of your own patience, the other side's held as entered; "
        "the marker shows where you stand.",
        "Your patience (per-round factor)",
        "Your share",
        (Series("Your share", tuple((x, pytest.approx(PIE * rubinstein(x, 0.95), rel=1e-12)) for x in xs)),),  # type: ignore[misc]
        (Marker("You", "x", 0.8),),
        y_format="money",
        height=240,
    )
    assert xs[0] == 0.3 and xs[-1] == pytest.approx(0.99)
    assert blocks[4:] == [
        Table(
            "Your share as your patience varies (theirs as entered)",
            ("Your patience", "Your share", "Your fraction"),
            (
                ("0.5", "9,524", "9.5%"),  # 0.05 / (1 - 0.475) = 0.095238
                ("0.6", "11,628", "11.6%"),  # 0.05 / 0.43
                ("0.7", "14,925", "14.9%"),  # 0.05 / 0.335
                ("0.8", "20,833", "20.8%"),  # 0.05 / 0.24
                ("0.9", "34,483", "34.5%"),  # 0.05 / 0.145
                ("0.95", "51,282", "51.3%"),  # 0.05 / 0.0975
                ("0.99", "84,034", "84.0%"),  # 0.05 / 0.0595
            ),
            numeric=(0, 1, 2),
        ),
        Table(
            "Effective per-round factors, after breakdown risk",
            ("Side", "Factor"),
            (("You", "0.8000"), ("Them", "0.9500")),
            numeric=(1,),
        ),
    ]
    assert PATIENCE_STEPS == (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99)


def test_patient_side_is_not_told_it_is_in_a_hurry() -> None:
    inputs = Inputs(pie=PIE, you_propose_first=True, your_discount=0.95, their_discount=0.8)
    blocks = present(inputs, compute(inputs))
    assert HURRY not in blocks and blocks[1] == PATIENCE_MODEL and isinstance(blocks[2], LineChart)
    # Equal patience is no hurry either.
    inputs = Inputs(pie=PIE, you_propose_first=True, your_discount=0.9, their_discount=0.9)
    assert HURRY not in present(inputs, compute(inputs))


def test_walk_away_notes() -> None:
    # Their walk-away binds, yours does not (you propose; d 0.9 both; theirs 60, yours 10).
    inputs = Inputs(pie=100, you_propose_first=True, your_discount=0.9, their_discount=0.9, your_walk_away=10, their_walk_away=60)
    blocks = present(inputs, compute(inputs))
    assert blocks[:4] == [
        Summary((("Your share", "40"), ("Their share", "60"), ("Your fraction", "40.0%"))),
        PATIENCE_MODEL,
        Note(
            "Your walk-away of 10 does not bind: it does not move the split "
            "(an outside option matters only when it binds; Binmore, Shaked and Sutton 1989)."
        ),
        Note("Their walk-away of 60 binds: walking away is worth more than waiting for a better offer, so it moves the split."),
    ]
    # With breakdown risk, a walk-away that does not bind still counts, unless the other side's binds.
    inputs = dataclasses.replace(inputs, breakdown_probability=0.1, their_walk_away=20)
    notes = [b for b in present(inputs, compute(inputs)) if isinstance(b, Note)]
    assert notes[1:] == [
        Note(
            "Your walk-away of 10 does not bind: it does not move the split "
            "(an outside option matters only when it binds; Binmore, Shaked and Sutton 1989). "
            "It still counts through the breakdown risk: a collapse pays it."
        ),
        Note(
            "Their walk-away of 20 does not bind: it does not move the split "
            "(an outside option matters only when it binds; Binmore, Shaked and Sutton 1989). "
            "It still counts through the breakdown risk: a collapse pays it."
        ),
    ]
    inputs = dataclasses.replace(inputs, their_walk_away=60)
    notes = [b for b in present(inputs, compute(inputs)) if isinstance(b, Note)]
    assert notes[1].text.endswith("Binmore, Shaked and Sutton 1989).")  # theirs binds: yours cannot count
    # Without breakdown risk, a walk-away that does not bind gets no such addition, even when the other's does not bind
    # either; a walk-away of half a unit gets its note too.
    inputs = Inputs(pie=100, you_propose_first=True, your_discount=0.9, their_discount=0.9, your_walk_away=0.5)
    notes = [b for b in present(inputs, compute(inputs)) if isinstance(b, Note)]
    assert notes[1:] == [
        Note(
            "Your walk-away of 0.50 does not bind: it does not move the split "
            "(an outside option matters only when it binds; Binmore, Shaked and Sutton 1989)."
        )
    ]
    # A walk-away of 0 gets no note.
    assert [b for b in present(EXAMPLE, compute(EXAMPLE)) if isinstance(b, Note) and "walk-away of" in b.text] == []


def test_no_friction_page() -> None:
    inputs = Inputs(pie=PIE, you_propose_first=True, your_walk_away=30_000)
    blocks = present(inputs, compute(inputs))
    assert blocks[:3] == [
        Summary((("Your share", "30,000 to 100,000"), ("Their share", "0 to 70,000"))),
        PATIENCE_MODEL,
        Note(
            "Nobody is in a hurry: with no discounting on either side and no breakdown risk, nothing pushes either "
            "side to settle, and the model does not pick a split. Any split that gives each side at least its "
            "walk-away is possible. Enter a patience factor below 1 or a breakdown risk for one answer.",
            tone="warning",
        ),
    ]
    # No note on the walk-away (it is the bottom of the range), and the chart marks you at 1.
    assert not [b for b in blocks if isinstance(b, Note) and "walk-away of" in b.text]
    chart = blocks[3]
    assert isinstance(chart, LineChart) and chart.markers == (Marker("You", "x", 1.0),)
    # With their patience 1 too, your share at any patience below 1 is your walk-away: they take the rest.
    assert {y for _, y in chart.series[0].points} == {30_000}


def test_money_example_page() -> None:
    inputs = Inputs(pie=PIE, you_propose_first=True, your_cost_per_round=20_000, their_cost_per_round=5_000)
    assert present(inputs, compute(inputs)) == [
        Summary((("Your share", "5,000"), ("Their share", "95,000"), ("Your fraction", "5.0%"))),
        MONEY_MODEL,
        Note(
            "You are the one in a hurry: a round of delay costs you 20,000 and them only 5,000, so they can outwait you: "
            "your first offer keeps no more than their cost of one round on top of your walk-away. Cutting your cost of "
            "delay below theirs, or raising theirs, changes the split more than any argument."
        ),
        Table(
            "Who opens, in the money model",
            ("First offer", "Your share", "Their share"),
            (("You make the first offer", "5,000", "95,000"), ("They make the first offer", "0", "100,000")),
            numeric=(1, 2),
        ),
    ]
    inputs = dataclasses.replace(inputs, you_propose_first=False)
    assert present(inputs, compute(inputs))[2] == Note(
        "You are the one in a hurry: a round of delay costs you 20,000 and them only 5,000, so they can outwait you: "
        "their first offer keeps all but your walk-away. Cutting your cost of delay below theirs, or raising theirs, "
        "changes the split more than any argument."
    )


def test_money_cheaper_side_page() -> None:
    inputs = Inputs(
        pie=PIE, you_propose_first=True, your_cost_per_round=5_000, their_cost_per_round=20_000, their_walk_away=30_000
    )
    blocks = present(inputs, compute(inputs))
    assert blocks[2:] == [
        Note(
            "A round of delay costs you less than them (5,000 against 20,000), so you can outwait them: "
            "your first offer keeps all but their walk-away."
        ),
        Note(
            "Their walk-away of 30,000 binds: walking away is worth more than waiting for a better offer, so it moves the split."
        ),
        Table(
            "Who opens, in the money model",
            ("First offer", "Your share", "Their share"),
            # They open and are costlier: they keep min(P - 0, 30,000 + 5,000) = 35,000.
            (("You make the first offer", "70,000", "30,000"), ("They make the first offer", "65,000", "35,000")),
            numeric=(1, 2),
        ),
    ]
    inputs = dataclasses.replace(inputs, you_propose_first=False)
    assert present(inputs, compute(inputs))[2] == Note(
        "A round of delay costs you less than them (5,000 against 20,000), so you can outwait them: "
        "their first offer keeps no more than your cost of one round on top of their walk-away."
    )


def test_money_equal_costs_page() -> None:
    inputs = Inputs(
        pie=PIE, you_propose_first=False, your_cost_per_round=5_000, their_cost_per_round=5_000, your_walk_away=10_000
    )
    assert present(inputs, compute(inputs)) == [
        Summary((("Your share", "10,000 to 95,000"), ("Their share", "5,000 to 90,000"))),
        MONEY_MODEL,
        Note(
            "Both sides' costs of delay are equal (5,000 a round), and then the model does not pick one split: "
            "every split giving you between 10,000 and 95,000 is an equilibrium.",
            tone="warning",
        ),
        Note(
            "Your walk-away of 10,000 binds: walking away is worth more than waiting for a better offer, "
            "so it moves the range of splits."
        ),
        Table(
            "Who opens, in the money model",
            ("First offer", "Your share", "Their share"),
            (
                ("You make the first offer", "15,000 to 100,000", "0 to 85,000"),
                ("They make the first offer", "10,000 to 95,000", "5,000 to 90,000"),
            ),
            numeric=(1, 2),
        ),
    ]


def test_web_renders_the_money_model() -> None:
    html, result = web.results_html(
        "time-pressure", Inputs(pie=PIE, you_propose_first=True, your_cost_per_round=20_000, their_cost_per_round=5_000)
    )
    assert result["your_share"] == 5000 and result["model"] == "money"
    assert "Rubinstein 1982" in html and "<table" in html


# -- properties ------------------------------------------------------------------------------------------------------------

factor = st.floats(min_value=0.01, max_value=0.99)


@settings(max_examples=150, deadline=None)
@given(factor, factor, st.booleans(), st.floats(min_value=0, max_value=0.9), st.floats(min_value=1, max_value=1e9), st.data())
def test_shares_add_up_and_patience_helps(
    you: float, them: float, first: bool, q: float, pie: float, data: st.DataObject
) -> None:
    w_you = data.draw(st.floats(min_value=0, max_value=pie))
    w_them = data.draw(st.floats(min_value=0, max_value=pie - w_you))
    base = Inputs(
        pie=pie,
        you_propose_first=first,
        your_discount=you,
        their_discount=them,
        breakdown_probability=q,
        your_walk_away=w_you,
        their_walk_away=w_them,
    )
    r = compute(base)
    assert r.your_share is not None and r.their_share is not None and r.your_fraction is not None
    assert r.your_share + r.their_share == pytest.approx(pie)
    # Each side gets at least its walk-away.
    assert r.your_share >= w_you - 1e-9 * pie and r.their_share >= w_them - 1e-9 * pie
    more_patient = compute(dataclasses.replace(base, your_discount=min(0.999, you + 0.005))).your_share
    assert more_patient is not None and more_patient >= r.your_share - 1e-9 * pie
    better_walk_away = compute(dataclasses.replace(base, your_walk_away=min(pie - w_them, w_you + 0.01 * pie))).your_share
    assert better_walk_away is not None and better_walk_away >= r.your_share - 1e-9 * pie
    assert all(math.isfinite(x) for x in (r.your_share, r.their_share, r.your_fraction))


EXTREMES = [0, -0.0, 5e-324, 1e-320, 1e-300, 1e-9, 0.5, 0.999999999, 1, 1.000001, 2**53 + 1, 1e15 / 3, 1e15, 1e15 + 1, 1e308, -1]
NUMBER_FIELDS = [
    "pie",
    "your_discount",
    "their_discount",
    "breakdown_probability",
    "your_cost_per_round",
    "their_cost_per_round",
    "your_walk_away",
    "their_walk_away",
]


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries({}, optional={name: st.sampled_from(EXTREMES) | st.none() for name in NUMBER_FIELDS}), st.booleans())
def test_any_valid_input_gives_finite_results_and_a_page(raw: dict[str, Any], first: bool) -> None:
    try:
        inputs = parse(Inputs, raw | {"you_propose_first": first})
    except InputError as e:
        assert all(p.where in NUMBER_FIELDS for p in e.problems)
        return
    r = compute(inputs)
    numbers = [r.your_share_low, r.your_share_high, r.their_share_low, r.their_share_high]
    numbers += [
        x
        for x in (r.your_share, r.their_share, r.your_fraction, r.your_effective_discount, r.their_effective_discount)
        if x is not None
    ]
    assert all(math.isfinite(x) for x in numbers)
    assert r.your_share_low <= r.your_share_high and r.their_share_low <= r.their_share_high
    html, data = web.results_html("time-pressure", inputs)
    json.dumps(data, allow_nan=False)
    assert "nan" not in html.lower().replace("nano", "") and "inf" not in html.replace("info", "").replace("infinite", "")


def test_a_chart_only_when_there_is_a_scale_to_draw() -> None:
    # A pie of 1e-320: every share is below a millionth of a unit, so no chart (its axis would have no ticks);
    # the table and the summary still show the shares.
    tiny = Inputs(pie=1e-320, you_propose_first=True, your_discount=0.8, their_discount=0.95)
    blocks = present(tiny, compute(tiny))
    assert not [b for b in blocks if isinstance(b, LineChart)] and [b for b in blocks if isinstance(b, Table)]
    web.results_html("time-pressure", tiny)
    assert CHART_MIN_SCALE == 1e-6
    # Just above the limit: your largest share on the chart, at patience 0.99, is 0.05 / 0.0595 = 0.84 of the pie.
    at = Inputs(pie=1.19e-6, you_propose_first=True, your_discount=0.8, their_discount=0.95)
    assert [b for b in present(at, compute(at)) if isinstance(b, LineChart)]
    below = Inputs(pie=1.18e-6, you_propose_first=True, your_discount=0.8, their_discount=0.95)
    assert not [b for b in present(below, compute(below)) if isinstance(b, LineChart)]
    # Exactly a millionth: with their patience 1 your share is your walk-away at every patience below 1, 1e-6.
    edge = Inputs(pie=1, you_propose_first=True, your_walk_away=1e-6)
    chart = next(b for b in present(edge, compute(edge)) if isinstance(b, LineChart))
    assert {y for _, y in chart.series[0].points} == {1e-6}
    # All shares 0 (they are perfectly patient and you have no walk-away): a flat chart at 0 is drawn.
    flat = Inputs(pie=100, you_propose_first=True)
    chart = next(b for b in present(flat, compute(flat)) if isinstance(b, LineChart))
    assert {y for _, y in chart.series[0].points} == {0}
    web.results_html("time-pressure", flat)
