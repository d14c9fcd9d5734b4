"""zopa: hand-worked cases for both roles and every branch, validation, sensitivity, the presenter, and properties.

Notation of the module docstring: D = H - L (the width of your estimate of their walk-away); a = H - s for a
seller with walk-away s, a = b - L for a buyer with walk-away b (how far their range reaches past yours).
Best price t* = min(a/2, D) inside their far edge; accepted with t*/D; gain a - t*.
Perfect information: a - D/2 (a >= D), a^2/(2D) (0 < a < D), 0 (a <= 0). EVPI = that minus the expected gain.
Sources: Raiffa (1982) ch. 4; Samuelson & Marks (2012) ch. 15; Raiffa & Schlaifer (1961) for the EVPI.
"""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.charts import LineChart, Marker, Tornado
from calculators.fields import InputError, parse, to_json
from calculators.render import Note, Summary, Table, render_blocks
from calculators.zopa import EXAMPLE, Inputs, Result, acceptance, compute, present


def run(role: str, w: float, low: float, high: float, price: float | None = None) -> Result:
    return compute(Inputs(role=role, your_walk_away=w, their_walk_away_low=low, their_walk_away_high=high, price=price))


# -- the example and the two roles inside their range (0 < a < D) ------------------------------------------------


def test_example_is_the_seller_case() -> None:
    # Samuelson & Marks: seller s = 520,000; the buyer's walk-away b ~ U[500,000, 640,000].
    assert (EXAMPLE.role, EXAMPLE.your_walk_away, EXAMPLE.their_walk_away_low, EXAMPLE.their_walk_away_high) == (
        "seller",
        520_000,
        500_000,
        640_000,
    )
    assert (EXAMPLE.price, EXAMPLE.sensitivity_percent) == (None, 20)
    # a = 640,000 - 520,000 = 120,000; D = 140,000. P(deal) = 120/140 = 6/7.
    # t* = min(60,000, 140,000) = 60,000: ask 640,000 - 60,000 = 580,000 (= (640,000 + 520,000)/2),
    # accepted 60/140 = 3/7, gain (120,000 - 60,000) * 3/7 = 25,714.29.
    # Perfect information: a^2/(2D) = 120,000^2 / 280,000 = 51,428.57; EVPI = 51,428.57 - 25,714.29 = 25,714.29.
    # Revealed: the buyer offers 520,000, your own limit, and you keep 0; the cost is 25,714.29 - 0.
    r = compute(EXAMPLE)
    assert r.deal_probability == pytest.approx(6 / 7)
    assert r.best_ultimatum_price == 580_000
    assert r.acceptance_probability == pytest.approx(3 / 7)
    assert r.expected_gain == pytest.approx(60_000 * 3 / 7)
    assert r.value_of_information == pytest.approx(120_000**2 / 280_000 - 60_000 * 3 / 7)
    assert r.their_price_if_revealed == 520_000
    assert r.cost_of_revealing == pytest.approx(60_000 * 3 / 7)
    assert (r.price_acceptance_probability, r.price_expected_gain) == (None, None)


def test_buyer_inside_their_range() -> None:
    # The issue's surviving mutant: buyer b = 600,000, the seller's walk-away r ~ U[500,000, 640,000].
    # a = b - L = 100,000; D = 140,000. P(deal) = P(r <= b) = 100/140 = 5/7.
    # t* = min(50,000, 140,000) = 50,000: offer 500,000 + 50,000 = 550,000 (= (600,000 + 500,000)/2),
    # accepted (550 - 500)/140 = 5/14, gain (600,000 - 550,000) * 5/14 = 17,857.14.
    # Perfect information (the docstring's buyer case, E[max(b - r, 0)] for 0 < a < D): (b - L)^2 / (2 (H - L))
    # = 100,000^2 / 280,000 = 35,714.29. EVPI = 35,714.29 - 17,857.14 = 17,857.14 (a^2/(4D) = 1e10 / 560,000).
    # A sign flip in the denominator makes the first term negative and the EVPI 0: caught here.
    r = run("buyer", 600_000, 500_000, 640_000)
    assert r.deal_probability == pytest.approx(5 / 7)
    assert r.best_ultimatum_price == 550_000
    assert r.acceptance_probability == pytest.approx(5 / 14)
    assert r.expected_gain == pytest.approx(50_000 * 5 / 14)
    assert r.value_of_information == pytest.approx(100_000**2 / 280_000 - 50_000 * 5 / 14)
    assert r.value_of_information == pytest.approx(17_857.142857)
    assert r.their_price_if_revealed == 600_000
    assert r.cost_of_revealing == pytest.approx(50_000 * 5 / 14)


def test_seller_mirror_inside_their_range() -> None:
    # Seller s = 540,000, b ~ U[500,000, 640,000]: a = 640,000 - 540,000 = 100,000, D = 140,000, the mirror of
    # the buyer above. Ask 640,000 - 50,000 = 590,000, accepted 50/140 = 5/14, gain 50,000 * 5/14 = 17,857.14;
    # perfect (H - s)^2 / (2D) = 35,714.29; EVPI 17,857.14.
    r = run("seller", 540_000, 500_000, 640_000)
    assert r.deal_probability == pytest.approx(5 / 7)
    assert r.best_ultimatum_price == 590_000
    assert r.acceptance_probability == pytest.approx(5 / 14)
    assert r.expected_gain == pytest.approx(50_000 * 5 / 14)
    assert r.value_of_information == pytest.approx(100_000**2 / 280_000 - 50_000 * 5 / 14)
    assert (r.their_price_if_revealed, r.cost_of_revealing) == (540_000, pytest.approx(50_000 * 5 / 14))


def test_research_note_buyer_example() -> None:
    # Buyer worth 100, seller's walk-away ~ U[0, 100]: a = 100 = D. Offer min((100 + 0)/2, 100) = 50, P = 0.5,
    # gain 25; perfect info: a - D/2 = 100 - 50 = 50; EVPI = 50 - 25 = 25. Revealed: they ask 100, cost 25.
    r = run("buyer", 100, 0, 100)
    assert (r.best_ultimatum_price, r.acceptance_probability, r.expected_gain, r.value_of_information) == (50, 0.5, 25, 25)
    assert (r.deal_probability, r.their_price_if_revealed, r.cost_of_revealing) == (1, 100, 25)


# -- D <= a < 2D: a deal is certain, the best price is still inside their range ----------------------------------


def test_seller_reach_between_one_and_two_widths() -> None:
    # s = 100,000, b ~ U[200,000, 350,000]: a = 250,000, D = 150,000, D <= a < 2D. P(deal) = 1.
    # t* = min(125,000, 150,000) = 125,000: ask 350,000 - 125,000 = 225,000, accepted 125/150 = 5/6,
    # gain (250,000 - 125,000) * 5/6 = 104,166.67.
    # Perfect: a - D/2 = 250,000 - 75,000 = 175,000. EVPI = 175,000 - 104,166.67 = 70,833.33
    # (closed form D/2 - (2D - a)^2 / (4D) = 75,000 - 50,000^2 / 600,000 = 75,000 - 4,166.67).
    # Revealing your 100,000 lets them offer 100,000: cost 104,166.67, more than the EVPI.
    r = run("seller", 100_000, 200_000, 350_000)
    assert (r.deal_probability, r.best_ultimatum_price) == (1, 225_000)
    assert r.acceptance_probability == pytest.approx(5 / 6)
    assert r.expected_gain == pytest.approx(125_000 * 5 / 6)
    assert r.value_of_information == pytest.approx(175_000 - 125_000 * 5 / 6)
    assert r.value_of_information == pytest.approx(75_000 - 50_000**2 / 600_000)
    assert r.cost_of_revealing == pytest.approx(125_000 * 5 / 6)
    assert r.cost_of_revealing != pytest.approx(r.value_of_information)


def test_buyer_reach_between_one_and_two_widths() -> None:
    # Tactic 1's example: buyer b = 400,000; the supplier's walk-away r ~ U[150,000, 300,000].
    # a = 400,000 - 150,000 = 250,000, D = 150,000. Offer 150,000 + 125,000 = 275,000, accepted 5/6,
    # gain (400,000 - 275,000) * 5/6 = 104,166.67. EVPI = (250,000 - 75,000) - 104,166.67 = 70,833.33.
    # Revealed: the supplier asks 400,000 and you keep 0: cost 104,166.67.
    r = run("buyer", 400_000, 150_000, 300_000)
    assert (r.deal_probability, r.best_ultimatum_price) == (1, 275_000)
    assert r.acceptance_probability == pytest.approx(5 / 6)
    assert r.expected_gain == pytest.approx(125_000 * 5 / 6)
    assert r.value_of_information == pytest.approx(175_000 - 125_000 * 5 / 6)
    assert (r.their_price_if_revealed, r.cost_of_revealing) == (400_000, pytest.approx(125_000 * 5 / 6))


def test_reach_of_exactly_one_width() -> None:
    # a = D: seller s = L = 500, b ~ U[500, 600]: a = 100 = D, P(deal) = 1; t* = 50, ask 550, P = 1/2, gain 25.
    # Perfect a - D/2 = 50; EVPI 25 (= a^2/(4D) = 10,000/400 from below: the formulas meet).
    r = run("seller", 500, 500, 600)
    assert (r.deal_probability, r.best_ultimatum_price, r.acceptance_probability, r.expected_gain) == (1, 550, 0.5, 25)
    assert r.value_of_information == 25
    # The buyer's mirror: b = H = 600, r ~ U[500, 600]: offer 550.
    r = run("buyer", 600, 500, 600)
    assert (r.deal_probability, r.best_ultimatum_price, r.acceptance_probability, r.expected_gain) == (1, 550, 0.5, 25)
    assert r.value_of_information == 25


# -- a >= 2D: the best price is the near edge of their range ------------------------------------------------------


def test_seller_far_below_their_range_asks_the_low_edge() -> None:
    # s = 350, b ~ U[500, 600]: a = 250, D = 100, 2D <= a < 3D. t* = min(125, 100) = 100 = D: ask L = 500
    # (not (600 + 350)/2 = 475, which is below their range), always accepted, gain 150.
    # Perfect: a - D/2 = 250 - 50 = 200; EVPI = 200 - 150 = 50 = D/2.
    r = run("seller", 350, 500, 600)
    assert (r.deal_probability, r.best_ultimatum_price, r.acceptance_probability, r.expected_gain) == (1, 500, 1, 150)
    assert (r.value_of_information, r.cost_of_revealing) == (50, 150)
    # s = 100: a = 500 = 5D. Ask 500, gain 400; perfect E[b] - s = 550 - 100 = 450; EVPI 50.
    r = run("seller", 100, 500, 600)
    assert (r.best_ultimatum_price, r.expected_gain, r.value_of_information) == (500, 400, 50)


def test_buyer_far_above_their_range_offers_the_high_edge() -> None:
    # b = 750, r ~ U[400, 500]: a = 350, D = 100. Offer H = 500 (not (750 + 400)/2 = 575), gain 250;
    # perfect b - E[r] = 750 - 450 = 300; EVPI 50.
    r = run("buyer", 750, 400, 500)
    assert (r.deal_probability, r.best_ultimatum_price, r.acceptance_probability, r.expected_gain) == (1, 500, 1, 250)
    assert (r.value_of_information, r.their_price_if_revealed, r.cost_of_revealing) == (50, 750, 250)


def test_reach_of_exactly_two_widths() -> None:
    # a = 2D: seller s = 400, b ~ U[500, 600]: t* = min(100, 100) = D, ask 500, gain 100;
    # EVPI = (200 - 50) - 100 = 50 = D/2 - (2D - a)^2/(4D) with 2D - a = 0. Buyer b = 700 against [500, 600]: offer 600.
    assert (lambda r: (r.best_ultimatum_price, r.acceptance_probability, r.expected_gain, r.value_of_information))(
        run("seller", 400, 500, 600)
    ) == (500, 1, 100, 50)
    assert (lambda r: (r.best_ultimatum_price, r.acceptance_probability, r.expected_gain, r.value_of_information))(
        run("buyer", 700, 500, 600)
    ) == (600, 1, 100, 50)


# -- no zone, and point beliefs ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "w"),
    [
        ("seller", 700_000),  # a = 640,000 - 700,000 < 0
        ("seller", 640_000),  # a = 0 with D > 0: P(b >= 640,000) = 0
        ("buyer", 450_000),  # a = 450,000 - 500,000 < 0
        ("buyer", 500_000),  # a = 0
    ],
)
def test_no_zone_of_agreement(role: str, w: float) -> None:
    r = run(role, w, 500_000, 640_000)
    assert (r.deal_probability, r.best_ultimatum_price, r.acceptance_probability, r.expected_gain) == (0, None, 0, 0)
    assert (r.value_of_information, r.their_price_if_revealed, r.cost_of_revealing) == (0, None, 0)


def test_point_belief_both_roles() -> None:
    # L = H = 600,000 and s = 520,000: a = 80,000, D = 0. A deal surely exists; ask 600,000, accepted for sure,
    # gain 80,000; EVPI = D/2 = 0. Revealed, the buyer offers 520,000: the 80,000 is lost.
    r = run("seller", 520_000, 600_000, 600_000)
    assert (r.deal_probability, r.best_ultimatum_price, r.acceptance_probability, r.expected_gain) == (1, 600_000, 1, 80_000)
    assert (r.value_of_information, r.their_price_if_revealed, r.cost_of_revealing) == (0, 520_000, 80_000)
    # Buyer b = 600,000 against a seller at exactly 550,000: offer 550,000, gain 50,000.
    r = run("buyer", 600_000, 550_000, 550_000)
    assert (r.deal_probability, r.best_ultimatum_price, r.acceptance_probability, r.expected_gain) == (1, 550_000, 1, 50_000)
    assert (r.value_of_information, r.cost_of_revealing) == (0, 50_000)
    # At the point itself (a = 0, D = 0): a deal at your own limit is possible and worth 0.
    for role in ("seller", "buyer"):
        r = run(role, 600_000, 600_000, 600_000)
        assert (r.deal_probability, r.best_ultimatum_price, r.expected_gain, r.cost_of_revealing) == (1, 600_000, 0, 0)
    # A point on the wrong side: no deal.
    assert run("seller", 520_000, 500_000, 500_000).deal_probability == 0
    assert run("buyer", 520_000, 530_000, 530_000).deal_probability == 0


# -- acceptance and a tested price ---------------------------------------------------------------------------------


def test_acceptance_every_branch() -> None:
    # Seller: P(b >= p) = (H - p)/D on [500, 640]: p = 570 -> 70/140; p = H -> 0; p = L -> 1; beyond: 0 and 1.
    assert [acceptance("seller", p, 500, 640) for p in (570, 640, 500, 700, 400)] == [0.5, 0, 1, 0, 1]
    assert acceptance("seller", 605, 500, 640) == pytest.approx(35 / 140)
    # Buyer: P(r <= p) = (p - L)/D: p = 570 -> 0.5; p = L -> 0; p = H -> 1; p = 535 -> 35/140.
    assert [acceptance("buyer", p, 500, 640) for p in (570, 500, 640, 400, 700)] == [0.5, 0, 1, 0, 1]
    assert acceptance("buyer", 535, 500, 640) == pytest.approx(35 / 140)
    # A point belief: the price at the point is accepted, one past it is not.
    assert [acceptance("seller", p, 600, 600) for p in (600, 600.01, 599.99)] == [1, 0, 1]
    assert [acceptance("buyer", p, 600, 600) for p in (600, 599.99, 600.01)] == [1, 0, 1]


def test_tested_price_both_roles() -> None:
    # Seller asks 600,000: P(b >= 600,000) = 40/140 = 2/7; gain (600,000 - 520,000) * 2/7 = 22,857.14.
    r = compute(
        Inputs(role="seller", your_walk_away=520_000, their_walk_away_low=500_000, their_walk_away_high=640_000, price=600_000)
    )
    assert r.price_acceptance_probability == pytest.approx(2 / 7)
    assert r.price_expected_gain == pytest.approx(80_000 * 2 / 7)
    # Buyer b = 600,000 offers 520,000: P(r <= 520,000) = 20/140 = 1/7; gain (600,000 - 520,000) * 1/7.
    r = run("buyer", 600_000, 500_000, 640_000, price=520_000)
    assert r.price_acceptance_probability == pytest.approx(1 / 7)
    assert r.price_expected_gain == pytest.approx(80_000 / 7)
    # A price on the wrong side of your walk-away is accepted more often and loses money:
    # seller asking 450,000 (below L): accepted, gain 450,000 - 520,000 = -70,000; buyer offering 650,000: -50,000.
    r = run("seller", 520_000, 500_000, 640_000, price=450_000)
    assert (r.price_acceptance_probability, r.price_expected_gain) == (1, -70_000)
    r = run("buyer", 600_000, 500_000, 640_000, price=650_000)
    assert (r.price_acceptance_probability, r.price_expected_gain) == (1, -50_000)


# -- large numbers keep their small gaps; extreme inputs stay finite ---------------------------------------------

#: The spacing of floats between 2**39 (5.5e11) and 2**40 (1.1e12): the smallest gap a price near 1e12 can have.
ULP_1E12 = 2.0**-13


@pytest.mark.parametrize(("role", "w"), [("buyer", 1e12 + ULP_1E12), ("seller", 1e12 + 7 * ULP_1E12)])
def test_gaps_survive_at_1e12(role: str, w: float) -> None:
    # L = 1e12, H = 1e12 + 8u (u = 2**-13): D = 8u. Buyer at L + u or seller at H - u: a = u.
    # t* = u/2: accepted (u/2)/(8u) = 1/16, gain (u - u/2)/16 = u/32 = 2**-18; EVPI a^2/(4D) = u^2/(32u) = u/32.
    # The old code averaged prices: (b + L)/2 = 1e12 + u/2 rounds to 1e12 (or H - u/2 to H), accepted with
    # probability 0: the gain and its chance were lost.
    u = ULP_1E12
    r = run(role, w, 1e12, 1e12 + 8 * u)
    assert r.deal_probability == 1 / 8
    assert r.acceptance_probability == 1 / 16
    assert r.expected_gain == u / 32 == 2.0**-18
    assert r.value_of_information == u / 32
    assert r.cost_of_revealing == u / 32


def test_value_of_information_keeps_a_gap_of_a_sixteenth_beside_1e15() -> None:
    # Seller s = 0, b ~ U[1e15 - 0.125, 1e15] (0.125 is the float spacing at 1e15): a = 1e15, D = 0.125, a >= 2D.
    # Ask L, gain a - D = 1e15 - 0.125; EVPI = (a - D/2) - (a - D) = D/2 = 0.0625. The old (L + H)/2 - s lost it:
    # 2e15 - 0.125 is not a float (spacing 0.25 there).
    r = run("seller", 0, 1e15 - 0.125, 1e15)
    assert (r.best_ultimatum_price, r.expected_gain, r.value_of_information) == (1e15 - 0.125, 1e15 - 0.125, 0.0625)
    # The buyer's mirror: b = 0, r ~ U[-1e15, -1e15 + 0.125].
    r = run("buyer", 0, -1e15, -1e15 + 0.125)
    assert (r.best_ultimatum_price, r.expected_gain, r.value_of_information) == (-1e15 + 0.125, 1e15 - 0.125, 0.0625)


def test_extremes_at_the_limits() -> None:
    # s = -1e15 against b ~ U[-1e15, 1e15]: a = D = 2e15, t* = 1e15, ask 0, P = 1/2, gain 1e15 * 1/2;
    # EVPI = D/2 - (2D - a)^2/(4D) = 1e15 - (2e15)^2 / 8e15 = 5e14.
    r = run("seller", -1e15, -1e15, 1e15)
    assert (r.deal_probability, r.best_ultimatum_price, r.acceptance_probability) == (1, 0, 0.5)
    assert (r.expected_gain, r.value_of_information, r.cost_of_revealing) == (5e14, 5e14, 5e14)
    # A subnormal width next to a huge reach: a / D would overflow (1e15 / 5e-324); it is never computed.
    r = run("seller", -1e15, 0, 5e-324)
    assert (r.deal_probability, r.best_ultimatum_price, r.acceptance_probability, r.expected_gain) == (1, 0, 1, 1e15)
    assert r.value_of_information == 0  # D/2 = 2.5e-324 rounds to 0
    # 1e-320 on both sides of 0: a = 1e-320, D = 2e-320, P(deal) = 1/2; the gain underflows towards 0 but is finite.
    r = run("buyer", 0, -1e-320, 1e-320)
    assert r.deal_probability == 0.5
    assert all(math.isfinite(x) for x in (r.expected_gain, r.value_of_information, r.cost_of_revealing))


extreme = st.one_of(
    st.floats(min_value=-1e15, max_value=1e15, allow_nan=False),
    st.sampled_from([0.0, 5e-324, -5e-324, 1e-320, -1e-320, 1e15, -1e15, 1e12, 1e12 + ULP_1E12]),
)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["seller", "buyer"]), extreme, extreme, extreme, st.none() | extreme, st.sampled_from([20.0, 100.0, 1e-9]))
def test_every_valid_input_gives_finite_numbers_and_a_page(
    role: str, w: float, a: float, b: float, price: float | None, percent: float
) -> None:
    low, high = min(a, b), max(a, b)
    inputs = parse(
        Inputs,
        {"role": role, "your_walk_away": w, "their_walk_away_low": low, "their_walk_away_high": high, "price": price}
        | {"sensitivity_percent": percent},
    )
    r = compute(inputs)

    def numbers(x: object) -> list[float]:
        if isinstance(x, bool) or x is None or isinstance(x, str):
            return []
        if isinstance(x, (int, float)):
            return [float(x)]
        if isinstance(x, dict):
            return [n for v in x.values() for n in numbers(v)]
        assert isinstance(x, list)
        return [n for v in x for n in numbers(v)]

    assert all(math.isfinite(n) for n in numbers(to_json(r)))
    assert 0 <= r.deal_probability <= 1 and 0 <= r.acceptance_probability <= 1
    assert r.expected_gain >= 0 and r.value_of_information >= 0 and r.cost_of_revealing >= 0
    if r.best_ultimatum_price is not None:
        assert low <= r.best_ultimatum_price <= high
    blocks = present(inputs, r)
    for block in blocks:
        if isinstance(block, LineChart):
            assert all(math.isfinite(v) for s in block.series for p in s.points for v in p)
            assert all(math.isfinite(m.value) for m in block.markers)


@pytest.mark.parametrize(("low", "high"), [(1e14, 1e14 + 0.01), (0.0, 1e-13), (0.0, 5e-324)])
def test_the_page_renders_for_tiny_gaps(low: float, high: float) -> None:
    # Valid inputs whose prices differ by less than the chart's tick rounding (12 decimals) or than the float
    # spacing at 1e14 (1/64), or a subnormal gap: the charts divided by a span of 0 (ZeroDivisionError) before
    # nice_ticks widened spans too small to tell apart from their own values.
    inputs = Inputs(role="seller", your_walk_away=low, their_walk_away_low=low, their_walk_away_high=high)
    assert render_blocks(present(inputs, compute(inputs)))


@settings(max_examples=150, deadline=None)
@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), extreme, extreme)
def test_a_buyer_is_a_mirrored_seller(w: float, a: float, b: float) -> None:
    # Negating every price turns a buyer with walk-away b against [L, H] into a seller with -b against [-H, -L].
    low, high = min(a, b), max(a, b)
    buyer, seller = run("buyer", w, low, high), run("seller", -w, -high, -low)
    assert (buyer.deal_probability, buyer.acceptance_probability) == (seller.deal_probability, seller.acceptance_probability)
    assert (buyer.expected_gain, buyer.value_of_information, buyer.cost_of_revealing) == (
        seller.expected_gain,
        seller.value_of_information,
        seller.cost_of_revealing,
    )
    if seller.best_ultimatum_price is None:
        assert buyer.best_ultimatum_price is None
    else:
        assert buyer.best_ultimatum_price == -seller.best_ultimatum_price


# -- validation ----------------------------------------------------------------------------------------------------


def test_low_above_high_is_an_error_and_equal_is_not() -> None:
    with pytest.raises(InputError) as e:
        parse(Inputs, {"role": "buyer", "your_walk_away": 1, "their_walk_away_low": 600.0000001, "their_walk_away_high": 600})
    assert [(p.where, p.message) for p in e.value.problems] == [
        ("their_walk_away_high", "Their high estimate must be at least their low estimate.")
    ]
    ok = parse(Inputs, {"role": "buyer", "your_walk_away": 1, "their_walk_away_low": 600, "their_walk_away_high": 600})
    assert ok.problems() == [] and ok.their_walk_away_low == ok.their_walk_away_high == 600


def test_role_and_walk_aways_are_required_and_the_rest_neutral() -> None:
    with pytest.raises(InputError) as e:
        parse(Inputs, {})
    assert [p.where for p in e.value.problems] == ["role", "your_walk_away", "their_walk_away_low", "their_walk_away_high"]
    inputs = parse(Inputs, {"role": "seller", "your_walk_away": 1, "their_walk_away_low": 0, "their_walk_away_high": 2})
    assert (inputs.price, inputs.sensitivity_percent) == (None, 20)


def test_role_must_be_seller_or_buyer() -> None:
    with pytest.raises(InputError) as e:
        parse(Inputs, {"role": "broker", "your_walk_away": 1, "their_walk_away_low": 0, "their_walk_away_high": 2})
    assert [p.where for p in e.value.problems] == ["role"]


def test_money_is_limited_to_1e15() -> None:
    # The shared limit on every amount, 1e15 in size: the next float above it is refused, in every money field.
    base = {"role": "seller", "your_walk_away": 1, "their_walk_away_low": -1e15, "their_walk_away_high": 1e15}
    for name in ("your_walk_away", "their_walk_away_low", "their_walk_away_high", "price"):
        for beyond in (1.0000000000000002e15, -1.0000000000000002e15):
            with pytest.raises(InputError) as e:
                parse(Inputs, base | {name: beyond})
            assert name in [p.where for p in e.value.problems]
    at_the_limit = parse(Inputs, base | {"your_walk_away": -1e15, "price": 1e15})
    assert (at_the_limit.your_walk_away, at_the_limit.price) == (-1e15, 1e15)


# -- sensitivity ---------------------------------------------------------------------------------------------------


def swing(r: Result, label: str) -> object:
    return next(s for s in r.sensitivity if s.input == label)


def test_example_tornado() -> None:
    # Best ask max((H + s)/2, L). s moved +-20% (416,000 / 624,000): (640 + 416)/2 = 528,000 and (640 + 624)/2 = 632,000.
    # L moved (400,000 / 600,000): 580,000 and max(580,000, 600,000) = 600,000.
    # H moved down 20% to 512,000 (still >= L): below s = 520,000, no deal, no price; that starts at H = 520,000,
    # a cut of 120/640 = 18.75%. H moved up to 768,000: (768 + 520)/2 = 644,000.
    r = compute(EXAMPLE)
    walk = swing(r, "Your walk-away price")
    assert (walk.low, walk.high, walk.flips_at_percent) == (528_000, 632_000, None)  # type: ignore[attr-defined]
    low = swing(r, "Their walk-away, low estimate")
    assert (low.low, low.high, low.flips_at_percent) == (580_000, 600_000, None)  # type: ignore[attr-defined]
    high = swing(r, "Their walk-away, high estimate")
    assert (high.low, high.low_in_range, high.high) == (None, True, 644_000)  # type: ignore[attr-defined]
    assert high.flips_at_percent == pytest.approx(18.75, abs=1e-4)  # type: ignore[attr-defined]
    assert r.sensitivity[0].input == "Your walk-away price"  # the largest swing, 104,000
    assert len(r.sensitivity) == 3  # the tested price is never moved


REPRODUCER = {"role": "buyer", "your_walk_away": 100, "their_walk_away_low": 90, "their_walk_away_high": 105}


def test_issue_reproducer_impossible_moves_are_out_of_range() -> None:
    # Buyer b = 100, r ~ U[90, 105]. Offer min((b + L)/2, H).
    # Their low estimate +20% = 108 > H = 105: impossible, out of range (the old code priced it at 104).
    # -20% = 72: min((100 + 72)/2, 105) = 86.
    # Their high estimate -20% = 84 < L = 90: impossible, out of range; the old code reported a "flip" at 14.3%,
    # where H passes below L (105 * (1 - 1/7) = 90), which no reader could type. +20% = 126: a = 10, D = 36,
    # offer 90 + 5 = 95, as now; the deal never depends on H: no flip.
    # Your walk-away -20% = 80 < L: no deal, a real state (in range, no price); it starts at b = 90, a 10% cut.
    # +20% = 120: a = 30 >= 2D = 30, offer H = 105.
    r = compute(parse(Inputs, REPRODUCER))
    low = swing(r, "Their walk-away, low estimate")
    assert (low.low, low.low_in_range, low.high, low.high_in_range) == (86, True, None, False)  # type: ignore[attr-defined]
    high = swing(r, "Their walk-away, high estimate")
    assert (high.low, high.low_in_range, high.high, high.high_in_range) == (None, False, 95, True)  # type: ignore[attr-defined]
    assert high.flips_at_percent is None  # type: ignore[attr-defined]
    walk = swing(r, "Your walk-away price")
    assert (walk.low, walk.low_in_range, walk.high, walk.high_in_range) == (None, True, 105, True)  # type: ignore[attr-defined]
    assert walk.flips_at_percent == pytest.approx(10, abs=1e-4)  # type: ignore[attr-defined]


def test_issue_reproducer_real_flip_before_the_impossible_end() -> None:
    # Their low estimate moved up: at L = 100 = b (a rise of 10/90 = 11.1%) the seller's lowest price reaches your
    # limit and a deal stops being possible; L stays <= H = 105 up to +16.7%. A real flip, which the old code
    # (and a tornado that stops at an out-of-range end, 108) missed.
    r = compute(parse(Inputs, REPRODUCER))
    low = swing(r, "Their walk-away, low estimate")
    assert low.flips_at_percent == pytest.approx(100 * 10 / 90, abs=1e-4)  # type: ignore[attr-defined]


# -- the presenter -------------------------------------------------------------------------------------------------


def blocks_of(inputs: Inputs) -> list[object]:
    return list(present(inputs, compute(inputs)))


def notes(inputs: Inputs) -> list[tuple[str, str]]:
    return [(b.text, b.tone) for b in blocks_of(inputs) if isinstance(b, Note)]


def table(inputs: Inputs, caption: str) -> Table:
    return next(b for b in blocks_of(inputs) if isinstance(b, Table) and b.caption == caption)  # type: ignore[return-value]


def test_present_example() -> None:
    blocks = blocks_of(EXAMPLE)
    assert blocks[0] == Summary(
        (
            ("Chance a deal is possible", "85.7%"),  # 6/7
            ("Best take-it-or-leave-it ask", "580,000"),
            ("Its chance of acceptance", "42.9%"),  # 3/7
            ("Expected gain", "25,714"),
            ("Value of learning their walk-away", "25,714"),
            ("Cost of revealing your walk-away", "25,714"),
        )
    )
    assert notes(EXAMPLE) == [
        (
            "If the buyer learns your walk-away, their best take-it-or-leave-it offer is 520,000, your limit itself, "
            "and you keep nothing: revealing it costs you your expected gain of 25,714. The value of learning their "
            "walk-away, 25,714, is what finding out their limit is worth to you; it is not what you lose by showing yours.",
            "info",
        )
    ]
    # Prices compared: the best ask, then both edges. At L = 500,000: accepted for sure, gain 500 - 520 = -20,000.
    # At H = 640,000: accepted with probability 0, expected gain 0.
    prices = table(EXAMPLE, "Prices compared")
    assert prices.columns == ("Price", "Amount", "Chance accepted", "Expected gain")
    assert prices.rows == (
        ("Best ask", "580,000", "42.9%", "25,714"),
        ("Their low estimate", "500,000", "100.0%", "\u221220,000"),
        ("Their high estimate", "640,000", "0.0%", "0"),
    )
    assert prices.numeric == (1, 2, 3)
    assert blocks[-1] is not None and isinstance(blocks[-1], Table) and blocks[-1].caption == "Prices compared"
    sensitivity = table(EXAMPLE, "Sensitivity: each input moved \u00b120% on its own")
    assert sensitivity.columns == ("Input", "Now", "Best ask at \u221220%", "at +20%", "Deal possibility changes?")
    assert sensitivity.rows[0] == ("Your walk-away price", "520,000", "528,000", "632,000", "no")
    assert ("Their walk-away, high estimate", "640,000", "none", "644,000", "at \u00b118.8%") in sensitivity.rows


def test_present_example_charts() -> None:
    charts = [b for b in blocks_of(EXAMPLE) if isinstance(b, LineChart)]
    gain, chance = charts
    assert (gain.title, gain.x_label, gain.y_label, gain.x_format, gain.y_format, gain.height) == (
        "Expected gain at each take-it-or-leave-it ask",
        "Your ask",
        "Expected gain",
        "money",
        "money",
        240,
    )
    assert gain.description == (
        "Expected gain, the gain times the chance of acceptance, for each ask across their estimated range; "
        "it peaks at the best ask."
    )
    assert (chance.title, chance.x_label, chance.y_label, chance.x_format, chance.y_format, chance.height) == (
        "Chance they accept each ask",
        "Your ask",
        "Chance accepted",
        "money",
        "percent",
        200,
    )
    assert chance.description == "The probability that the other side accepts each ask, from your estimate of their walk-away."
    assert gain.markers == chance.markers == (Marker("Best", "x", 580_000),)
    # Prices from min(L, s) = 500,000 to max(H, s) = 640,000 in 40 steps of 3,500. At 500,000: accepted, gain -20,000;
    # at 580,000 (step 80,000 / 3,500, not on the grid) ...; at 570,000 (step 20): (640 - 570)/140 = 1/2 of 50,000.
    (series,) = gain.series
    assert series.name == "Expected gain" and len(series.points) == 41
    assert series.points[0] == (500_000, -20_000) and series.points[-1] == (640_000, 0)
    assert series.points[20] == (570_000, 25_000)
    (accepted,) = chance.series
    assert accepted.name == "Chance accepted"
    assert accepted.points[0] == (500_000, 1) and accepted.points[20] == (570_000, 0.5) and accepted.points[-1] == (640_000, 0)


def test_present_buyer_with_a_price() -> None:
    # Buyer b = 600,000 against [500,000, 640,000], offering 520,000: P = 1/7, gain 80,000/7 = 11,429.
    inputs = Inputs(
        role="buyer", your_walk_away=600_000, their_walk_away_low=500_000, their_walk_away_high=640_000, price=520_000
    )
    blocks = blocks_of(inputs)
    assert blocks[0] == Summary(
        (
            ("Chance a deal is possible", "71.4%"),  # 5/7
            ("Best take-it-or-leave-it offer", "550,000"),
            ("Its chance of acceptance", "35.7%"),  # 5/14
            ("Expected gain", "17,857"),
            ("Value of learning their walk-away", "17,857"),
            ("Cost of revealing your walk-away", "17,857"),
        )
    )
    assert notes(inputs) == [
        (
            "If the seller learns your walk-away, their best take-it-or-leave-it ask is 600,000, your limit itself, "
            "and you keep nothing: revealing it costs you your expected gain of 17,857. The value of learning their "
            "walk-away, 17,857, is what finding out their limit is worth to you; it is not what you lose by showing yours.",
            "info",
        )
    ]
    # Edges: at L = 500,000 the seller never accepts (gain 0); at H = 640,000 always, gain 600 - 640 = -40,000.
    assert table(inputs, "Prices compared").rows == (
        ("Best offer", "550,000", "35.7%", "17,857"),
        ("Your offer", "520,000", "14.3%", "11,429"),
        ("Their low estimate", "500,000", "0.0%", "0"),
        ("Their high estimate", "640,000", "100.0%", "\u221240,000"),
    )
    charts = [b for b in blocks if isinstance(b, LineChart)]
    assert [c.title for c in charts] == ["Expected gain at each take-it-or-leave-it offer", "Chance they accept each offer"]
    assert charts[0].markers == (Marker("Best", "x", 550_000), Marker("Yours", "x", 520_000))
    assert table(inputs, "Sensitivity: each input moved \u00b120% on its own").columns[2] == "Best offer at \u221220%"


def test_present_a_price_on_the_wrong_side_of_your_walk_away() -> None:
    seller = Inputs(
        role="seller", your_walk_away=520_000, their_walk_away_low=500_000, their_walk_away_high=640_000, price=510_000
    )
    assert ("That ask is on the wrong side of your own walk-away: a deal there loses you money.", "warning") in notes(seller)
    buyer = Inputs(role="buyer", your_walk_away=600_000, their_walk_away_low=500_000, their_walk_away_high=640_000, price=600_001)
    assert ("That offer is on the wrong side of your own walk-away: a deal there loses you money.", "warning") in notes(buyer)
    # At your walk-away exactly the gain is 0, not a loss: no warning.
    at_limit = Inputs(
        role="buyer", your_walk_away=600_000, their_walk_away_low=500_000, their_walk_away_high=640_000, price=600_000
    )
    assert not [n for n in notes(at_limit) if n[1] == "warning"]


@pytest.mark.parametrize(
    ("role", "w", "text"),
    [
        ("seller", 700_000, "No zone of agreement: their highest price is below your walk-away."),
        ("buyer", 450_000, "No zone of agreement: their lowest price is above your walk-away."),
    ],
)
def test_present_no_zone(role: str, w: float, text: str) -> None:
    inputs = Inputs(role=role, your_walk_away=w, their_walk_away_low=500_000, their_walk_away_high=640_000)
    assert notes(inputs) == [(text, "warning")]  # and no note on revealing: there is nothing to lose
    summary = blocks_of(inputs)[0]
    assert isinstance(summary, Summary)
    assert summary.items[1][1] == "none" and summary.items[5] == ("Cost of revealing your walk-away", "0")
    rows = table(inputs, "Prices compared").rows
    assert [row[0] for row in rows] == ["Their low estimate", "Their high estimate"]  # no best price to list
    gain_chart = next(b for b in blocks_of(inputs) if isinstance(b, LineChart))
    assert gain_chart.markers == ()


def test_present_point_belief_and_the_chart_around_it() -> None:
    inputs = Inputs(role="seller", your_walk_away=600_000, their_walk_away_low=600_000, their_walk_away_high=600_000)
    assert notes(inputs)[0] == ("Your estimate is a single price, so every chance here is 0% or 100%.", "info")
    # Every price is 600,000: the chart runs from 600,000 - 1 to 600,000 + 1, 41 points 0.05 apart.
    (series,) = next(b for b in blocks_of(inputs) if isinstance(b, LineChart)).series
    assert series.points[0][0] == 599_999 and series.points[-1][0] == 600_001 and series.points[20][0] == 600_000


@pytest.mark.parametrize(
    ("role", "w", "low", "high", "text"),
    [
        (
            "seller",
            350,
            500,
            600,
            "Your walk-away is far from their range, so the best ask is the edge of the range, 500, which they always accept.",
        ),
        (
            "buyer",
            750,
            400,
            500,
            "Your walk-away is far from their range, so the best offer is the edge of the range, 500, which they always accept.",
        ),
    ],
)
def test_present_far_from_their_range(role: str, w: float, low: float, high: float, text: str) -> None:
    inputs = Inputs(role=role, your_walk_away=w, their_walk_away_low=low, their_walk_away_high=high)
    assert notes(inputs)[0] == (text, "info")


def test_present_no_edge_note_when_a_deal_is_certain_but_the_price_is_inside() -> None:
    # D <= a < 2D: P(deal) = 1 but the best ask 225,000 is accepted only 5/6 of the time.
    inputs = Inputs(role="seller", your_walk_away=100_000, their_walk_away_low=200_000, their_walk_away_high=350_000)
    assert [text for text, _ in notes(inputs) if "edge of the range" in text] == []
    assert notes(inputs)[0][0].startswith("If the buyer learns your walk-away, their best take-it-or-leave-it offer is 100,000,")
    assert "costs you your expected gain of 104,167. The value of learning their walk-away, 70,833," in notes(inputs)[0][0]


def test_present_reproducer_shows_out_of_range() -> None:
    inputs = parse(Inputs, REPRODUCER)
    rows = table(inputs, "Sensitivity: each input moved \u00b120% on its own").rows
    by_input = {row[0]: row for row in rows}
    assert by_input["Their walk-away, low estimate"][2:4] == ("86", "out of range")
    assert by_input["Their walk-away, high estimate"][2:5] == ("out of range", "95", "no")


# -- mutation-testing kills (mutmut survivors) ---------------------------------------------------------------------


def test_the_price_to_test_is_never_moved_in_the_tornado() -> None:
    # The tornado moves the facts of the negotiation only: your walk-away (520,000) and their estimates
    # (500,000 and 640,000). A price you merely test (600,000) is skipped, so it gets no row.
    r = compute(dataclasses.replace(EXAMPLE, price=600_000.0))
    assert sorted(s.input for s in r.sensitivity) == [
        "Their walk-away, high estimate",
        "Their walk-away, low estimate",
        "Your walk-away price",
    ]


def test_present_draws_the_tornado_around_the_best_price() -> None:
    # The tornado's vertical line is the best ask now: max((640,000 + 520,000) / 2, 500,000) = 580,000.
    (tornado,) = [b for b in present(EXAMPLE, compute(EXAMPLE)) if isinstance(b, Tornado)]
    assert tornado.base == 580_000.0
