"""concessions: hand-worked schedules for the seller and the buyer, every branch, every validation rule, the presenter.

Formulas (module docstring, and docs/calculators/concessions.md):
- geometric: c_1 = P (1 - r) / (1 - r^n), c_k = c_1 r^(k-1) (Raiffa 1982; the Ackerman plan is n = 3, r = 1/2);
- time-dependent: offer_k = opening - sign * P * (k/n)^(1/beta) (Faratin, Sierra and Jennings 1998);
- the lines that judge a schedule are ours: a step under 1/4 of the one before is steep, over 3/4 (still smaller)
  is gentle, under 5% of the plan is small; the research behind them (Tey et al. 2021; Collabra 2023) gives no number.
Tests marked "old code" failed before issue 10.
"""

from __future__ import annotations

import dataclasses
import json
import math
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import concessions as c
from calculators.charts import LineChart, Marker, Series
from calculators.concessions import EXAMPLE, Inputs, compute, present
from calculators.fields import InputError, describe, parse, to_json
from calculators.render import Note, Summary, Table

TEY = "Tey, Schaerer, Madan and Swaab (2021)"
MODERATE = (
    "Each concession is between a quarter and three quarters of the one before: a moderate decline by our lines. "
    f"{TEY} found that shrinking concessions work best when they shrink at a moderate rate."
)
NO_RESERVE = "No reserve: your target is your walk-away, so you have nothing left to trade for a last concession of theirs."
EQUAL = (
    "Your concessions are all the same size. In experiments by "
    f"{TEY}, concessions that shrink led the other side to counter less ambitiously than equal ones."
)
GROWING = (
    "Your concessions grow from round to round: you hold firm, then give more. In experiments by "
    f"{TEY}, concessions that shrink led the other side to counter less ambitiously than other patterns."
)
RETREAT = "They have moved away from you at least once: a retreat is a hard-line signal."


def steep(rounds: str) -> str:
    return (
        f"{rounds}: a concession under a quarter of the one before is a steep drop. {TEY} found that shrinking "
        "concessions work best when they shrink at a moderate rate; the quarter is our own line, not theirs."
    )


def gentle(rounds: str) -> str:
    return (
        f"{rounds}: a concession over three quarters of the one before barely shrinks. {TEY} found that shrinking "
        "concessions work best when they shrink at a moderate rate; the three quarters is our own line, not theirs."
    )


def small(rounds: str) -> str:
    return (
        f"{rounds}: under 5.0% of the plan, a line we chose. Small concessions raised the rate of impasse in "
        "experiments (Collabra: Psychology, 2023): make them count or hold firm openly."
    )


def notes(blocks: list[object]) -> list[tuple[str, str]]:
    return [(b.tone, b.text) for b in blocks if isinstance(b, Note)]


# -- the worked example (seller) ------------------------------------------------------------------------------------


def test_example_seller_geometric_half() -> None:
    # Seller: opening 130,000, target 110,000, walk-away 100,000: budget 30,000, planned P = 20,000, reserve 10,000.
    # r = 1/2, n = 4: c1 = 20,000 * (1/2) / (1 - 1/16) = 10,000 * 16/15 = 10,666.67; then 5,333.33, 2,666.67, 1,333.33
    # (shares 8/15, 4/15, 2/15, 1/15 of the plan; 1/15 = 6.7% is not under 5%).
    r = compute(EXAMPLE)
    assert (r.budget, r.planned, r.reserve) == (30_000, 20_000, 10_000)
    assert r.concessions == pytest.approx((32_000 / 3, 16_000 / 3, 8_000 / 3, 4_000 / 3), rel=1e-14)
    assert r.offers == pytest.approx((130_000, 130_000 - 32_000 / 3, 114_000, 110_000 + 4_000 / 3, 110_000), rel=1e-14)
    assert r.offers[-1] == 110_000
    # Every step is half the one before: between our lines 1/4 and 3/4, so neither steep nor gentle.
    assert r.step_ratios == (0.5, 0.5, 0.5)
    assert (r.shape, r.steep_rounds, r.gentle_rounds, r.small_rounds) == ("shrinking", (), (), ())
    # Their offers 90,000 -> 96,000 -> 99,000 move towards a seller (up): concessions 6,000 then 3,000, decreasing.
    # Reciprocity over min(2, 4) = 2 rounds: 9,000 / (10,666.67 + 5,333.33) = 9,000 / 16,000 = 0.5625.
    assert r.their_concessions == (6_000, 3_000)
    assert r.their_pattern == "decreasing"
    assert r.reciprocity == pytest.approx(0.5625, rel=1e-14)
    # Old code: "Your first concession, 10,667, is over half of all you plan to give" on the guide's own plan.
    assert r.warnings == ()


def test_example_presented() -> None:
    blocks = present(EXAMPLE, compute(EXAMPLE))
    assert blocks[0] == Summary(
        (
            ("Budget (opening to walk-away)", "30,000"),
            ("Planned (opening to target)", "20,000"),
            ("Reserve (target to walk-away)", "10,000"),
            ("First concession", "10,667"),
        )
    )
    assert blocks[1] == Table(
        "Your schedule, and their offers so far",
        ("Round", "Your offer", "Your concession", "Their offer", "Their concession"),
        (
            ("Opening", "130,000", "", "90,000", ""),
            ("Round 1", "119,333", "10,667", "96,000", "6,000"),
            ("Round 2", "114,000", "5,333", "99,000", "3,000"),
            ("Round 3", "111,333", "2,667", "", ""),
            ("Round 4", "110,000", "1,333", "", ""),
        ),
        numeric=(1, 2, 3, 4),
    )
    chart = blocks[2]
    assert isinstance(chart, LineChart)
    assert chart.title == "Your schedule and their offers, round by round"
    assert chart.description == (
        "Your planned offers from the opening to the target, and the other side's offers so far, with a line at your walk-away."
    )
    assert (chart.x_label, chart.y_label, chart.y_format) == ("Round", "Offer", "money")
    assert chart.series[0].name == "Your offers" and chart.series[0].points[0] == (0.0, 130_000)
    assert chart.series[0].points[-1] == (4.0, 110_000)
    assert chart.series[1] == Series("Their offers", ((0.0, 90_000), (1.0, 96_000), (2.0, 99_000)))
    assert chart.markers == (Marker("Walk-away", "y", 100_000),)
    assert notes(blocks[3:]) == [
        ("info", MODERATE),
        (
            "info",
            "Over the same rounds they have conceded 0.56 for every 1 you plan to concede; their concessions are "
            f"decreasing. Shrinking steps make a recipient think the other side is nearer its limit ({TEY}); "
            "in their experiments, recipients who thought of their own target beforehand were protected.",
        ),
    ]
    assert len(blocks) == 5


# -- the buyer ----------------------------------------------------------------------------------------------------


def test_ackerman_buyer_is_geometric_half_and_not_warned() -> None:
    # Buyer aiming at 100 from 65: P = 35, n = 3, r = 1/2: c1 = 35 * 0.5 / (1 - 1/8) = 17.5 / 0.875 = 20, then 10, 5:
    # offers 65, 85, 95, 100, the Ackerman plan (65/85/95/100% of target). Shares 4/7, 2/7, 1/7: none under 5%.
    r = compute(Inputs(role="buyer", opening=65, walk_away=100, rounds=3, ratio=0.5))
    assert r.offers == (65, 85, 95, 100)
    assert r.concessions == (20, 10, 5)
    assert (r.budget, r.planned, r.reserve) == (35, 35, 0)
    assert (r.shape, r.step_ratios, r.steep_rounds, r.gentle_rounds, r.small_rounds) == ("shrinking", (0.5, 0.5), (), (), ())
    assert r.their_concessions is None and r.their_pattern is None and r.reciprocity is None
    # Old code added "Your first concession, 20, is over half of all you plan to give" (20 > 35/2).
    assert r.warnings == (NO_RESERVE,)
    blocks = present(Inputs(role="buyer", opening=65, walk_away=100, rounds=3, ratio=0.5), r)
    assert notes(blocks) == [("info", MODERATE), ("warning", NO_RESERVE)]
    assert isinstance(blocks[2], LineChart) and len(blocks[2].series) == 1  # no offers of theirs, no second line


def test_buyer_with_a_reserve_and_a_retreating_seller() -> None:
    # Buyer: opening 65, target 100, walk-away 120: budget 55, P = 35, reserve 20; schedule 20, 10, 5 as above.
    # The seller's offers 150 -> 140 -> 145 move towards a buyer when they go DOWN: concessions -(140 - 150) = 10,
    # then -(145 - 140) = -5, a retreat. Reciprocity over 2 rounds: (10 - 5) / (20 + 10) = 1/6.
    inputs = Inputs(role="buyer", opening=65, target=100, walk_away=120, rounds=3, ratio=0.5, their_offers=(150, 140, 145))
    r = compute(inputs)
    assert (r.budget, r.planned, r.reserve) == (55, 35, 20)
    assert r.offers == (65, 85, 95, 100)
    assert r.their_concessions == (10, -5)
    assert r.their_pattern == "decreasing"
    assert r.reciprocity == pytest.approx(1 / 6, rel=1e-14)
    assert r.warnings == (RETREAT,)
    blocks = present(inputs, r)
    assert blocks[1].rows == (
        ("Opening", "65", "", "150", ""),
        ("Round 1", "85", "20", "140", "10"),
        ("Round 2", "95", "10", "145", "\u22125"),
        ("Round 3", "100", "5", "", ""),
    )
    assert notes(blocks)[1] == (
        "info",
        "Over the same rounds they have conceded 0.17 for every 1 you plan to concede; their concessions are "
        f"decreasing. Shrinking steps make a recipient think the other side is nearer its limit ({TEY}); "
        "in their experiments, recipients who thought of their own target beforehand were protected.",
    )
    assert notes(blocks)[-1] == ("warning", RETREAT)


def test_buyer_time_dependent_conceder_mirrors_the_seller() -> None:
    # Buyer, opening 0, target 100: offer_k = 0 + 100 (k/4)^(1/2): 50, 70.71, 86.60, 100 (beta = 2, Conceder).
    # The same schedule as a seller's from 100 down to 0, mirrored: offers 100 - (that).
    b = compute(Inputs(role="buyer", opening=0, target=100, walk_away=100, pattern="time-dependent", beta=2))
    s = compute(Inputs(role="seller", opening=100, target=0, walk_away=0, pattern="time-dependent", beta=2))
    assert b.offers == pytest.approx((0, 50, 50 * math.sqrt(2), 50 * math.sqrt(3), 100), rel=1e-14)
    assert b.concessions == s.concessions
    assert [100 - o for o in s.offers] == pytest.approx(b.offers, abs=1e-12)
    assert (b.steep_rounds, b.gentle_rounds) == (s.steep_rounds, s.gentle_rounds) == ((), (3, 4))


# -- every branch of the schedule and its judgement --------------------------------------------------------------


def test_neutral_defaults_compute_from_opening_and_walk_away_alone() -> None:
    # Old code: {"opening": 150, "walk_away": 100} failed: "A seller's opening offer must be above the target",
    # a target of 110,000 taken from the page's example. Now the target is the walk-away: P = 150 - 100 = 50,
    # four equal steps (ratio 1, the neutral default) of 12.5, no reserve.
    inputs = parse(Inputs, {"opening": 150, "walk_away": 100})
    assert inputs == Inputs(opening=150, walk_away=100)
    assert (inputs.role, inputs.target, inputs.rounds, inputs.pattern, inputs.ratio, inputs.beta) == (
        "seller",
        None,
        4,
        "geometric",
        1.0,
        1.0,
    )
    assert inputs.their_offers == ()
    r = compute(inputs)
    assert (r.budget, r.planned, r.reserve) == (50, 50, 0)
    assert r.concessions == (12.5,) * 4 and r.offers == (150, 137.5, 125, 112.5, 100)
    assert (r.shape, r.step_ratios) == ("equal", (1.0, 1.0, 1.0))
    assert r.warnings == (EQUAL, NO_RESERVE)


def test_required_fields_and_what_a_missing_target_means() -> None:
    with pytest.raises(InputError) as e:
        parse(Inputs, {})
    assert {(p.where, p.message) for p in e.value.problems} == {
        ("opening", "Opening offer is required."),
        ("walk_away", "Walk-away is required."),
    }
    # JSON null for the target is the same as leaving it out.
    assert parse(Inputs, {"opening": 150, "walk_away": 100, "target": None}).target is None
    target = next(f for f in describe(Inputs) if f.name == "target")
    assert target.meta.default_note == "the walk-away value"


def test_equal_steps_and_the_exact_five_percent_line() -> None:
    # r = 1, n = 20, P = 3: twenty steps of 3/20 = 0.15, each exactly 5% of the plan: on our line, not under it.
    # Old code compared 0.15 < 0.05 * 3 = 0.15000000000000002 and called all twenty "under 5%".
    r = compute(Inputs(opening=3, walk_away=0, rounds=20, ratio=1))
    assert r.concessions == (0.15,) * 20
    assert r.small_rounds == ()
    assert r.warnings == (EQUAL, NO_RESERVE)
    # n = 21: each step is 1/21 = 4.76% of the plan, under 5%: all twenty-one, written as a run.
    r = compute(Inputs(opening=3, walk_away=0, rounds=21, ratio=1))
    assert r.small_rounds == tuple(range(1, 22))
    assert r.warnings == (EQUAL, NO_RESERVE, small("Rounds 1 to 21"))


def test_single_concession_has_no_shape() -> None:
    # n = 1: the whole plan in one step, c1 = P (geometric: (1 - r) / (1 - r) = 1); nothing to compare it with.
    for pattern in ("geometric", "time-dependent"):
        r = compute(Inputs(opening=130, target=110, walk_away=100, rounds=1, pattern=pattern, ratio=0.3, beta=3))
        assert r.concessions == (20,) and r.offers == (130, 110)
        assert (r.step_ratios, r.shape, r.steep_rounds, r.gentle_rounds, r.small_rounds) == ((), None, (), (), ())
        assert r.warnings == ()
        assert all(
            n.text != MODERATE
            for n in present(Inputs(opening=130, target=110, walk_away=100, rounds=1), r)
            if isinstance(n, Note)
        )


def test_steep_geometric_seller() -> None:
    # Seller 224 -> 100, P = 124, r = 1/5, n = 3: 1 - r^3 = 124/125, c1 = 124 * (4/5) * (125/124) = 100, then 20, 4.
    # Each step is 1/5 of the one before: under our line of 1/4 in rounds 2 and 3. Round 3's 4 is 4/124 = 3.2% < 5%.
    inputs = Inputs(opening=224, target=100, walk_away=100, rounds=3, ratio=0.2)
    r = compute(inputs)
    assert r.concessions == pytest.approx((100, 20, 4), rel=1e-14)
    assert r.offers == pytest.approx((224, 124, 104, 100), rel=1e-14)
    assert (r.shape, r.steep_rounds, r.gentle_rounds, r.small_rounds) == ("shrinking", (2, 3), (), (3,))
    assert r.warnings == (steep("Rounds 2, 3"), NO_RESERVE, small("Round 3"))
    assert [t for t, _ in notes(present(inputs, r))] == ["warning"] * 3  # no "moderate" note


@pytest.mark.parametrize(
    ("ratio", "steep_rounds", "gentle_rounds"),
    [
        (0.25, (), ()),  # exactly our lower line: moderate
        (0.2499, (2, 3), ()),  # just under it: steep
        (0.75, (), ()),  # exactly our upper line: moderate
        (0.7501, (), (2, 3)),  # just over it: gentle
        (0.25 * (1 - 1e-9), (), ()),  # within our tolerance (a billionth) of the line: on it
        (0.25 * (1 - 1e-8), (2, 3), ()),  # beyond the tolerance: steep
        (0.75 * (1 + 1e-9), (), ()),
        (0.75 * (1 + 1e-8), (), (2, 3)),
        (0.99, (), (2, 3)),
        (0.01, (2, 3), ()),  # the least ratio allowed
    ],
)
def test_geometric_lines_are_judged_exactly(ratio: float, steep_rounds: tuple[int, ...], gentle_rounds: tuple[int, ...]) -> None:
    r = compute(Inputs(opening=200, target=100, walk_away=100, rounds=3, ratio=ratio))
    assert (r.shape, r.step_ratios, r.steep_rounds, r.gentle_rounds) == ("shrinking", (ratio, ratio), steep_rounds, gentle_rounds)


def test_gentle_geometric_warning_text() -> None:
    r = compute(Inputs(opening=200, target=100, walk_away=90, rounds=2, ratio=0.8))
    # P = 100, c1 = 100 * 0.2 / (1 - 0.64) = 55.56, c2 = 44.44; 0.8 > 3/4.
    assert r.concessions == pytest.approx((500 / 9, 400 / 9), rel=1e-14)
    assert r.warnings == (gentle("Round 2"),)


def test_time_dependent_boulware_grows() -> None:
    # beta = 1/2 (Boulware): offer_k = 130,000 - 20,000 (k/4)^2: 128,750; 125,000; 118,750; 110,000.
    # Steps 1,250; 3,750; 6,250; 8,750: ratios 3, 5/3, 7/5, growing. 1,250 = 6.25% of 20,000: not small.
    inputs = dataclasses.replace(EXAMPLE, pattern="time-dependent", beta=0.5, their_offers=())
    r = compute(inputs)
    assert r.offers == (130_000, 128_750, 125_000, 118_750, 110_000)
    assert r.concessions == pytest.approx((1_250, 3_750, 6_250, 8_750), rel=1e-14)
    assert r.step_ratios == pytest.approx((3, 5 / 3, 7 / 5), rel=1e-14)
    assert (r.shape, r.steep_rounds, r.gentle_rounds, r.small_rounds) == ("growing", (), (), ())
    assert r.warnings == (GROWING,)
    # beta = 1/4: round 1 concedes 20,000 (1/4)^4 = 78.125 = 0.39% of the plan: small. Round 2: (1/2)^4 - (1/4)^4
    # = 15/256 = 5.86%: not small.
    r = compute(dataclasses.replace(inputs, beta=0.25))
    assert r.concessions[0] == pytest.approx(78.125, rel=1e-14)
    assert r.concessions[1] == pytest.approx(20_000 * 15 / 256, rel=1e-14)
    assert r.small_rounds == (1,)
    assert r.warnings == (GROWING, small("Round 1"))


def test_time_dependent_linear_is_equal_steps() -> None:
    # beta = 1: offer_k = 130,000 - 20,000 k/4: four steps of 5,000.
    r = compute(dataclasses.replace(EXAMPLE, pattern="time-dependent", beta=1.0, their_offers=()))
    assert r.concessions == pytest.approx((5_000,) * 4, rel=1e-14)
    assert r.step_ratios == pytest.approx((1, 1, 1), rel=1e-14)
    assert (r.shape, r.steep_rounds, r.gentle_rounds) == ("equal", (), ())
    assert r.warnings == (EQUAL,)


def test_time_dependent_conceder_flattens_out() -> None:
    # beta = 2: shares (k/4)^(1/2) differences: 1/2, sqrt(1/2) - 1/2 = 0.2071, sqrt(3/4) - sqrt(1/2) = 0.1589,
    # 1 - sqrt(3/4) = 0.1340. Ratios 0.4142, 0.7673, 0.8430: rounds 3 and 4 shrink by less than a quarter (gentle).
    r = compute(dataclasses.replace(EXAMPLE, pattern="time-dependent", beta=2.0, their_offers=()))
    half, s2, s3 = 0.5, math.sqrt(0.5), math.sqrt(0.75)
    assert r.concessions == pytest.approx(tuple(20_000 * x for x in (half, s2 - half, s3 - s2, 1 - s3)), rel=1e-13)
    assert r.step_ratios == pytest.approx(((s2 - half) / half, (s3 - s2) / (s2 - half), (1 - s3) / (s3 - s2)), rel=1e-13)
    assert (r.shape, r.steep_rounds, r.gentle_rounds, r.small_rounds) == ("shrinking", (), (3, 4), ())
    assert r.warnings == (gentle("Rounds 3, 4"),)
    # beta = 10, n = 6: steps proportional to k^0.1 - (k-1)^0.1 with k^0.1 = 1, 1.07177, 1.11612, 1.14870, 1.17462,
    # 1.19623: steps 1, 0.07177, 0.04435, 0.03258, 0.02592, 0.02161; ratios 0.0718 (steep: round 2), 0.618, 0.735,
    # 0.796 and 0.834 (gentle: rounds 5 and 6).
    r = compute(dataclasses.replace(EXAMPLE, rounds=6, pattern="time-dependent", beta=10.0, their_offers=()))
    k = [j**0.1 for j in range(7)]
    steps = [k[j] - k[j - 1] for j in range(1, 7)]
    assert r.step_ratios == pytest.approx(tuple(b / a for a, b in zip(steps, steps[1:], strict=False)), rel=1e-12)
    assert r.step_ratios[0] == pytest.approx(2**0.1 - 1, rel=1e-13)
    assert (r.steep_rounds, r.gentle_rounds) == ((2,), (5, 6))
    # Shares of the plan: steps / 6^0.1 = 0.836, 0.060, 0.037, 0.027, 0.022, 0.018: rounds 3 to 6 are under 5%.
    assert r.small_rounds == (3, 4, 5, 6)
    assert r.warnings == (steep("Round 2"), gentle("Rounds 5, 6"), small("Rounds 3 to 6"))


def test_time_dependent_steps_exactly_on_our_lines() -> None:
    # Round 2 over round 1 is 2^(1/beta) - 1. With 1/beta = log2(5/4) it is exactly 1/4, which floating point gives
    # as 0.24999999999999997: judged on the line (moderate), not under it. With 1/beta = log2(7/4) it is 3/4.
    quarter = compute(
        Inputs(opening=200, target=100, walk_away=100, rounds=2, pattern="time-dependent", beta=1 / math.log2(1.25))
    )
    assert quarter.step_ratios[0] == pytest.approx(0.25, rel=1e-15) and quarter.step_ratios[0] < 0.25
    assert (quarter.steep_rounds, quarter.gentle_rounds) == ((), ())
    three = compute(Inputs(opening=200, target=100, walk_away=100, rounds=2, pattern="time-dependent", beta=1 / math.log2(1.75)))
    assert three.step_ratios[0] == pytest.approx(0.75, rel=1e-15)
    assert (three.steep_rounds, three.gentle_rounds) == ((), ())


def test_near_one_ratio_keeps_the_plan() -> None:
    # r = 1 - 2^-40: 1 - r^n computed as -expm1(n ln r) keeps every digit; the steps are P/n to within 1e-10
    # and add up to P (the old 1 - r**n lost about 5 of 16 digits here).
    r = compute(Inputs(opening=1e15, walk_away=-1e15, rounds=100, ratio=1 - 2**-40))
    assert math.fsum(r.concessions) == pytest.approx(2e15, rel=1e-14)
    assert r.concessions[0] == pytest.approx(2e13, rel=1e-10)
    assert r.shape == "shrinking" and r.gentle_rounds == tuple(range(2, 101))


def test_their_pattern_branches() -> None:
    base = Inputs(opening=130, target=110, walk_away=100)
    # A seller facing a buyer: their concessions are their offers' rises.
    assert compute(dataclasses.replace(base, their_offers=(90, 95, 100))).their_pattern == "constant"
    assert compute(dataclasses.replace(base, their_offers=(90, 92, 97))).their_pattern == "increasing"
    assert compute(dataclasses.replace(base, their_offers=(90, 95, 97, 102))).their_pattern == "mixed"
    assert compute(dataclasses.replace(base, their_offers=(90, 90, 90))).their_pattern == "constant"
    # 0.1, 0.2, 0.3: steps 0.1 and 0.09999999999999998, equal within a billionth of the largest step.
    assert compute(dataclasses.replace(base, their_offers=(0.1, 0.2, 0.3))).their_pattern == "constant"
    # Steps within a billionth of the largest count as equal: 1e12 and 1e12 + 1 are equal (1 <= 1,000).
    assert compute(dataclasses.replace(base, their_offers=(0, 1e12, 2e12 + 1))).their_pattern == "constant"
    # Exactly on the tolerance: steps 1e9 and 1e9 - 1 differ by 1e-9 * 1e9 = 1: equal.
    assert compute(dataclasses.replace(base, their_offers=(0, 1e9, 2e9 - 1))).their_pattern == "constant"
    # Steps 1e9, 1e9 - 5, 1e9 - 6: the second fall (1) is within the tolerance, so not strictly decreasing: mixed.
    assert compute(dataclasses.replace(base, their_offers=(0, 1e9, 2e9 - 5, 3e9 - 11))).their_pattern == "mixed"
    # Steps 1e9 - 6, 1e9 - 1, 1e9: the second rise (1) is within the tolerance: mixed.
    assert compute(dataclasses.replace(base, their_offers=(0, 1e9 - 6, 2e9 - 7, 3e9 - 7))).their_pattern == "mixed"
    one = compute(dataclasses.replace(base, their_offers=(90, 95)))
    assert one.their_pattern is None and one.their_concessions == (5,)
    # One step: reciprocity over min(1, 4) = 1 round: 5 / c1, c1 = 20/4 = 5 (ratio 1): exactly 1.
    assert one.reciprocity == 1.0
    assert notes(present(dataclasses.replace(base, their_offers=(90, 95)), one))[0] == (
        "info",
        "Over the same rounds they have conceded 1.00 for every 1 you plan to concede; their concessions are "
        "too few offers to tell.",
    )
    only = compute(dataclasses.replace(base, their_offers=(90,)))
    assert only.their_concessions == () and only.reciprocity is None and only.their_pattern is None


def test_reciprocity_uses_the_rounds_both_have() -> None:
    # Seller, ratio 1, n = 2: your steps 10 and 10. Their four steps 1, 2, 3, 4 (a buyer rising 0 -> 10):
    # only the first two are compared: (1 + 2) / (10 + 10) = 0.15. The table runs on past your last round.
    inputs = Inputs(opening=120, target=100, walk_away=100, rounds=2, their_offers=(0, 1, 3, 6, 10))
    r = compute(inputs)
    assert r.their_concessions == (1, 2, 3, 4) and r.their_pattern == "increasing"
    assert r.reciprocity == pytest.approx(0.15, rel=1e-14)
    rows = present(inputs, r)[1].rows
    assert rows[-2:] == (("Round 3", "", "", "6", "3"), ("Round 4", "", "", "10", "4"))
    # A seller retreat: a buyer going down is moving away.
    r = compute(dataclasses.replace(inputs, their_offers=(10, 8)))
    assert r.their_concessions == (-2,) and r.reciprocity == pytest.approx(-0.2) and r.warnings[-1] == RETREAT


def test_rounds_text() -> None:
    assert c._rounds_text((3,)) == "Round 3"
    assert c._rounds_text((1, 2, 3, 5)) == "Rounds 1 to 3, 5"
    assert c._rounds_text((2, 4, 5)) == "Rounds 2, 4, 5"
    assert c._rounds_text((1, 2, 3, 5, 6)) == "Rounds 1 to 3, 5, 6"


# -- validation: every rule tripped, and just passed --------------------------------------------------------------

OK = {"opening": 130, "target": 110, "walk_away": 100}


@pytest.mark.parametrize(
    ("raw", "where", "message"),
    [
        ({"opening": 110}, "opening", "A seller's opening offer must be at least 0.01 above the target."),
        ({"opening": 110.0099}, "opening", "A seller's opening offer must be at least 0.01 above the target."),
        (
            {"opening": 100.0099, "target": None},
            "opening",
            "A seller's opening offer must be at least 0.01 above the walk-away (your target, as you gave none).",
        ),
        (
            {"opening": 1e-320, "target": 0, "walk_away": 0},
            "opening",
            "A seller's opening offer must be at least 0.01 above the target.",
        ),
        ({"target": 99.99}, "target", "A seller's target must be at or above the walk-away."),
        ({"role": "buyer"}, "opening", "A buyer's opening offer must be at least 0.01 below the target."),
        (
            {"role": "buyer", "opening": 110, "target": 110.0099, "walk_away": 120},
            "opening",
            "A buyer's opening offer must be at least 0.01 below the target.",
        ),
        (
            {"role": "buyer", "opening": 99.9901, "target": None},
            "opening",
            "A buyer's opening offer must be at least 0.01 below the walk-away (your target, as you gave none).",
        ),
        (
            {"role": "buyer", "opening": 90, "target": 100.01, "walk_away": 100},
            "target",
            "A buyer's target must be at or below the walk-away.",
        ),
        ({"rounds": 0}, "rounds", "Rounds must be between 1 and 100, not 0."),
        ({"rounds": 101}, "rounds", "Rounds must be between 1 and 100, not 101."),
        ({"rounds": 2.5}, "rounds", "Rounds must be a whole number, not 2.5."),
        ({"ratio": 0.0099}, "ratio", "Ratio (geometric) must be between 0.01 and 1, not 0.0099."),
        ({"ratio": 1.0001}, "ratio", "Ratio (geometric) must be between 0.01 and 1, not 1.0001."),
        ({"beta": 0.0099}, "beta", "Beta (time-dependent) must be between 0.01 and 100, not 0.0099."),
        ({"beta": 100.01}, "beta", "Beta (time-dependent) must be between 0.01 and 100, not 100.01."),
        ({"pattern": "linear"}, "pattern", "Pattern must be 'geometric' or 'time-dependent', not 'linear'."),
        ({"role": "agent"}, "role", "Your role must be 'seller' or 'buyer', not 'agent'."),
        ({"their_offers": [1, "x"]}, "their_offers[1]", "Their offer must be a number, not 'x'."),
        ({"opening": 1e308}, "opening", None),
        ({"walk_away": -1e308}, "walk_away", None),
        ({"their_offers": [1e308]}, "their_offers[0]", None),
    ],
)
def test_each_rule_trips(raw: dict[str, object], where: str, message: str | None) -> None:
    with pytest.raises(InputError) as e:
        parse(Inputs, OK | raw)
    found = {p.where: p.message for p in e.value.problems}
    assert where in found, found
    if message is not None:
        assert found[where] == message


@pytest.mark.parametrize(
    "raw",
    [
        {"opening": 110.01},  # 0.01 above the target (110.01 - 110 = 0.010000000000005116)
        {"opening": 0.01, "target": 0, "walk_away": 0},  # exactly 0.01 above
        {"opening": 100.01, "target": None},  # 0.01 above the walk-away, no target
        {"target": 100},  # target at the walk-away
        {"role": "buyer", "opening": 99.99, "target": None},
        {"role": "buyer", "opening": 0, "target": 0.01, "walk_away": 0.01},
        {"role": "buyer", "opening": 90, "target": 100, "walk_away": 100},
        {"rounds": 1},
        {"rounds": 100},
        {"ratio": 0.01},
        {"ratio": 1},
        {"beta": 0.01},
        {"beta": 100},
        {"opening": 1e15, "walk_away": -1e15, "target": None},
        {"their_offers": [-1e15, 1e15] * 100},  # 200 offers, each at the limit
        {"their_offers": []},
    ],
)
def test_each_rule_just_passes(raw: dict[str, object]) -> None:
    r = compute(parse(Inputs, OK | raw))
    json.dumps(to_json(r), allow_nan=False)


def test_example_round_trips_and_differs_from_the_defaults() -> None:
    assert parse(Inputs, to_json(EXAMPLE)) == EXAMPLE
    assert parse(Inputs, {"opening": 130_000, "walk_away": 100_000}) != EXAMPLE


# -- extreme inputs: finite, no traceback ---------------------------------------------------------------------------


@pytest.mark.parametrize("pattern", ["geometric", "time-dependent"])
@pytest.mark.parametrize(("ratio", "beta"), [(0.01, 0.01), (1.0, 100.0), (0.5, 1.0), (1 - 1e-16, 1 + 1e-15)])
@pytest.mark.parametrize("role", ["seller", "buyer"])
def test_extremes_are_finite(pattern: str, ratio: float, beta: float, role: str) -> None:
    # Money at the 1e15 limit, 100 rounds, the smallest plan (0.01) and the largest (2e15); their offers at the limit.
    sign = 1 if role == "seller" else -1
    for opening, target in ((sign * 1e15, -sign * 1e15), (sign * 0.01, 0.0), (sign * 1e15, sign * (1e15 - 0.125))):
        inputs = parse(
            Inputs,
            {
                "role": role,
                "opening": opening,
                "target": target,
                "walk_away": target,
                "rounds": 100,
                "pattern": pattern,
                "ratio": ratio,
                "beta": beta,
                "their_offers": [-sign * 1e15, sign * 1e15, -sign * 1e15],
            },
        )
        r = compute(inputs)
        data = to_json(r)
        json.dumps(data, allow_nan=False)
        assert all(math.isfinite(x) for x in r.concessions + r.offers + r.step_ratios)
        assert r.reciprocity is not None and math.isfinite(r.reciprocity)
        assert r.offers[-1] == target
        present(inputs, r)


@pytest.mark.parametrize(
    "doc",
    [
        '{"opening": 150, "walk_away": 100}',
        '{"opening": 1e308, "walk_away": 0}',
        '{"opening": -1e308, "walk_away": 1e308, "role": "buyer"}',
        '{"opening": 1e-320, "target": 0, "walk_away": 0, "their_offers": [0, 1e15]}',
        '{"opening": 1' + "0" * 400 + ', "walk_away": 0}',
        '{"opening": 1e15, "walk_away": -1e15, "rounds": 100, "pattern": "time-dependent", "beta": 0.01, "their_offers": [-1e15, 1e15]}',
    ],
)
def test_cli_exits_0_or_2_naming_the_field(doc: str) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "calculators", "run", "concessions"], input=doc, capture_output=True, text=True, timeout=60
    )
    assert "Traceback" not in out.stderr
    if out.returncode == 0:
        json.loads(out.stdout)
    else:
        assert out.returncode == 2 and ("opening" in out.stderr or "walk_away" in out.stderr), out.stderr
    if doc == '{"opening": 150, "walk_away": 100}':
        assert out.returncode == 0  # old code: exit 2, "must be above the target"
    if "1e-320" in doc:
        assert out.returncode == 2 and "opening" in out.stderr  # old code: an infinite reciprocity


# -- properties -----------------------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["seller", "buyer"]),
    st.sampled_from(["geometric", "time-dependent"]),
    st.integers(min_value=1, max_value=100),
    st.floats(min_value=0.01, max_value=1.0),
    st.floats(min_value=0.01, max_value=100.0),
    st.floats(min_value=0.01, max_value=1e6),
)
def test_steps_are_positive_and_add_up(role: str, pattern: str, n: int, ratio: float, beta: float, planned: float) -> None:
    sign = 1 if role == "seller" else -1
    r = compute(Inputs(role=role, opening=1e6 + sign * planned, walk_away=1e6, rounds=n, pattern=pattern, ratio=ratio, beta=beta))
    assert all(x > 0 for x in r.concessions)
    assert math.fsum(r.concessions) == pytest.approx(r.planned, rel=1e-12)
    assert len(r.offers) == n + 1 and r.offers[-1] == 1e6 and len(r.step_ratios) == n - 1
    assert all(sign * (a - b) >= 0 for a, b in zip(r.offers, r.offers[1:], strict=False))  # tiny late steps may round away


# -- mutation-testing kills (mutmut survivors) ---------------------------------------------------------------------


def test_a_share_exactly_on_the_small_line_is_not_small() -> None:
    # Time-dependent, n = 25: round 1's share is (1/25) ** (1/beta). With beta = 1.0744871470022908 it is, as a
    # float, exactly the line 0.05 * (1 - 1e-9) = 0.049999999950000006: on the line, so not under it, and round 1
    # is not small. The other 24 rounds share the remaining 0.95, under 0.05 each: all small.
    beta = 1.0744871470022908
    line = c.SMALL_CONCESSION_SHARE * (1 - c.REL_TOL)
    assert line == 0.049999999950000006
    if c.shares(25, "time-dependent", 1.0, beta)[0] != line:  # pow() from another C library may round differently
        pytest.skip("this platform's pow() does not land exactly on the line for this beta")
    r = compute(Inputs(role="seller", opening=200.0, walk_away=100.0, rounds=25, pattern="time-dependent", beta=beta))
    assert r.small_rounds == tuple(range(2, 26))
