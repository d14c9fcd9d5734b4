"""jv-postmortem: every plan (walk away now, close now, go back k times), folded back from the last trip, hand-worked.

The model (calculators/jv_postmortem.py docstring): EV_k = B + S_k (D_k - B); V_n = max(D_n, B);
before trip k: stop_k = max(D_(k-1), B), reopen_k = B + (1 - p_k)(V_k - B), V_(k-1) = max(stop_k, reopen_k);
threshold t_k = (V_k - stop_k) / (V_k - B), 0 when V_k = B. Rolling back a decision tree: Raiffa, Decision Analysis (1968).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.charts import BarChart, Marker
from calculators.fields import InputError, parse
from calculators.jv_postmortem import EXAMPLE, Inputs, Result, Round, compute, present
from calculators.render import Note, Summary, Table

M = 1_000_000


def run(d0: float, b: float, *trips: tuple[float, float]) -> Result:
    return compute(Inputs(deal_value=d0, walk_away_value=b, rounds=tuple(Round(g, p) for g, p in trips)))


# -- the model, one branch at a time ---------------------------------------------------------------------


def test_essay_story_first_trip_pays_second_does_not() -> None:
    # D0 = 10M, B = 4M. D1 = 11.5M, D2 = 12.5M.
    # EV1 = 4M + 0.9 * (11.5M - 4M) = 4M + 6.75M = 10.75M; S2 = 0.9 * 0.6 = 0.54: EV2 = 4M + 0.54 * 8.5M = 8.59M.
    # Folding back: V2 = max(12.5M, 4M) = 12.5M. Trip 2: stop = max(11.5M, 4M) = 11.5M,
    # reopen = 4M + 0.6 * 8.5M = 9.1M < 11.5M: stop; t2 = (12.5 - 11.5) / (12.5 - 4) = 1/8.5. V1 = 11.5M.
    # Trip 1: stop = 10M, reopen = 4M + 0.9 * 7.5M = 10.75M > 10M: go; t1 = (11.5 - 10) / (11.5 - 4) = 0.2. V0 = 10.75M.
    r = compute(EXAMPLE)
    assert r.deal_values == (10 * M, 11.5 * M, 12.5 * M)
    assert r.expected_values == pytest.approx((10 * M, 10.75 * M, 8.59 * M), rel=1e-12)
    assert (r.best_rounds, r.walk_away) == (1, False)
    assert r.best_value == pytest.approx(10.75 * M, rel=1e-12)
    assert r.reopen_thresholds == pytest.approx((0.2, 1 / 8.5), rel=1e-12)
    assert r.reopen_values == pytest.approx((10.75 * M, 9.1 * M), rel=1e-12)
    assert r.stop_values == (10 * M, 11.5 * M)


def test_a_deal_worth_less_than_walking_away_means_walk_away_now() -> None:
    # The reproducer. D0 = 1M, B = 4M, trip: +0.5M, walk 50%.
    # Old answer: EV1 = 4M + 0.5 * (1.5M - 4M) = 2.75M > EV0 = 1M, so "go back 1 time, then close".
    # But walking away now is worth B = 4M, more than either. Folding back: V1 = max(1.5M, 4M) = 4M = B,
    # reopen = 4M + 0.5 * 0 = 4M, stop = max(1M, 4M) = 4M: no strict gain, stop and walk; threshold 0 (V1 = B).
    r = run(1 * M, 4 * M, (0.5 * M, 0.5))
    assert r.expected_values == (1 * M, 2.75 * M)
    assert (r.best_rounds, r.walk_away, r.best_value) == (0, True, 4 * M)
    assert r.reopen_thresholds == (0.0,)
    assert (r.reopen_values, r.stop_values) == ((4 * M,), (4 * M,))


def test_a_trip_that_lifts_a_poor_deal_above_walking_away_is_worth_any_chance_below_certainty() -> None:
    # D0 = 1, B = 4, trip +5 with walk 50%: D1 = 6, V1 = 6. reopen = 4 + 0.5 * (6 - 4) = 5 > stop = max(1, 4) = 4: go.
    # t1 = (6 - 4) / (6 - 4) = 1: with walking away as the fallback, nothing is at risk.
    r = run(1, 4, (5, 0.5))
    assert (r.best_rounds, r.walk_away, r.best_value) == (1, False, 5)
    assert r.reopen_thresholds == (1.0,)


def test_close_now_when_the_first_trip_costs_more_than_it_brings() -> None:
    # D0 = 10, B = 4, trip +1 with walk 50%: EV1 = 4 + 0.5 * 7 = 7.5 < 10. reopen = 7.5 < stop = 10: close now.
    # t1 = (11 - 10) / (11 - 4) = 1/7.
    r = run(10, 4, (1, 0.5))
    assert (r.best_rounds, r.walk_away, r.best_value) == (0, False, 10)
    assert r.expected_values == (10, 7.5)
    assert r.reopen_thresholds == pytest.approx((1 / 7,), rel=1e-12)


def test_thresholds_look_ahead_to_later_trips() -> None:
    # D0 = 10, B = 4; trip 1: +0.5, walk 10%; trip 2: +5, walk 10%. D = 10, 10.5, 15.5.
    # The one-step rule for trip 1 is 0.5 / (10 - 4 + 0.5) = 0.0769 < 10%: "stop", yet the best plan goes twice:
    # EV0 = 10, EV1 = 4 + 0.9 * 6.5 = 9.85, EV2 = 4 + 0.81 * 11.5 = 13.315.
    # Folding back: V2 = 15.5; trip 2: reopen = 4 + 0.9 * 11.5 = 14.35 > stop 10.5, t2 = (15.5 - 10.5) / 11.5 = 5/11.5.
    # V1 = 14.35; trip 1: reopen = 4 + 0.9 * 10.35 = 13.315 > 10, t1 = (14.35 - 10) / (14.35 - 4) = 4.35 / 10.35.
    r = run(10, 4, (0.5, 0.1), (5, 0.1))
    assert r.best_rounds == 2 and not r.walk_away
    assert r.best_value == pytest.approx(13.315, rel=1e-12)
    assert r.expected_values[2] == pytest.approx(13.315, rel=1e-12)
    assert r.reopen_thresholds == pytest.approx((4.35 / 10.35, 5 / 11.5), rel=1e-12)
    assert r.reopen_thresholds[0] > 0.1  # agrees with the plan: trip 1 pays
    assert r.reopen_values == pytest.approx((13.315, 14.35), rel=1e-12)
    assert r.stop_values == (10, 10.5)


def test_a_risky_first_trip_stops_the_plan_even_if_a_later_one_would_pay() -> None:
    # D0 = 10, B = 4; trip 1: +0, walk 90%; trip 2: +10, walk 0%. V2 = 20; trip 2: reopen 20 > stop 10, t2 = 10/16.
    # V1 = 20; trip 1: reopen = 4 + 0.1 * 16 = 5.6 < 10: close now; t1 = (20 - 10) / (20 - 4) = 0.625 < 0.9.
    r = run(10, 4, (0, 0.9), (10, 0.0))
    assert (r.best_rounds, r.walk_away, r.best_value) == (0, False, 10)
    assert r.reopen_thresholds == pytest.approx((0.625, 0.625), rel=1e-12)
    assert r.reopen_values == pytest.approx((5.6, 20), rel=1e-12)


def test_ties_take_the_fewest_trips_and_prefer_closing_to_walking() -> None:
    # Gain 0 and walk 0: every plan is worth 100; the best is 0 trips, closing.
    r = run(100, 0, (0, 0), (0, 0))
    assert r.expected_values == (100, 100, 100) and (r.best_rounds, r.walk_away) == (0, False)
    assert r.reopen_thresholds == (0.0, 0.0)
    # Deal worth exactly the walk-away value: close, not walk.
    r = run(5, 5, (0, 0.5))
    assert (r.best_rounds, r.walk_away, r.best_value) == (0, False, 5)
    # Going back exactly breaks even: D0 = 10, B = 0, +10 at 50%: reopen = 0.5 * 20 = 10 = stop. t = 10/20 = p.
    r = run(10, 0, (10, 0.5))
    assert (r.best_rounds, r.reopen_values, r.reopen_thresholds) == (0, (10.0,), (0.5,))


def test_a_gain_too_small_for_a_float_still_counts() -> None:
    # D0 = B = 1, trip +1e-176 with walk 0. In floats 1 + 1e-176 == 1, and the trip would look worthless.
    # Exactly: V1 = 1 + 1e-176 > B; reopen = 1 + 1 * 1e-176 > stop = 1: go; t1 = (V1 - 1) / (V1 - 1) = 1.
    r = run(1, 1, (1e-176, 0.0))
    assert (r.best_rounds, r.walk_away, r.reopen_thresholds) == (1, False, (1.0,))


def test_a_certain_walk_out_is_worth_the_walk_away_value() -> None:
    # Walk chance 1: reopen = B + 0 * (V - B) = B. D0 = 3 < B = 7 but D1 = 20 > B: still walk now.
    # The threshold is t = (V1 - stop) / (V1 - B) = (20 - 7) / (20 - 7) = 1: any chance below certainty would pay.
    r = run(3, 7, (17, 1.0))
    assert r.reopen_values == (7,) and (r.best_rounds, r.walk_away, r.best_value) == (0, True, 7)
    assert r.reopen_thresholds == (1.0,)


def test_going_back_every_time() -> None:
    # D0 = 0, B = 0, each trip +1 with walk 0. Folding back: V2 = 2; trip 2: stop = 1, reopen = 0 + 1 * 2 = 2,
    # t2 = (2 - 1) / (2 - 0) = 0.5. V1 = 2; trip 1: stop = 0, reopen = 2, t1 = (2 - 0) / (2 - 0) = 1.
    r = run(0, 0, (1, 0), (1, 0))
    assert (r.best_rounds, r.best_value, r.reopen_thresholds) == (2, 2, (1.0, 0.5))


# -- what the page shows ---------------------------------------------------------------------------------


def blocks(inputs: Inputs) -> list[object]:
    return list(present(inputs, compute(inputs)))


def test_example_page() -> None:
    out = blocks(EXAMPLE)
    assert out[0] == Summary(
        (
            ("Best plan", "Go back 1 time, then close"),
            ("Expected value of the best plan", "10,750,000"),
            ("Deal on the table", "10,000,000"),
            ("Value without the deal", "4,000,000"),
        )
    )
    plans = out[1]
    assert isinstance(plans, Table)
    assert plans.rows == (
        ("Walk away now", "4,000,000"),
        ("Close now", "10,000,000"),
        ("Go back 1 time, then close", "10,750,000"),
        ("Go back 2 times, then close", "8,590,000"),
    )
    assert plans.tones == ("", "", "good", "")
    trips = out[2]
    assert isinstance(trips, Table)
    assert trips.columns == ("Trip", "Gain if they stay", "Chance they walk", "Threshold", "Decision")
    assert trips.rows == (
        ("Trip 1", "1,500,000", "10.0%", "20.0%", "go back"),
        ("Trip 2", "1,000,000", "40.0%", "11.8%", "stop before this trip"),
    )
    assert trips.tones == ("good", "bad")
    assert [b for b in out if isinstance(b, Note)] == [
        Note(
            "Trip 2 does not pay: going back, then playing on as well as possible, is worth 9,100,000, "
            "against 11,500,000 from closing now.",
            "warning",
        )
    ]


def test_walk_away_page() -> None:
    out = blocks(Inputs(deal_value=1 * M, walk_away_value=4 * M, rounds=(Round(0.5 * M, 0.5),)))
    assert isinstance(out[0], Summary) and out[0].items[0] == ("Best plan", "Walk away now")
    assert out[0].items[1] == ("Expected value of the best plan", "4,000,000")
    assert isinstance(out[1], Table) and out[1].tones == ("good", "", "")
    assert isinstance(out[2], Table) and out[2].rows[0][3:] == ("0.0%", "stop before this trip")
    assert [b for b in out if isinstance(b, Note)] == [
        Note(
            "The deal on the table (1,000,000) is worth less than walking away (4,000,000), "
            "and no plan of trips back is worth more than walking away.",
            "warning",
        ),
        Note(
            "Trip 1 does not pay: going back, then playing on as well as possible, is worth 4,000,000, "
            "against 4,000,000 from walking away now.",
            "warning",
        ),
    ]


def test_close_now_page_and_trips_not_reached() -> None:
    out = blocks(Inputs(deal_value=10, walk_away_value=4, rounds=(Round(0, 0.9), Round(10, 0.0))))
    assert isinstance(out[0], Summary) and out[0].items[0] == ("Best plan", "Take the deal on the table")
    assert isinstance(out[1], Table) and out[1].tones == ("", "good", "", "")
    assert isinstance(out[2], Table)
    assert [row[4] for row in out[2].rows] == ["stop before this trip", "not reached"]
    assert out[2].tones == ("bad", "")
    assert [b.text for b in out if isinstance(b, Note)] == [
        "Trip 1 does not pay: going back, then playing on as well as possible, is worth 5.60, against 10 from closing now."
    ]


def test_every_trip_pays_page_has_no_warning() -> None:
    out = blocks(Inputs(deal_value=0, walk_away_value=0, rounds=(Round(1, 0), Round(1, 0))))
    assert isinstance(out[0], Summary) and out[0].items[0] == ("Best plan", "Go back 2 times, then close")
    assert isinstance(out[2], Table) and [row[4] for row in out[2].rows] == ["go back", "go back"]
    assert not [b for b in out if isinstance(b, Note)]


# -- validation: every rule tripped, and just passed -------------------------------------------------------


def problems(raw: dict[str, object]) -> list[str]:
    try:
        parse(Inputs, raw)
    except InputError as e:
        return [str(p) for p in e.problems]
    return []


BASE: dict[str, object] = {"deal_value": 10, "walk_away_value": 4, "rounds": [{"gain": 1, "walk_probability": 0.5}]}


def test_every_field_is_required() -> None:
    assert problems({}) == [
        "deal_value: Deal on the table is required.",
        "walk_away_value: Value without the deal is required.",
        "rounds: Trips back to the table is required.",
    ]
    assert problems(BASE | {"rounds": [{}]}) == [
        "rounds[0].gain: Gain is required.",
        "rounds[0].walk_probability: Walk-away probability is required.",
    ]


@pytest.mark.parametrize(
    ("trip", "ok"),
    [
        ({"gain": 0, "walk_probability": 0}, True),
        ({"gain": 1e15, "walk_probability": 1}, True),
        ({"gain": -0.01, "walk_probability": 0.5}, False),
        ({"gain": 1.0000001e15, "walk_probability": 0.5}, False),
        ({"gain": 1, "walk_probability": -1e-9}, False),
        ({"gain": 1, "walk_probability": 1.000001}, False),
    ],
)
def test_trip_bounds(trip: dict[str, float], ok: bool) -> None:
    found = problems(BASE | {"rounds": [trip]})
    assert (found == []) is ok, found
    if not ok:
        (message,) = found
        assert message.startswith("rounds[0].gain: Gain must be") or message.startswith(
            "rounds[0].walk_probability: Walk-away probability must be between 0 and 1"
        )


@pytest.mark.parametrize("value", [1e15, -1e15])
def test_money_at_the_limit_is_accepted(value: float) -> None:
    assert problems(BASE | {"deal_value": value, "walk_away_value": -value}) == []


@pytest.mark.parametrize("field", ["deal_value", "walk_away_value"])
def test_money_beyond_the_limit_is_rejected(field: str) -> None:
    (message,) = problems(BASE | {field: 1.000001e15})
    assert message.startswith(f"{field}: ")


def test_number_of_trips() -> None:
    assert problems(BASE | {"rounds": []}) == ["rounds: Trips back to the table needs at least one entry."]
    assert problems(BASE | {"rounds": [{"gain": 1, "walk_probability": 0.1}] * 50}) == []
    assert problems(BASE | {"rounds": [{"gain": 1, "walk_probability": 0.1}] * 51}) == [
        "rounds: Trips back to the table can have at most 50 entries."
    ]


# -- properties ---------------------------------------------------------------------------------------------

money = st.floats(min_value=-1e15, max_value=1e15, allow_subnormal=True)
gain = st.floats(min_value=0, max_value=1e15, allow_subnormal=True)
prob = st.floats(min_value=0, max_value=1)


@settings(max_examples=200, deadline=None)
@given(money, money, st.lists(st.tuples(gain, prob), min_size=1, max_size=50))
def test_every_valid_input_gives_finite_numbers(d0: float, b: float, trips: list[tuple[float, float]]) -> None:
    r = run(d0, b, *trips)
    numbers = (*r.deal_values, *r.expected_values, r.best_value, *r.reopen_thresholds, *r.reopen_values, *r.stop_values)
    assert all(math.isfinite(x) for x in numbers)
    assert all(0 <= t <= 1 for t in r.reopen_thresholds)
    assert 0 <= r.best_rounds <= len(trips)
    present(Inputs(deal_value=d0, walk_away_value=b, rounds=tuple(Round(g, p) for g, p in trips)), r)


@settings(max_examples=200, deadline=None)
@given(
    st.floats(min_value=0, max_value=1e6),
    st.floats(min_value=0, max_value=1e6),
    st.lists(st.tuples(st.floats(min_value=0, max_value=1e6), prob), min_size=1, max_size=6),
)
def test_best_plan_beats_every_plan_and_agrees_with_the_thresholds(d0: float, b: float, trips: list[tuple[float, float]]) -> None:
    r = run(d0, b, *trips)
    tol = 1e-9 * max(1.0, abs(d0), abs(b), sum(g for g, _ in trips))
    d = d0
    for k, (g, _) in enumerate(trips, start=1):
        d += g
        assert min(b, d) - tol <= r.expected_values[k] <= max(b, d) + tol
    assert r.best_value >= max(b, *r.expected_values) - tol
    assert r.best_value == pytest.approx(b if r.walk_away else r.expected_values[r.best_rounds], abs=tol)
    # The plan goes back while p_k < t_k, and stops at the first trip where it is not (away from exact ties).
    for k in range(r.best_rounds + 1):
        if k == len(trips):
            break
        p, t = trips[k][1], r.reopen_thresholds[k]
        if abs(p - t) > 1e-9:
            assert (p < t) is (k < r.best_rounds), (k, p, t)


def test_example_page_captions_and_chart() -> None:
    out = blocks(EXAMPLE)
    plans, trips, chart = out[1], out[2], out[3]
    assert isinstance(plans, Table) and isinstance(trips, Table)
    assert (plans.caption, plans.columns, plans.numeric) == (
        "Every plan and its expected value",
        ("Plan", "Expected value"),
        (1,),
    )
    assert trips.caption == (
        "Each trip back: once reached, it pays only while their walk-away chance is below the threshold "
        "(which counts the later trips, played as well as possible)"
    )
    assert trips.numeric == (1, 2, 3)
    assert chart == BarChart(
        "Expected value by number of trips back",
        "The expected value of closing after 0, 1, 2 or more trips back to the table, with a line at the value without the deal.",
        ("Close now", "After trip 1", "After trip 2"),
        (("Expected value", compute(EXAMPLE).expected_values),),
        (Marker("Without the deal", "x", 4 * M),),
    )


# -- mutation-testing kills (mutmut survivors) ---------------------------------------------------------------------


def test_present_a_tie_with_walking_away_is_closing() -> None:
    # D0 = B = 4; one trip gains 1 but they surely walk (p = 1): reopening is worth 4 + 0 * (5 - 4) = 4, no more than
    # stopping, max(4, 4) = 4, so the trip does not pay. The deal ties with walking away, and a tie closes the deal
    # (walk_away is only for D0 < B), so the note must say "closing", not "walking away".
    inputs = Inputs(deal_value=4.0, walk_away_value=4.0, rounds=(Round(1.0, 1.0),))
    r = compute(inputs)
    assert (r.best_rounds, r.walk_away) == (0, False)
    notes = [b.text for b in present(inputs, r) if isinstance(b, Note)]
    assert notes == [
        "Trip 1 does not pay: going back, then playing on as well as possible, is worth 4, against 4 from closing now."
    ]
