"""The BATNA model: hand-worked cases (arithmetic in the comments), every validation rule, the presenter, and properties.

Sources for the numbers: expected value, the exponential-utility certainty equivalent CE = -R ln E[exp(-X/R)]
and rolling back decision trees, Raiffa, *Decision Analysis* (1968), ch. 4; discounting PV = CE / (1 + r)^(t/12);
a competing offer as part of the walk-away against every other bidder, Sebenius, "BATNAs in negotiation: common
errors and three kinds of 'no'", Negotiation Journal 33(2), 2017.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import batna
from calculators.batna import (
    EXAMPLE,
    Alternative,
    Inputs,
    Offer,
    Outcome,
    certainty_equivalent,
    compute,
    discount_factor,
    expected_value,
    present,
)
from calculators.charts import BarChart, Tornado
from calculators.fields import InputError, defaults, parse, required, to_json
from calculators.render import Note, Summary, Table


def one(value: float, *alternatives: Alternative, **kw: Any) -> batna.Result:
    """One offer, called "o", against the given alternatives."""
    return compute(Inputs(offers=(Offer("o", value),), alternatives=alternatives, **kw))


def sure(name: str, value: float, **kw: Any) -> Alternative:
    return Alternative(name, (Outcome(1.0, value),), **kw)


def finite_everywhere(data: object) -> bool:
    if isinstance(data, float):
        return math.isfinite(data)
    if isinstance(data, dict):
        return all(finite_everywhere(v) for v in data.values())
    if isinstance(data, list):
        return all(finite_everywhere(v) for v in data)
    return True


# -- the worked example -----------------------------------------------------------------------------


def test_example_risk_neutral() -> None:
    r = compute(EXAMPLE)
    # Wait for a strategic buyer: 0.5 * 1,500,000 + 0.5 * 900,000 - 40,000 = 750,000 + 450,000 - 40,000 = 1,160,000.
    # Keep running the business: 0.7 * 1,200,000 + 0.3 * 700,000 = 840,000 + 210,000 = 1,050,000.
    # No discounting (rate 0), risk-neutral: CE = PV = EV.
    assert [a.expected_value for a in r.alternatives] == [1_160_000, 1_050_000]
    assert [a.certainty_equivalent for a in r.alternatives] == [1_160_000, 1_050_000]
    assert [a.present_value for a in r.alternatives] == [1_160_000, 1_050_000]
    assert (r.batna_index, r.batna, r.walk_away_value) == (0, "Wait for a strategic buyer", 1_160_000)
    harbor, lakeside = r.offers
    # Harbor is judged against the best of the alternatives (1,160,000) and Lakeside's offer (980,000):
    # 1,180,000 - 1,160,000 = 20,000 >= 0, accept.
    assert (harbor.judged_against, harbor.judged_against_offer, harbor.walk_away_value) == (
        "Wait for a strategic buyer",
        False,
        1_160_000,
    )
    assert (harbor.surplus, harbor.decision) == (20_000, "accept")
    # Lakeside is judged against the best of 1,160,000 and Harbor's firm 1,180,000 (Sebenius 2017):
    # 980,000 - 1,180,000 = -200,000 (it was -180,000 when offers never counted against each other).
    assert (lakeside.judged_against, lakeside.judged_against_offer, lakeside.walk_away_value) == (
        "Harbor Corp's offer",
        True,
        1_180_000,
    )
    assert (lakeside.surplus, lakeside.decision) == (-200_000, "walk away")


def test_example_with_risk_tolerance_and_discounting() -> None:
    r = compute(dataclasses.replace(EXAMPLE, risk_tolerance=500_000.0, annual_discount_rate=0.1))
    wait, keep = r.alternatives
    # R = 500,000: exp(-1.5M/R) = exp(-3) = 0.049787, exp(-0.9M/R) = exp(-1.8) = 0.165299; their mean is 0.107543,
    # ln of it -2.229865, so the outcomes' CE is 500,000 * 2.229865 = 1,114,932, less the 40,000 cost: 1,074,932.
    assert wait.certainty_equivalent == pytest.approx(1_074_932.3566, abs=1e-3)
    assert wait.expected_value == 1_160_000
    # Six months at 10% a year: the outcomes are discounted, 1,114,932 / 1.1 ** 0.5 = 1,114,932 / 1.048809 = 1,063,046;
    # the cost is paid now: PV = 1,063,046 - 40,000 = 1,023,046 (it was 1,074,932 / 1.048809 = 1,024,908 when the cost
    # was discounted too).
    assert wait.present_value == pytest.approx(1_023_046.2916, abs=1e-3)
    # Keep running: 0.7 * exp(-2.4) + 0.3 * exp(-1.4) = 0.063493 + 0.073979 = 0.137472, CE = 500,000 * 1.984265 = 992,132;
    # a year at 10%: 992,132 / 1.1 = 901,939.
    assert keep.certainty_equivalent == pytest.approx(992_132.3891, abs=1e-3)
    assert keep.present_value == pytest.approx(901_938.5355, abs=1e-3)
    assert r.batna_index == 0
    # Harbor against max(1,023,046, Lakeside 980,000): surplus 156,954.
    assert r.offers[0].surplus == pytest.approx(1_180_000 - 1_023_046.2916, abs=1e-3)


def test_example_is_todays_page_and_the_defaults_are_neutral() -> None:
    assert EXAMPLE.offers == (Offer("Harbor Corp's offer", 1_180_000.0), Offer("Lakeside's offer", 980_000.0))
    assert [a.name for a in EXAMPLE.alternatives] == ["Wait for a strategic buyer", "Keep running the business"]
    assert required(Inputs) == ["offers", "alternatives"]
    assert defaults(Inputs) == {"annual_discount_rate": 0.0, "risk_tolerance": None, "sensitivity_percent": 20.0}
    assert parse(Inputs, to_json(EXAMPLE)) == EXAMPLE
    # The "add a row" templates.
    assert Offer() == Offer("Offer", 0.0)
    assert Outcome() == Outcome(1.0, 0.0)
    assert Alternative() == Alternative("Alternative", (Outcome(1.0, 0.0),), 0.0, 0.0)


def test_leaving_out_offers_or_alternatives_is_an_error() -> None:
    with pytest.raises(InputError) as info:
        parse(Inputs, {})
    assert [(p.where, p.message) for p in info.value.problems] == [
        ("offers", "Offers is required."),
        ("alternatives", "Alternatives is required."),
    ]
    raw = to_json(EXAMPLE)
    assert parse(Inputs, {"offers": raw["offers"], "alternatives": raw["alternatives"]}) == EXAMPLE


# -- the roll-back ------------------------------------------------------------------------------------


def test_cost_counts_on_every_branch() -> None:
    # 0.4 * 1,000 + 0.6 * 0 - 100 = 300: the cost is paid whether or not the alternative succeeds,
    # not 0.4 * (1,000 - 100) = 360.
    r = one(0.0, Alternative("Tender", (Outcome(0.4, 1000.0), Outcome(0.6, 0.0)), cost=100.0))
    assert r.alternatives[0].expected_value == pytest.approx(300.0, abs=1e-12)


def test_discounting_by_delay() -> None:
    # 21% a year: 6 months -> 1.21 ** 0.5 = 1.1, so 110,000 / 1.1 = 100,000.
    # 24 months -> 1.21 ** 2 = 1.4641, so 146,410 / 1.4641 = 100,000.
    r = one(
        100_000.0,
        sure("half a year", 110_000.0, delay_months=6),
        sure("two years", 146_410.0, delay_months=24),
        annual_discount_rate=0.21,
    )
    assert r.alternatives[0].present_value == pytest.approx(100_000.0, rel=1e-12)
    assert r.alternatives[1].present_value == pytest.approx(100_000.0, rel=1e-12)
    # EV and CE are before discounting.
    assert r.alternatives[1].expected_value == r.alternatives[1].certainty_equivalent == 146_410.0
    assert discount_factor(0.21, 6) == pytest.approx(1 / 1.1, rel=1e-15)
    assert discount_factor(0.0, 1200) == 1.0
    assert discount_factor(0.5, 0) == 1.0


def test_cost_is_paid_now_and_not_discounted() -> None:
    # The reproducer: cost 100,000, nothing back (outcome 0), 120 months at 10% a year, offer -50,000.
    # The cost is paid now: PV = 0 / 1.1 ** 10 - 100,000 = -100,000, and the offer's surplus is -50,000 - (-100,000) = 50,000:
    # accept. Discounting the cost with the outcome gave -100,000 / 2.5937 = -38,554 and "walk away".
    r = one(-50_000.0, Alternative("a", cost=100_000.0, delay_months=120.0), annual_discount_rate=0.1)
    assert r.alternatives[0].present_value == -100_000.0
    assert (r.offers[0].surplus, r.offers[0].decision) == (50_000.0, "accept")
    # An outcome of 100,000 * 1.1 ** 10 = 259,374.246 arriving in ten years is worth 100,000 now, which just pays the cost:
    # PV = 259,374.246 / 2.5937425 - 100,000 = 0. (Discounting the cost too: 159,374.246 / 2.5937425 = 61,446.)
    r = one(
        0.0, Alternative("b", (Outcome(1.0, 100_000 * 1.1**10),), cost=100_000.0, delay_months=120.0), annual_discount_rate=0.1
    )
    assert r.alternatives[0].present_value == pytest.approx(0.0, abs=1e-9)
    assert r.alternatives[0].expected_value == pytest.approx(159_374.246, abs=1e-3)


def test_ties_go_to_the_first_alternative_and_equal_offers_are_accepted() -> None:
    # Both alternatives are worth exactly 500; the first is the BATNA. An offer of 500 has surplus 0: accept.
    r = one(500.0, sure("first", 500.0), Alternative("second", (Outcome(0.5, 0.0), Outcome(0.5, 1000.0))))
    assert (r.batna_index, r.batna) == (0, "first")
    assert (r.offers[0].surplus, r.offers[0].decision) == (0.0, "accept")
    r = one(499.99, sure("first", 500.0))
    assert (r.offers[0].surplus, r.offers[0].decision) == (pytest.approx(-0.01), "walk away")
    # A strictly better later alternative is the BATNA (index 1, not the first).
    r = one(0.0, sure("first", 500.0), sure("second", 500.5), sure("third", 500.5))
    assert (r.batna_index, r.batna, r.walk_away_value) == (1, "second", 500.5)


def test_probabilities_are_rescaled_to_add_up_to_one() -> None:
    # The reproducer: a sure 100 whose probabilities add up to 1.0000009 (inside the 1e-6 tolerance), R = 1e12.
    # Rescaled, it is a sure 100: CE = 100. Unrescaled, CE = 100 - 1e12 * ln(1.0000009) = 100 - 900,000 = -899,900.
    raw = {
        "offers": [{"name": "o", "value": 100}],
        "alternatives": [
            {"name": "sure 100", "outcomes": [{"probability": 0.5000009, "value": 100}, {"probability": 0.5, "value": 100}]}
        ],
        "risk_tolerance": 1e12,
    }
    r = compute(parse(Inputs, raw))
    assert r.alternatives[0].certainty_equivalent == 100.0
    assert r.alternatives[0].expected_value == 100.0
    assert (r.offers[0].surplus, r.offers[0].decision) == (0.0, "accept")
    # Risk-neutral: 0 with 0.5000009 and 100 with 0.5 is worth 100 * 0.5 / 1.0000009 = 49.9999550000405, not 50.
    assert expected_value((Outcome(0.5000009, 0.0), Outcome(0.5, 100.0))) == pytest.approx(49.9999550000405, rel=1e-13)
    # Both scaled by the same factor (sum 0.9999998): the shares are exactly 1/2, so the CE is the hand case below,
    # 100 ln 1.5 / ln 3 = 36.907024642854256. Unrescaled it was about R * 2e-7 * 1.5 = 2.7e-5 higher.
    R = 100 / math.log(3)
    ce = certainty_equivalent((Outcome(0.4999999, 0.0), Outcome(0.4999999, 100.0)), R)
    assert ce == pytest.approx(36.907024642854256, rel=1e-13)


def test_certainty_equivalent_hand_case() -> None:
    # 50-50 between 0 and 100 with R = 100 / ln 3, so exp(-100 / R) = 1/3:
    # E[exp(-X/R)] = 0.5 * 1 + 0.5 * 1/3 = 2/3, CE = -R * ln(2/3) = 100 * ln(1.5) / ln(3) = 36.9070...
    R = 100 / math.log(3)
    ce = certainty_equivalent((Outcome(0.5, 0.0), Outcome(0.5, 100.0)), R)
    assert ce == pytest.approx(100 * math.log(1.5) / math.log(3), rel=1e-13)
    # With a cost of 10, the alternative's CE is 26.907...; its EV is 50 - 10 = 40.
    r = one(0.0, Alternative("gamble", (Outcome(0.5, 0.0), Outcome(0.5, 100.0)), cost=10.0), risk_tolerance=R)
    assert r.alternatives[0].certainty_equivalent == pytest.approx(26.907024642854256, rel=1e-13)
    assert r.alternatives[0].expected_value == 40.0


def test_certainty_equivalent_does_not_overflow() -> None:
    # exp(-v / R) with v = 1e9 and R = 1 underflows to 0 in a naive formula (log(0) fails).
    # Shifted by the worst outcome: CE = 1e9 - ln(0.5 + 0.5 * exp(-1e9)) = 1e9 + ln 2.
    assert certainty_equivalent((Outcome(0.5, 1e9), Outcome(0.5, 2e9)), 1.0) == pytest.approx(1e9 + math.log(2), abs=1e-6)
    # exp(1e6) overflows a naive formula. CE = -1e6 - ln(0.5 + 0.5 * exp(-1e6)) = -1e6 + ln 2.
    assert certainty_equivalent((Outcome(0.5, -1e6), Outcome(0.5, 0.0)), 1.0) == pytest.approx(-1e6 + math.log(2), abs=1e-9)


def test_certainty_equivalent_with_a_tiny_probability() -> None:
    # p = 1e-17 of -1,000,000, else 0, R = 1: CE = -1e6 - ln(1e-17 + exp(-1e6)) = -1e6 + 17 ln 10 = -999,960.856.
    # The sum 1e-17 + exp(-1e6) is far from 1, so it is a log-sum-exp (1 + (-1 + 1e-17) rounds to 0: ln 0 was a crash).
    ce = certainty_equivalent((Outcome(1e-17, -1e6), Outcome(1.0, 0.0)), 1.0)
    assert ce == pytest.approx(-1e6 + 17 * math.log(10), abs=1e-7)
    # The smallest float probability: CE = -1e6 - ln(5e-324) = -1e6 + 744.44.
    ce = certainty_equivalent((Outcome(5e-324, -1e6), Outcome(1.0, 0.0)), 1.0)
    assert ce == pytest.approx(-1e6 - math.log(5e-324), abs=1e-7)


def test_certainty_equivalent_on_both_sides_of_the_switch_to_log_space() -> None:
    # Two outcomes 0 and 1 with R = 1: sum = q0 + q1 / e. The log1p form serves while sum - 1 = -q1 (1 - 1/e) > -0.5,
    # that is q1 < 0.7910; the log-sum-exp beyond. Both give CE = -ln(q0 + q1 / e).
    for q1 in (0.78, 0.79, 0.7910, 0.7911, 0.80, 0.999):
        ce = certainty_equivalent((Outcome(1 - q1, 0.0), Outcome(q1, 1.0)), 1.0)
        assert ce == pytest.approx(-math.log((1 - q1) + q1 / math.e), rel=1e-14), q1
        # The same shares from probabilities adding up to 0.9999996: rescaled on both sides of the switch.
        k = 0.9999996
        ce = certainty_equivalent((Outcome((1 - q1) * k, 0.0), Outcome(q1 * k, 1.0)), 1.0)
        assert ce == pytest.approx(-math.log((1 - q1) + q1 / math.e), rel=1e-13), q1


def test_certainty_equivalent_keeps_precision_for_large_tolerance() -> None:
    # For large R, CE ~ EV - Var / (2R) = 50 - 2,500 / (2 * 1e12) = 50 - 1.25e-9: still below 50, not rounded to it.
    ce = certainty_equivalent((Outcome(0.5, 0.0), Outcome(0.5, 100.0)), 1e12)
    assert 50.0 - ce == pytest.approx(1.25e-9, rel=1e-3)


def test_zero_probability_outcomes_are_skipped() -> None:
    # A p = 0 outcome of -1e15 would dominate exp(-v/R) and overflow; it is skipped, so CE = EV = 100.
    assert certainty_equivalent((Outcome(0.0, -1e15), Outcome(1.0, 100.0)), 1.0) == 100.0
    assert expected_value((Outcome(0.0, -1e15), Outcome(1.0, 100.0))) == 100.0
    # Skipped, it cannot cost precision either: a sure 0.1 stays 0.1 (shifted by -1e15 it would come back as 0.125).
    assert expected_value((Outcome(0.0, -1e15), Outcome(1.0, 0.1))) == 0.1
    assert certainty_equivalent((Outcome(0.0, -1e15), Outcome(1.0, 0.1)), 1e15) == 0.1


def test_risk_neutral_equals_expected_value() -> None:
    outcomes = (Outcome(0.2, -50.0), Outcome(0.8, 300.0))
    # 0.2 * -50 + 0.8 * 300 = -10 + 240 = 230.
    assert certainty_equivalent(outcomes, None) == pytest.approx(230.0, abs=1e-12)
    assert expected_value(outcomes) == pytest.approx(230.0, abs=1e-12)


# -- competing offers ----------------------------------------------------------------------------------


def offers(*values: float, alternative: float = 100.0) -> batna.Result:
    return compute(Inputs(tuple(Offer(f"o{i}", v) for i, v in enumerate(values)), (sure("alt", alternative),)))


def summary(r: batna.Result) -> list[tuple[str, bool, float, float, str]]:
    return [(o.judged_against, o.judged_against_offer, o.walk_away_value, o.surplus, o.decision) for o in r.offers]


def test_each_offer_is_judged_against_the_alternatives_and_the_other_offers() -> None:
    # Sebenius (2017): a firm offer from one bidder is part of the walk-away against every other.
    # 120 and 110 against a sure 100: o0 beats max(100, 110) by 10; o1 falls 10 short of max(100, 120).
    assert summary(offers(120.0, 110.0)) == [("o1", True, 110.0, 10.0, "accept"), ("o0", True, 120.0, -10.0, "walk away")]
    # An offer below the alternative is never the walk-away: 120 against max(100, 90) = 100 (the alternative).
    assert summary(offers(120.0, 90.0)) == [("alt", False, 100.0, 20.0, "accept"), ("o0", True, 120.0, -30.0, "walk away")]
    # The best other offer, wherever it stands: o2 = 130 against max(100, 120, 110) = 120 (o0, the first of the others).
    assert summary(offers(120.0, 110.0, 130.0))[2] == ("o0", True, 120.0, 10.0, "accept")
    assert summary(offers(120.0, 110.0, 130.0))[1] == ("o2", True, 130.0, -20.0, "walk away")
    # One offer: only the alternatives.
    assert summary(offers(120.0)) == [("alt", False, 100.0, 20.0, "accept")]


def test_offer_ties() -> None:
    # Two offers of 110 against 100: each is judged against the other, surplus 0, both worth accepting.
    assert summary(offers(110.0, 110.0)) == [("o1", True, 110.0, 0.0, "accept"), ("o0", True, 110.0, 0.0, "accept")]
    # An offer tied with the alternative: the alternative is named (it comes first), surplus 0.
    assert summary(offers(120.0, 100.0))[0] == ("alt", False, 100.0, 20.0, "accept")
    # Three offers with the top two tied: the third is judged against the first of them.
    assert summary(offers(130.0, 130.0, 120.0))[2] == ("o0", True, 130.0, -10.0, "walk away")


# -- break-even ------------------------------------------------------------------------------------------


def break_even(value: float, *alternatives: Alternative, **kw: Any) -> float | None:
    return one(value, *alternatives, **kw).break_even[0].break_even_probability


def test_break_even_example() -> None:
    # BATNA: 1.5M with p, 0.9M with 1 - p, cost 40,000: 860,000 + 600,000 p; the other alternative is 1,050,000.
    # Harbor (1,180,000) stops being worth accepting when 860,000 + 600,000 p = 1,180,000, p = 320 / 600 = 0.5333.
    # Lakeside (980,000) is below Harbor's offer whatever p is: no break-even.
    harbor, lakeside = compute(EXAMPLE).break_even
    assert (harbor.offer, harbor.outcome, harbor.current_probability) == (
        "Harbor Corp's offer",
        "Wait for a strategic buyer \u203a outcome 1",
        0.5,
    )
    assert harbor.break_even_probability == pytest.approx(320 / 600, abs=1e-12)
    assert (lakeside.offer, lakeside.break_even_probability) == ("Lakeside's offer", None)


def test_break_even_when_the_best_outcome_is_certain() -> None:
    # The reproducer: 1,000 with probability 1 and 0 with probability 0, offer 500. The others (all at 0) share
    # the rest: walk-away = 1,000 p, which equals 500 at p = 0.5. It used to say "never".
    raw = {
        "offers": [{"name": "o", "value": 500}],
        "alternatives": [{"name": "a", "outcomes": [{"probability": 1, "value": 1000}, {"probability": 0, "value": 0}]}],
    }
    (b,) = compute(parse(Inputs, raw)).break_even
    assert (b.outcome, b.current_probability, b.break_even_probability) == ("a \u203a outcome 1", 1.0, 0.5)
    # Two others at 0 share the rest equally: 1,000 p + (1 - p) (0 + 200) / 2 = 100 + 900 p = 550 at p = 0.5.
    alt = Alternative("a", (Outcome(0.0, 0.0), Outcome(1.0, 1000.0), Outcome(0.0, 200.0)))
    b = one(550.0, alt).break_even[0]
    assert (b.outcome, b.break_even_probability) == ("a \u203a outcome 2", 0.5)


def test_break_even_other_outcomes_keep_their_shares() -> None:
    # 1,000 with 0.5; 0 with 0.3 and 500 with 0.2 keep their shares 0.6 and 0.4 of the rest:
    # walk-away = 1,000 p + (1 - p) (0.6 * 0 + 0.4 * 500) = 200 + 800 p = 600 at p = 0.5.
    alt = Alternative("a", (Outcome(0.3, 0.0), Outcome(0.5, 1000.0), Outcome(0.2, 500.0)))
    assert break_even(600.0, alt) == pytest.approx(0.5, abs=1e-15)
    # Probabilities adding up to 0.9999999 are shares of their sum: the best one's share now is 0.5.
    alt = Alternative("a", (Outcome(0.49999995, 0.0), Outcome(0.49999995, 1000.0)))
    assert one(0.0, alt).break_even[0].current_probability == 0.5


def test_break_even_with_cost_discounting_and_risk() -> None:
    # A year at 100%: the outcomes are halved; cost 100 paid now: walk-away = 0.5 * 1,000 p - 100 = 500 p - 100 = 150 at p = 0.5.
    alt = Alternative("a", (Outcome(0.5, 0.0), Outcome(0.5, 1000.0)), cost=100.0, delay_months=12.0)
    assert break_even(150.0, alt, annual_discount_rate=1.0) == pytest.approx(0.5, abs=1e-15)
    # 100 with p, else 0, R = 100 / ln 3: CE = -R ln(p / 3 + 1 - p) = 50 when 1 - 2p/3 = 3 ** -0.5,
    # p = 1.5 (1 - 1 / sqrt 3) = 0.6339746.
    gamble = Alternative("g", (Outcome(0.5, 100.0), Outcome(0.5, 0.0)))
    assert break_even(50.0, gamble, risk_tolerance=100 / math.log(3)) == pytest.approx(1.5 * (1 - 1 / math.sqrt(3)), abs=1e-14)


def test_break_even_edges() -> None:
    coin = Alternative("coin", (Outcome(0.5, 1000.0), Outcome(0.5, 0.0)))  # walk-away 1,000 p
    # The offer equals the walk-away at p = 0 (0): accepted only there, so the break-even is 0.
    assert break_even(0.0, coin) == 0.0
    # Below the walk-away at every p, or at or above it at every p (accept even at p = 1, a tie): no break-even.
    assert break_even(-0.01, coin) is None
    assert break_even(1000.0, coin) is None
    assert break_even(999.99, coin) == pytest.approx(0.99999, abs=1e-12)
    # Another alternative above the offer: walking away to it beats the offer whatever p is.
    assert break_even(500.0, coin, sure("other", 500.01)) is None
    # ... and one just at the offer's value does not: 1,000 p = 500 at p = 0.5.
    assert break_even(500.0, coin, sure("other", 500.0)) == 0.5
    # Another offer above it: no break-even; at its value: 0.5.
    r = compute(Inputs((Offer("o", 500.0), Offer("rival", 500.01)), (coin,)))
    assert [b.break_even_probability for b in r.break_even] == [None, pytest.approx(0.50001, abs=1e-12)]
    r = compute(Inputs((Offer("o", 500.0), Offer("rival", 500.0)), (coin,)))
    assert [b.break_even_probability for b in r.break_even] == [0.5, 0.5]
    # A BATNA with one outcome, or all outcomes alike, has no probability to move.
    assert break_even(5.0, sure("s", 10.0)) is None
    assert break_even(5.0, Alternative("flat", (Outcome(0.5, 10.0), Outcome(0.5, 10.0)))) is None


def test_break_even_moves_the_batna_not_the_first_alternative() -> None:
    # The second alternative is the BATNA (index 1): its best outcome is moved. walk-away = max(10, 1,000 p) = 500 at 0.5.
    r = one(500.0, sure("low", 10.0), Alternative("coin", (Outcome(0.5, 0.0), Outcome(0.5, 1000.0))))
    assert r.batna_index == 1
    assert (r.break_even[0].outcome, r.break_even[0].break_even_probability) == ("coin \u203a outcome 2", 0.5)


# -- the tornado ---------------------------------------------------------------------------------------------


def swing(r: batna.Result, label: str) -> Any:
    return next(s for s in r.sensitivity if s.input == label)


def test_tornado_hand_cases() -> None:
    r = compute(EXAMPLE)
    # The cost moved +-20% (32,000 / 48,000): the BATNA is 1,200,000 - cost, 1,168,000 and 1,152,000.
    cost = swing(r, "Wait for a strategic buyer \u203a Cost")
    assert (cost.low, cost.high, cost.flips_at_percent) == (1_168_000, 1_152_000, None)
    # Harbor's value moves no walk-away value, but its decision flips when cut by 20,000 / 1,180,000 = 1.695%.
    harbor = swing(r, "Harbor Corp's offer \u203a Value")
    assert (harbor.low, harbor.high) == (1_160_000, 1_160_000)
    assert harbor.flips_at_percent == pytest.approx(100 * 20_000 / 1_180_000, abs=1e-4)
    # Lakeside up 20% (1,176,000) is still below Harbor's 1,180,000: no flip.
    assert swing(r, "Lakeside's offer \u203a Value").flips_at_percent is None
    # Keep running's good outcome v: 0.7 v + 210,000 passes 1,160,000 (it becomes the BATNA) at v = 1,357,143, +13.095%,
    # before it passes Harbor's 1,180,000 at v = 1,385,714 (+15.476%): a change of BATNA is a change of decision.
    keep = swing(r, "Keep running the business \u203a Outcome 1 \u203a Value")
    assert keep.flips_at_percent == pytest.approx(100 * (950_000 / 0.7 / 1_200_000 - 1), abs=1e-4)
    # At +20% (1,440,000): 0.7 * 1,440,000 + 210,000 = 1,218,000.
    assert (keep.low, keep.high) == (1_160_000, pytest.approx(1_218_000))
    # Probabilities are never moved alone (they must add up to 1).
    assert not [s for s in r.sensitivity if "Probability" in s.input]


def test_tornado_moves_out_of_range_are_not_results() -> None:
    # A delay at the 1,200-month limit moved up 20% (1,440) is out of range: no result at that end.
    r = one(0.0, sure("far", 100.0, delay_months=1200.0), annual_discount_rate=0.1)
    delay = swing(r, "far \u203a Delay")
    assert delay.high is None and not delay.high_in_range
    # 100 / 1.1 ** 80 = 0.04864 at -20%.
    assert delay.low == pytest.approx(100 / 1.1**80, rel=1e-12)


# -- validation ----------------------------------------------------------------------------------------------

OK_ALT = {"name": "A", "outcomes": [{"probability": 1, "value": 1}]}
OK = {"offers": [{"name": "x", "value": 1}], "alternatives": [OK_ALT]}


def alt(**fields: Any) -> dict[str, Any]:
    return OK | {"alternatives": [OK_ALT | fields]}


def problems_of(raw: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(InputError) as info:
        parse(Inputs, raw)
    return {p.where: p.message for p in info.value.problems}


@pytest.mark.parametrize(
    ("raw", "where", "words"),
    [
        ({"alternatives": [OK_ALT]}, "offers", "Offers is required."),
        ({"offers": OK["offers"]}, "alternatives", "Alternatives is required."),
        (OK | {"offers": []}, "offers", "at least one"),
        (OK | {"alternatives": []}, "alternatives", "at least one"),
        (OK | {"offers": [{"name": f"o{i}", "value": 1} for i in range(51)]}, "offers", "at most 50"),
        (alt(outcomes=[]), "alternatives[0].outcomes", "at least one"),
        (alt(outcomes=[{"probability": 1.0000001, "value": 1}]), "alternatives[0].outcomes[0].probability", "between 0 and 1"),
        (alt(outcomes=[{"probability": -1e-9, "value": 1}]), "alternatives[0].outcomes[0].probability", "between 0 and 1"),
        (
            alt(outcomes=[{"probability": 0.5, "value": 1}]),
            "alternatives[0].outcomes",
            "The probabilities of the outcomes of 'A' add up to 0.5; they must add up to 1.",
        ),
        (
            alt(outcomes=[{"probability": 0.5, "value": 1}, {"probability": 0.5000011, "value": 2}]),
            "alternatives[0].outcomes",
            "add up to 1.0000011;",
        ),
        (
            alt(outcomes=[{"probability": 0.5, "value": 1}, {"probability": 0.4999989, "value": 2}]),
            "alternatives[0].outcomes",
            "add up to 0.9999989;",
        ),
        (alt(outcomes=[{"probability": 0.1234567891234, "value": 1}]), "alternatives[0].outcomes", "add up to 0.123456789;"),
        (alt(cost=-0.01), "alternatives[0].cost", "between 0 and 1,000,000,000,000,000"),
        (alt(cost=1.0000001e15), "alternatives[0].cost", "between 0 and 1,000,000,000,000,000"),
        (alt(delay_months=-1e-9), "alternatives[0].delay_months", "between 0 and 1,200"),
        (alt(delay_months=1200.000001), "alternatives[0].delay_months", "between 0 and 1,200"),
        (OK | {"annual_discount_rate": -1e-9}, "annual_discount_rate", "between 0 and 10"),
        (OK | {"annual_discount_rate": 10.000001}, "annual_discount_rate", "between 0 and 10"),
        (OK | {"risk_tolerance": 0}, "risk_tolerance", "above 0"),
        (OK | {"risk_tolerance": -1}, "risk_tolerance", "above 0"),
        (OK | {"risk_tolerance": 1.0000001e15}, "risk_tolerance", "at most 1,000,000,000,000,000"),
        (OK | {"risk_tolerance": "high"}, "risk_tolerance", "must be a number"),
        (OK | {"sensitivity_percent": 0}, "sensitivity_percent", "above 0"),
        (OK | {"sensitivity_percent": 100.1}, "sensitivity_percent", "at most 100"),
        (
            OK | {"offers": [{"name": "x", "value": 1.0000001e15}]},
            "offers[0].value",
            "and 1,000,000,000,000,000, not 1.0000001e+15",
        ),
        (OK | {"offers": [{"name": "x", "value": -1.0000001e15}]}, "offers[0].value", "between -1,000,000,000,000,000"),
        (alt(outcomes=[{"probability": 1, "value": 10**400}]), "alternatives[0].outcomes[0].value", "far too large"),
        (OK | {"offers": [{"name": "x", "value": float("nan")}]}, "offers[0].value", "finite"),
        (OK | {"offers": [{"name": "x" * 81, "value": 1}]}, "offers[0].name", "at most 80 characters"),
        (alt(name="y" * 81), "alternatives[0].name", "at most 80 characters"),
        (OK | {"offers": [{"name": 3, "value": 1}]}, "offers[0].name", "must be text"),
        (OK | {"offers": [{"value": True}]}, "offers[0].value", "must be a number"),
        (OK | {"offers": {"value": 1}}, "offers", "must be a list"),
        (OK | {"bogus": 1}, "bogus", "Unknown field"),
        (OK | {"offers": [{"name": "x", "value": 1, "colour": "red"}]}, "offers[0].colour", "Unknown field"),
        (
            OK | {"offers": [{"name": "Harbor", "value": 1}, {"name": "Lake", "value": 2}, {"name": "Harbor", "value": 3}]},
            "offers",
            "Two offers are called 'Harbor'; give each its own name, so that the results can tell them apart.",
        ),
        (
            OK | {"alternatives": [OK_ALT, OK_ALT]},
            "alternatives",
            "Two alternatives are called 'A'; give each its own name, so that the results can tell them apart.",
        ),
        (
            OK | {"offers": [{"name": " ", "value": 1}, {"name": "", "value": 2}]},
            "offers",
            "Two offers have no name; give each its own name, so that the results can tell them apart.",
        ),
    ],
)
def test_bad_inputs_name_the_field(raw: dict[str, Any], where: str, words: str) -> None:
    messages = problems_of(raw)
    assert where in messages, messages
    assert words in messages[where]


def test_duplicate_names_in_both_lists_are_both_reported() -> None:
    raw = {"offers": [{"name": "x", "value": 1}, {"name": "x", "value": 2}], "alternatives": [OK_ALT, OK_ALT]}
    assert sorted(problems_of(raw)) == ["alternatives", "offers"]


@pytest.mark.parametrize(
    "raw",
    [
        alt(outcomes=[{"probability": 1, "value": 1}]),
        alt(outcomes=[{"probability": 0, "value": 5}, {"probability": 1, "value": 1}]),
        alt(outcomes=[{"probability": 0.5, "value": 1}, {"probability": 0.5000009, "value": 2}]),  # 1 + 9e-7: inside
        alt(outcomes=[{"probability": 0.5, "value": 1}, {"probability": 0.4999991, "value": 2}]),  # 1 - 9e-7: inside
        alt(outcomes=[{"probability": 0.3333333, "value": v} for v in (1, 2, 3)]),  # 0.9999999
        alt(cost=0),
        alt(cost=1e15),
        alt(delay_months=0),
        alt(delay_months=1200),
        OK | {"annual_discount_rate": 0},
        OK | {"annual_discount_rate": 10},
        OK | {"risk_tolerance": 5e-324},
        OK | {"risk_tolerance": 1e15},
        OK | {"risk_tolerance": None},
        OK | {"sensitivity_percent": 1e-9},
        OK | {"sensitivity_percent": 100},
        OK | {"offers": [{"name": "x", "value": 1e15}]},
        OK | {"offers": [{"name": "x", "value": -1e15}]},
        OK | {"offers": [{"name": "x" * 80, "value": 1}]},
        OK | {"offers": [{"name": f"o{i}", "value": 1} for i in range(50)]},
        OK | {"offers": [{"name": "Harbor", "value": 1}, {"name": "harbor", "value": 1}]},  # different names
        OK | {"offers": [{"name": "", "value": 1}]},  # one nameless offer is not a clash
        {"offers": [{"name": "A", "value": 1}], "alternatives": [OK_ALT]},  # an offer may share a name with an alternative
    ],
)
def test_good_inputs_just_pass(raw: dict[str, Any]) -> None:
    inputs = parse(Inputs, raw)
    assert finite_everywhere(to_json(compute(inputs)))


def test_record_defaults_fill_a_new_row() -> None:
    inputs = parse(Inputs, {"offers": [{}], "alternatives": [{}]})
    assert inputs.offers == (Offer("Offer", 0.0),)
    assert inputs.alternatives == (Alternative("Alternative", (Outcome(1.0, 0.0),), 0.0, 0.0),)


# -- extreme inputs stay finite ----------------------------------------------------------------------------

EXTREME_ALTERNATIVES = [
    Alternative("money", (Outcome(0.5, 1e15), Outcome(0.5, -1e15)), cost=1e15, delay_months=1200.0),
    Alternative("tiny p", (Outcome(1e-300, -1e15), Outcome(1.0, 1e15))),
    Alternative("subnormal p", (Outcome(5e-324, -1e15), Outcome(1.0, 1e15)), cost=1e15),
    Alternative("certain", (Outcome(1.0, 1e15), Outcome(0.0, -1e15))),
    Alternative("sure", (Outcome(1.0, -1e15),), delay_months=1e-320),
]


@pytest.mark.parametrize("risk_tolerance", [None, 5e-324, 1e-320, 1e-300, 1.0, 1e15])
@pytest.mark.parametrize("rate", [0.0, 1e-320, 10.0])
def test_extreme_inputs_give_finite_results(risk_tolerance: float | None, rate: float) -> None:
    inputs = Inputs(
        (Offer("top", 1e15), Offer("bottom", -1e15), Offer("tiny", 5e-324)),
        tuple(EXTREME_ALTERNATIVES),
        annual_discount_rate=rate,
        risk_tolerance=risk_tolerance,
        sensitivity_percent=100.0,
    )
    r = compute(inputs)
    assert finite_everywhere(to_json(r))
    present(inputs, r)
    # 1e15 at 1,000% a year for 100 years: 1e15 / 11 ** 100 = 7.3e-90, finite and positive; -1e15 cost on top.
    if rate == 10.0 and risk_tolerance is None:
        assert r.alternatives[0].present_value == pytest.approx(-1e15, rel=1e-15)
    # A tiny R values a gamble at its worst outcome (plus R ln(1/p) for that outcome): "tiny p" is worth -1e15 + R * 690.8.
    if risk_tolerance == 1.0:
        assert r.alternatives[1].certainty_equivalent == pytest.approx(-1e15 + 300 * math.log(10), rel=1e-15)


def test_discount_factor_at_the_limits() -> None:
    # (1 + 10) ** (1,200 / 12) = 11 ** 100 = 1.378e104: the factor is its inverse, 7.2566e-105.
    assert discount_factor(10.0, 1200.0) == pytest.approx(11.0**-100, rel=1e-12)
    assert discount_factor(1e-320, 1200.0) == 1.0


# -- the presenter ---------------------------------------------------------------------------------------------


def blocks_of(inputs: Inputs) -> list[Any]:
    return present(inputs, compute(inputs))


def test_present_example() -> None:
    blocks = blocks_of(EXAMPLE)
    assert blocks[0] == Summary(
        (
            ("Your best alternative to every deal", "Wait for a strategic buyer"),
            ("What no deal is worth", "1,160,000"),
            ("Best move", "Accept Harbor Corp's offer"),
        )
    )
    offers_table = blocks[1]
    assert offers_table.caption == "Offers on the table, each against the best you could do without it"
    assert offers_table.columns == ("Offer", "Value", "Best without it", "Its value", "Surplus", "Decision")
    assert offers_table.rows == (
        (
            "Harbor Corp's offer",
            "1,180,000",
            "Wait for a strategic buyer (your best alternative)",
            "1,160,000",
            "20,000",
            "accept",
        ),
        ("Lakeside's offer", "980,000", "Harbor Corp's offer (another offer)", "1,180,000", "\u2212200,000", "walk away"),
    )
    assert (offers_table.numeric, offers_table.tones) == ((1, 3, 4), ("good", "bad"))
    alternatives_table = blocks[2]
    assert alternatives_table.caption == "Your alternatives, rolled back to one number each (after the cost)"
    assert alternatives_table.columns == ("Alternative", "Expected value", "Certainty equivalent", "Present value")
    assert alternatives_table.rows == (
        ("Wait for a strategic buyer", "1,160,000", "1,160,000", "1,160,000"),
        ("Keep running the business", "1,050,000", "1,050,000", "1,050,000"),
    )
    assert (alternatives_table.numeric, alternatives_table.tones) == ((1, 2, 3), ("good", ""))
    assert blocks[3] == Note(
        "Each offer is judged against the best of your alternatives and the other offers: a firm offer from one "
        "bidder is what you fall back on in talks with every other one (Sebenius 2017)."
    )
    chart = blocks[4]
    assert isinstance(chart, BarChart)
    assert chart.title == "Offers and alternatives against what no deal is worth"
    assert chart.description == (
        "Each offer's value and each alternative's present value, with a line at your BATNA's value: offers to the left "
        "of the line are worse than walking away; of those to its right, the highest is the one to take."
    )
    assert chart.categories == (
        "Offer: Harbor Corp's offer",
        "Offer: Lakeside's offer",
        "Alternative: Wait for a strategic buyer",
        "Alternative: Keep running the business",
    )
    assert chart.series == (("Value to you", (1_180_000, 980_000, 1_160_000, 1_050_000)),)
    assert [(m.label, m.axis, m.value) for m in chart.markers] == [("No deal", "x", 1_160_000)]
    tornado_table = next(b for b in blocks if isinstance(b, Table) and b.caption.startswith("Sensitivity"))
    assert tornado_table.columns == ("Input", "Now", "Value of no deal at \u221220%", "at +20%", "Decision changes?")
    break_even_table = blocks[-2]
    assert break_even_table.caption == (
        "Break-even: the probability of your BATNA's best outcome up to which each offer is worth accepting "
        "(the other outcomes keep their shares of the rest)"
    )
    assert break_even_table.columns == ("Offer", "Best outcome", "Its probability now", "Break-even probability")
    assert break_even_table.rows == (
        ("Harbor Corp's offer", "Wait for a strategic buyer \u203a outcome 1", "50.0%", "53.3%"),
        ("Lakeside's offer", "Wait for a strategic buyer \u203a outcome 1", "50.0%", "never: walk away from 0% to 100%"),
    )
    assert break_even_table.numeric == (2, 3)
    assert blocks[-1] == Note(
        "Risk-neutral: each certainty equivalent equals the expected value. Set a risk tolerance to count the downside."
    )


def test_present_when_every_offer_loses() -> None:
    inputs = Inputs((Offer("low", 50.0),), (sure("alt", 100.0),), risk_tolerance=1000.0)
    blocks = blocks_of(inputs)
    assert blocks[0].items[0] == ("Your best alternative to every deal", "alt")
    assert blocks[0].items[2] == ("Best move", "Walk away: no offer beats your best alternative")
    assert blocks[1].rows == (("low", "50", "alt (your best alternative)", "100", "\u221250", "walk away"),)
    assert blocks[1].tones == ("bad",)
    # One offer: no note about offers against each other; a risk tolerance: no risk-neutral note.
    assert not [b for b in blocks if isinstance(b, Note)]
    assert blocks[-1].rows == (("low", "alt \u203a outcome 1", "100.0%", "never: walk away from 0% to 100%"),)


def test_present_ties_and_the_second_alternative() -> None:
    inputs = Inputs((Offer("a", 110.0), Offer("b", 110.0), Offer("c", 10.0)), (sure("x", 1.0), sure("y", 100.0)))
    blocks = blocks_of(inputs)
    assert blocks[0].items[2] == ("Best move", "Accept a")
    assert blocks[1].tones == ("good", "good", "bad")
    assert blocks[2].tones == ("", "good")
    notes = [b.text for b in blocks if isinstance(b, Note)]
    assert (
        notes[0]
        == "These offers are worth the same to you, and at least as much as your best alternative: a, b. Any of them will do."
    )
    assert blocks[-2].rows[0][3] == "never: accept from 0% to 100%"


# -- properties ----------------------------------------------------------------------------------------------

values = st.floats(min_value=-1e7, max_value=1e7, allow_nan=False)
weights = st.lists(st.integers(min_value=0, max_value=10), min_size=1, max_size=6).filter(lambda w: sum(w) > 0)


@settings(max_examples=150, deadline=None)
@given(weights, st.data(), st.floats(min_value=1.0, max_value=1e9))
def test_certainty_equivalent_lies_between_worst_and_expected(ws: list[int], data: st.DataObject, r: float) -> None:
    vs = data.draw(st.lists(values, min_size=len(ws), max_size=len(ws)))
    total = sum(ws)
    outcomes = tuple(Outcome(w / total, v) for w, v in zip(ws, vs, strict=True))
    live = [o.value for o in outcomes if o.probability > 0]
    ev = certainty_equivalent(outcomes, None)
    ce = certainty_equivalent(outcomes, r)
    slack = 1e-9 * max(1.0, max(abs(v) for v in live))
    assert min(live) - slack <= ce <= ev + slack  # risk aversion never makes a gamble worth more than its mean
    assert ce <= certainty_equivalent(outcomes, r * 2) + slack  # more tolerance, higher CE


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=1, max_size=5),
    st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=1, max_size=4),
)
def test_at_most_the_best_offer_is_accepted(pvs: list[float], offer_values: list[float]) -> None:
    alts = tuple(sure(f"a{i}", v) for i, v in enumerate(pvs))
    r = compute(Inputs(tuple(Offer(f"o{i}", v) for i, v in enumerate(offer_values)), alts))
    assert r.walk_away_value == max(pvs)
    assert r.batna_index == pvs.index(max(pvs))
    for i, o in enumerate(r.offers):
        others = offer_values[:i] + offer_values[i + 1 :]
        assert o.walk_away_value == max([max(pvs), *others])
        assert o.decision == ("accept" if o.value >= o.walk_away_value else "walk away")
    assert [o.decision for o in r.offers].count("accept") == (
        offer_values.count(max(offer_values)) if max(offer_values) >= max(pvs) else 0
    )


def test_docstring_example() -> None:
    import doctest

    failures, _ = doctest.testmod(batna)
    assert failures == 0


# -- mutation-testing kills (mutmut survivors) ---------------------------------------------------------------------


def test_certainty_equivalent_exactly_at_the_switch_to_log_space() -> None:
    # 0 with q = 0.25 and x = fl(ln 3) = ln 3 + d (d = 9.07e-17) with q = 0.75, R = 1: the near-1 sum is
    # 0.75 * expm1(-x) = 0.75 * fl(-2/3), which rounds to exactly -0.5, so the log-sum-exp form serves (the log1p
    # form only while the sum is above -0.5). Exactly, CE = -ln(0.25 + 0.75 e^-x) = -ln(0.5 - 0.25 d) = ln 2 + d / 2
    # = 0.69314718055994535477..., whose nearest double is the one just above fl(ln 2); the log1p form would
    # give -ln(1 - 0.5) = fl(ln 2), one ulp low.
    x = math.log(3.0)
    assert 0.75 * math.expm1(-x) == -0.5
    ce = certainty_equivalent((Outcome(0.25, 0.0), Outcome(0.75, x)), 1.0)
    assert ce == math.nextafter(math.log(2.0), 1.0) == 0.6931471805599454


def test_break_even_resolves_to_the_last_bisection_step() -> None:
    # Walk-away = 1,000 p (a coin on 1,000 or 0). An offer of 1,000 * 1.5 * 2**-64 breaks even at p* = 1.5 * 2**-64.
    # Bisection on [0, 1] over BREAK_EVEN_STEPS = 64 halvings leaves [2**-64, 2**-63]: the answer is 2**-64, the
    # last probability still at or below the offer (one halving fewer would leave 0).
    assert batna.BREAK_EVEN_STEPS == 64
    coin = Alternative("coin", (Outcome(0.5, 1000.0), Outcome(0.5, 0.0)))
    assert break_even(1000.0 * 1.5 * 2.0**-64, coin) == 2.0**-64


def test_present_draws_the_tornado_around_the_walk_away_value() -> None:
    # The tornado's vertical line is the value of no deal now: 0.5 * 1.5M + 0.5 * 0.9M - 40,000 = 1,160,000.
    r = compute(EXAMPLE)
    (tornado,) = [b for b in present(EXAMPLE, r) if isinstance(b, Tornado)]
    assert tornado.base == r.walk_away_value == 1_160_000.0
