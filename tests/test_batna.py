"""The BATNA model: hand-worked cases (arithmetic in the comments) and properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculators import batna
from calculators.batna import Alternative, Inputs, Offer, Outcome, certainty_equivalent, compute
from calculators.fields import InputError, defaults, parse


def test_default_example_risk_neutral() -> None:
    r = compute(Inputs())
    # Wait for a strategic buyer: 0.5 * 1,500,000 + 0.5 * 900,000 - 40,000 = 750,000 + 450,000 - 40,000 = 1,160,000.
    # Keep running the business: 0.7 * 1,200,000 + 0.3 * 700,000 = 840,000 + 210,000 = 1,050,000.
    # No discounting (rate 0), risk-neutral: CE = PV = EV.
    assert [a.expected_value for a in r.alternatives] == [1_160_000, 1_050_000]
    assert [a.certainty_equivalent for a in r.alternatives] == [1_160_000, 1_050_000]
    assert [a.present_value for a in r.alternatives] == [1_160_000, 1_050_000]
    assert r.batna == "Wait for a strategic buyer"
    assert r.walk_away_value == 1_160_000
    # Harbor: 1,180,000 - 1,160,000 = 20,000 >= 0, accept. Lakeside: 980,000 - 1,160,000 = -180,000, walk away.
    assert [(o.surplus, o.decision) for o in r.offers] == [(20_000, "accept"), (-180_000, "walk away")]


def test_cost_counts_on_every_branch() -> None:
    # 0.4 * 1,000 + 0.6 * 0 - 100 = 300: the cost is paid whether or not the alternative succeeds,
    # not 0.4 * (1,000 - 100) = 360.
    alt = Alternative("Tender", (Outcome(0.4, 1000.0), Outcome(0.6, 0.0)), cost=100.0)
    r = compute(Inputs(offers=(Offer("x", 0.0),), alternatives=(alt,)))
    assert r.alternatives[0].expected_value == pytest.approx(300.0)


def test_discounting_by_delay() -> None:
    # 21% a year: 6 months -> 1.21 ** 0.5 = 1.1, so 110,000 / 1.1 = 100,000.
    # 24 months -> 1.21 ** 2 = 1.4641, so 146,410 / 1.4641 = 100,000.
    alts = (
        Alternative("half a year", (Outcome(1.0, 110_000.0),), delay_months=6),
        Alternative("two years", (Outcome(1.0, 146_410.0),), delay_months=24),
    )
    r = compute(Inputs(offers=(Offer("x", 100_000.0),), alternatives=alts, annual_discount_rate=0.21))
    assert r.alternatives[0].present_value == pytest.approx(100_000.0, rel=1e-12)
    assert r.alternatives[1].present_value == pytest.approx(100_000.0, rel=1e-12)


def test_ties_go_to_the_first_alternative_and_equal_offers_are_accepted() -> None:
    # Both alternatives are worth exactly 500; the first is the BATNA. An offer of 500 has surplus 0: accept.
    alts = (Alternative("first", (Outcome(1.0, 500.0),)), Alternative("second", (Outcome(0.5, 0.0), Outcome(0.5, 1000.0))))
    r = compute(Inputs(offers=(Offer("equal", 500.0), Offer("less", 499.99)), alternatives=alts))
    assert r.batna == "first"
    assert [(o.surplus, o.decision) for o in r.offers] == [(0.0, "accept"), (pytest.approx(-0.01), "walk away")]


def test_certainty_equivalent_hand_case() -> None:
    # 50-50 between 0 and 100 with R = 100 / ln 3, so exp(-100 / R) = 1/3:
    # E[exp(-X/R)] = 0.5 * 1 + 0.5 * 1/3 = 2/3, CE = -R * ln(2/3) = 100 * ln(1.5) / ln(3) = 36.9070...
    R = 100 / math.log(3)
    ce = certainty_equivalent((Outcome(0.5, 0.0), Outcome(0.5, 100.0)), R)
    assert ce == pytest.approx(100 * math.log(1.5) / math.log(3), rel=1e-12)
    assert ce == pytest.approx(36.907024642854256)
    # With a cost of 10, the alternative's CE is 26.907...
    alt = Alternative("gamble", (Outcome(0.5, 0.0), Outcome(0.5, 100.0)), cost=10.0)
    r = compute(Inputs(offers=(Offer("x", 0.0),), alternatives=(alt,), risk_tolerance=R))
    assert r.alternatives[0].certainty_equivalent == pytest.approx(26.907024642854256)
    assert r.alternatives[0].expected_value == pytest.approx(40.0)


def test_certainty_equivalent_does_not_overflow() -> None:
    # exp(-v / R) with v = 1e9 and R = 1 underflows to 0 in a naive formula (log(0) fails).
    # Shifted by the worst outcome: CE = 1e9 - ln(0.5 + 0.5 * exp(-1e9)) = 1e9 + ln 2.
    ce = certainty_equivalent((Outcome(0.5, 1e9), Outcome(0.5, 2e9)), 1.0)
    assert ce == pytest.approx(1e9 + math.log(2), abs=1e-6)
    # exp(1e6) overflows a naive formula. CE = -1e6 - ln(0.5 + 0.5 * exp(-1e6)) = -1e6 + ln 2.
    ce = certainty_equivalent((Outcome(0.5, -1e6), Outcome(0.5, 0.0)), 1.0)
    assert ce == pytest.approx(-1e6 + math.log(2), abs=1e-9)


def test_certainty_equivalent_keeps_precision_for_large_tolerance() -> None:
    # For large R, CE ~ EV - Var / (2R) = 50 - 2,500 / (2 * 1e12) = 50 - 1.25e-9: still below 50, not rounded to it.
    ce = certainty_equivalent((Outcome(0.5, 0.0), Outcome(0.5, 100.0)), 1e12)
    assert ce < 50.0
    assert 50.0 - ce == pytest.approx(1.25e-9, rel=1e-3)


def test_zero_probability_outcomes_are_skipped() -> None:
    # A p = 0 outcome of -1e300 would dominate exp(-v/R) and overflow; it is skipped, so CE = 100.
    ce = certainty_equivalent((Outcome(0.0, -1e300), Outcome(1.0, 100.0)), 1.0)
    assert ce == pytest.approx(100.0)


def test_risk_neutral_equals_expected_value() -> None:
    outcomes = (Outcome(0.2, -50.0), Outcome(0.8, 300.0))
    # 0.2 * -50 + 0.8 * 300 = -10 + 240 = 230.
    assert certainty_equivalent(outcomes, None) == pytest.approx(230.0)


def test_defaults_parse_to_the_default_inputs() -> None:
    assert parse(Inputs, defaults(Inputs)) == Inputs()
    assert parse(Inputs, {}) == Inputs()


@pytest.mark.parametrize(
    ("raw", "where", "words"),
    [
        ({"offers": []}, "offers", "at least one"),
        ({"alternatives": [{"outcomes": []}]}, "alternatives[0].outcomes", "at least one"),
        (
            {"alternatives": [{"outcomes": [{"probability": 1.2, "value": 1}]}]},
            "alternatives[0].outcomes[0].probability",
            "between 0 and 1",
        ),
        (
            {"alternatives": [{"outcomes": [{"probability": -0.1, "value": 1}]}]},
            "alternatives[0].outcomes[0].probability",
            "between 0 and 1",
        ),
        (
            {"alternatives": [{"name": "A", "outcomes": [{"probability": 0.5, "value": 1}]}]},
            "alternatives[0].outcomes",
            "add up to 0.5",
        ),
        ({"alternatives": [{"cost": -1, "outcomes": [{"probability": 1, "value": 1}]}]}, "alternatives[0].cost", "at least 0"),
        (
            {"alternatives": [{"delay_months": -3, "outcomes": [{"probability": 1, "value": 1}]}]},
            "alternatives[0].delay_months",
            "at least 0",
        ),
        ({"annual_discount_rate": -0.1}, "annual_discount_rate", "at least 0"),
        ({"risk_tolerance": 0}, "risk_tolerance", "greater than 0"),
        ({"risk_tolerance": "high"}, "risk_tolerance", "must be a number"),
        ({"offers": [{"name": "x", "value": float("nan")}]}, "offers[0].value", "finite"),
        ({"offers": [{"name": "x", "value": float("inf")}]}, "offers[0].value", "finite"),
        ({"offers": [{"name": 3, "value": 1}]}, "offers[0].name", "must be text"),
        ({"offers": [{"value": True}]}, "offers[0].value", "must be a number"),
        ({"offers": {"value": 1}}, "offers", "must be a list"),
        ({"bogus": 1}, "bogus", "Unknown field"),
        ({"offers": [{"name": "x", "value": 1, "colour": "red"}]}, "offers[0].colour", "Unknown field"),
    ],
)
def test_bad_inputs_name_the_field(raw: dict[str, object], where: str, words: str) -> None:
    with pytest.raises(InputError) as info:
        parse(Inputs, raw)
    messages = {p.where: p.message for p in info.value.problems}
    assert where in messages, messages
    assert words in messages[where]


def test_probabilities_within_tolerance_are_accepted() -> None:
    # 0.3333333 * 3 = 0.9999999, 1e-7 away from 1: inside the 1e-6 tolerance.
    raw = {"alternatives": [{"outcomes": [{"probability": 0.3333333, "value": v} for v in (1, 2, 3)]}]}
    assert parse(Inputs, raw).alternatives[0].outcomes[2].value == 3


values = st.floats(min_value=-1e7, max_value=1e7, allow_nan=False)
probabilities = st.lists(st.integers(min_value=0, max_value=10), min_size=1, max_size=6).filter(lambda w: sum(w) > 0)


@given(probabilities, st.data(), st.floats(min_value=1.0, max_value=1e9))
def test_certainty_equivalent_lies_between_worst_and_expected(weights: list[int], data: st.DataObject, r: float) -> None:
    vs = data.draw(st.lists(values, min_size=len(weights), max_size=len(weights)))
    total = sum(weights)
    outcomes = tuple(Outcome(w / total, v) for w, v in zip(weights, vs, strict=True))
    live = [o.value for o in outcomes if o.probability > 0]
    ev = certainty_equivalent(outcomes, None)
    ce = certainty_equivalent(outcomes, r)
    slack = 1e-9 * max(1.0, max(abs(v) for v in live))
    assert min(live) - slack <= ce <= ev + slack  # risk aversion never makes a gamble worth more than its mean
    assert ce <= certainty_equivalent(outcomes, r * 2) + slack  # more tolerance, higher CE


@given(st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=1, max_size=5))
def test_batna_is_the_best_alternative_and_decisions_follow_surplus(pvs: list[float]) -> None:
    alts = tuple(Alternative(f"a{i}", (Outcome(1.0, v),)) for i, v in enumerate(pvs))
    offers = (Offer("o", 0.0),)
    r = compute(Inputs(offers=offers, alternatives=alts))
    assert r.walk_away_value == max(pvs)
    assert r.batna == f"a{pvs.index(max(pvs))}"
    assert r.offers[0].decision == ("accept" if 0.0 - max(pvs) >= 0 else "walk away")


def test_docstring_example() -> None:
    import doctest

    failures, _ = doctest.testmod(batna)
    assert failures == 0
