"""repeated: cooperation thresholds, hand-worked, for every branch; validation; what the page says.

Source of every threshold: Axelrod & Hamilton, "The evolution of cooperation", Science 211 (1981), eq. 1:
tit for tat cannot be beaten iff w >= (T - R)/(T - P) (pushing hard for ever: T, then P) and
w >= (T - R)/(R - S) (taking turns: T, S, T, S, ...). Grim trigger: only pushing hard for ever can
pay, so w >= (T - R)/(T - P) (Friedman 1971; the textbook one-shot-deviation argument).
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import web
from calculators.charts import LineChart
from calculators.fields import MAX_MAGNITUDE, InputError, parse
from calculators.render import Note, Summary, Table
from calculators.repeated import CHART_MIN_SCALE, EXAMPLE, RECIPROCITY, Inputs, averages, compute, present


def make(t: float, r: float, p: float, s: float, w: float) -> Inputs:
    return Inputs(temptation=t, reward=r, punishment=p, sucker=s, continuation_probability=w)


# -- the model, branch by branch ------------------------------------------------


def test_example_tit_for_tat_threshold_is_the_taking_turns_ratio() -> None:
    # T, R, P, S = 5, 3, 1, 0; w = 0.7.
    # grim = (5 - 3)/(5 - 1) = 2/4 = 0.5; taking turns: (5 - 3)/(3 - 0) = 2/3; tit for tat = max(1/2, 2/3) = 2/3.
    # Averages at w = 0.7: cooperate R = 3; push hard (1 - 0.7)*5 + 0.7*1 = 1.5 + 0.7 = 2.2;
    # take turns (5 + 0.7*0)/(1 + 0.7) = 5/1.7 = 2.9411764705882355. R = 3 beats both: cooperation holds.
    r = compute(EXAMPLE)
    assert r.grim_trigger_threshold == 0.5
    assert r.tit_for_tat_threshold == 2 / 3
    assert r.grim_trigger_sustains_cooperation and r.tit_for_tat_sustains_cooperation
    assert r.average_if_cooperating == 3
    assert r.average_if_pushing_hard == 2.2
    assert r.average_if_taking_turns == 5 / 1.7


def test_tit_for_tat_threshold_is_the_grim_ratio_when_that_is_larger() -> None:
    # T, R, P, S = 4, 3, 2, 0: grim = (4 - 3)/(4 - 2) = 1/2; turns = (4 - 3)/(3 - 0) = 1/3; max = 1/2.
    r = compute(make(4, 3, 2, 0, 0.5))
    assert r.grim_trigger_threshold == 0.5 and r.tit_for_tat_threshold == 0.5
    # w = 0.5 exactly meets both (the rule is >=).
    assert r.grim_trigger_sustains_cooperation and r.tit_for_tat_sustains_cooperation
    # The float just below 0.5 meets neither.
    below = compute(make(4, 3, 2, 0, math.nextafter(0.5, 0)))
    assert not below.grim_trigger_sustains_cooperation and not below.tit_for_tat_sustains_cooperation


def test_only_grim_trigger_holds_between_the_two_thresholds() -> None:
    # Example payoffs at w = 0.6: 0.5 <= 0.6 < 2/3. Taking turns: (5 + 0.6*0)/1.6 = 3.125 > R = 3, so it pays.
    r = compute(make(5, 3, 1, 0, 0.6))
    assert r.grim_trigger_sustains_cooperation and not r.tit_for_tat_sustains_cooperation
    assert r.average_if_taking_turns == 3.125
    # Pushing hard every time: 0.4*5 + 0.6*1 = 2.6 < 3: it does not pay (that is why grim trigger holds).
    assert r.average_if_pushing_hard == pytest.approx(2.6, abs=1e-15)


def test_neither_holds_below_both_thresholds() -> None:
    # w = 0.4 < 0.5: pushing hard every time pays 0.6*5 + 0.4*1 = 3.4 > R = 3.
    r = compute(make(5, 3, 1, 0, 0.4))
    assert not r.grim_trigger_sustains_cooperation and not r.tit_for_tat_sustains_cooperation
    assert r.average_if_pushing_hard == pytest.approx(3.4, abs=1e-15)


def test_tit_for_tat_never_holds_when_taking_turns_beats_cooperating() -> None:
    # Issue 10: T, R, P, S = 10, 3, 1, 0 showed a threshold of (10 - 3)/(3 - 0) = 7/3 = "233.3%".
    # 2R = 6 <= T + S = 10, so (T - R)/(R - S) >= 1 and no w < 1 reaches it: tit for tat never holds.
    # Grim trigger still does from (10 - 3)/(10 - 1) = 7/9 = 0.777...
    # At w = 0.9: taking turns (10 + 0.9*0)/1.9 = 5.263... > R = 3; pushing hard 0.1*10 + 0.9*1 = 1.9 < 3.
    r = compute(make(10, 3, 1, 0, 0.9))
    assert r.tit_for_tat_threshold is None
    assert not r.tit_for_tat_sustains_cooperation
    assert r.grim_trigger_threshold == 7 / 9 and r.grim_trigger_sustains_cooperation
    assert r.average_if_taking_turns == 10 / 1.9
    assert r.average_if_pushing_hard == pytest.approx(1.9, abs=1e-15)


def test_tit_for_tat_never_holds_at_exactly_2r_equal_t_plus_s() -> None:
    # T, R, P, S = 4, 2, 1, 0: 2R = 4 = T + S, so (T - R)/(R - S) = 2/2 = 1: reached only at w = 1, which is
    # excluded. Even at the largest w below 1, taking turns ties nothing: (4 + w*0)/(1 + w) > 2 for all w < 1.
    r = compute(make(4, 2, 1, 0, math.nextafter(1, 0)))
    assert r.tit_for_tat_threshold is None and not r.tit_for_tat_sustains_cooperation
    assert r.grim_trigger_threshold == 2 / 3 and r.grim_trigger_sustains_cooperation  # (4 - 2)/(4 - 1)


def test_tit_for_tat_threshold_just_below_one_is_still_a_number() -> None:
    # R one step above 2: 2R > T + S = 4 by a hair, so (T - R)/(R - S) = (4 - R)/R is just below 1: a threshold,
    # not "never"; but only a w at or above it holds.
    r_ = math.nextafter(2, 3)
    r = compute(make(4, r_, 1, 0, 0.5))
    assert r.tit_for_tat_threshold is not None
    assert r.tit_for_tat_threshold == pytest.approx(1, abs=1e-15) and r.tit_for_tat_threshold <= 1
    assert not r.tit_for_tat_sustains_cooperation


def test_a_chance_exactly_at_a_threshold_is_judged_exactly() -> None:
    # 2/3 is not a float: 0.6666666666666666 is just below it, 0.6666666666666667 just above. With the example
    # payoffs, taking turns at w pays (5 + 0)/(1 + w); R = 3 >= 5/(1 + w) exactly when w >= 2/3. So the float
    # below 2/3 does not hold cooperation under tit for tat, the one above does. (The old float comparison
    # 0.6666666666666666 >= 2/3-as-a-float said yes to both.)
    assert not compute(make(5, 3, 1, 0, 0.6666666666666666)).tit_for_tat_sustains_cooperation
    assert compute(make(5, 3, 1, 0, 0.6666666666666667)).tit_for_tat_sustains_cooperation
    # Grim trigger at 1/3: T, R, P, S = 3, 2, 0, -1: (3 - 2)/(3 - 0) = 1/3.
    assert not compute(make(3, 2, 0, -1, 0.3333333333333333)).grim_trigger_sustains_cooperation
    assert compute(make(3, 2, 0, -1, 0.33333333333333337)).grim_trigger_sustains_cooperation


def test_averages_at_the_ends_of_the_chance() -> None:
    # w = 0: a one-off, so each plan earns its first deal: cooperate R = 3, push hard T = 5, take turns T = 5.
    assert averages(EXAMPLE, 0.0) == (3.0, 5.0, 5.0)
    # w = 0.5: push hard 0.5*5 + 0.5*1 = 3; take turns (5 + 0.5*0)/1.5 = 10/3.
    assert averages(EXAMPLE, 0.5) == (3.0, 3.0, 10 / 3)
    # With S < 0 the sucker's payoff enters the turns: T, R, P, S = 6, 4, 2, -2 at w = 0.5: (6 - 1)/1.5 = 10/3.
    assert averages(make(6, 4, 2, -2, 0.5), 0.5) == (4.0, 4.0, 10 / 3)


def test_payoffs_at_the_magnitude_limit_stay_finite() -> None:
    # T, R, P, S = 1e15, 1e-320, 0, -1e15 (the limits), w = 1e-320 (a subnormal chance).
    # grim = (1e15 - 1e-320)/1e15 and turns = (1e15 - 1e-320)/(1e-320 + 1e15), both just below 1: they round to
    # 1.0, which no float w < 1 reaches, and no division overflows (the exact ratio is never turned into a huge float).
    r = compute(make(MAX_MAGNITUDE, 1e-320, 0, -MAX_MAGNITUDE, 1e-320))
    assert r.grim_trigger_threshold == 1.0 and r.tit_for_tat_threshold == 1.0
    assert not r.grim_trigger_sustains_cooperation and not r.tit_for_tat_sustains_cooperation
    # (1 - 1e-320)*1e15 + 1e-320*0 rounds to 1e15; (1e15 - 1e-320*1e15)/(1 + 1e-320) rounds to 1e15.
    assert r.average_if_pushing_hard == MAX_MAGNITUDE and r.average_if_taking_turns == MAX_MAGNITUDE
    # R - S subnormal and T - R huge: (T - R)/(R - S) would be 1e335 as a float (overflow); exactly it is >= 1: never.
    r = compute(make(MAX_MAGNITUDE, 1e-320, 5e-321, 0, 0.5))
    assert r.tit_for_tat_threshold is None


finite_payoff = st.floats(min_value=-MAX_MAGNITUDE, max_value=MAX_MAGNITUDE, allow_subnormal=True)
chance = st.one_of(
    st.floats(min_value=0, max_value=1, exclude_max=True, allow_subnormal=True), st.sampled_from([0.0, 1e-320, 5e-324])
)


@settings(max_examples=200, deadline=None)
@given(st.lists(finite_payoff, min_size=4, max_size=4, unique=True), chance)
def test_any_valid_input_gives_finite_numbers_and_renders(xs: list[float], w: float) -> None:
    s, p, r, t = sorted(xs)
    inputs = make(t, r, p, s, w)
    assert not inputs.problems()
    out = compute(inputs)
    assert 0 <= out.grim_trigger_threshold <= 1  # exactly above 0; a ratio below 5e-324 rounds to 0.0
    assert out.tit_for_tat_threshold is None or out.grim_trigger_threshold <= out.tit_for_tat_threshold <= 1
    assert out.tit_for_tat_sustains_cooperation <= out.grim_trigger_sustains_cooperation  # tit for tat needs more
    html, result = web.results_html("repeated", inputs)
    json.dumps(result, allow_nan=False)
    assert not re.search(r"(?<![a-z])(nan|inf)(?![a-z])", html, re.IGNORECASE)


# -- validation: each rule tripped and just passed --------------------------------


def problems_of(raw: dict[str, object]) -> dict[str, str]:
    try:
        parse(Inputs, raw)
    except InputError as e:
        return {p.where: p.message for p in e.problems}
    return {}


BASE: dict[str, object] = {"temptation": 5, "reward": 3, "punishment": 1, "sucker": 0, "continuation_probability": 0.7}


def test_every_field_is_required() -> None:
    assert problems_of({}) == {
        "temptation": "Temptation (T) is required.",
        "reward": "Reward (R) is required.",
        "punishment": "Punishment (P) is required.",
        "sucker": "Sucker's payoff (S) is required.",
        "continuation_probability": "Chance of meeting again (w) is required.",
    }
    assert problems_of(BASE) == {}
    assert parse(Inputs, BASE) == EXAMPLE


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        ({"temptation": 3}, "temptation", "Temptation (T) must be greater than the reward (R)."),
        ({"reward": 1}, "reward", "The reward (R) must be greater than the punishment (P)."),
        ({"punishment": 0}, "punishment", "The punishment (P) must be greater than the sucker's payoff (S)."),
    ],
)
def test_order_of_payoffs_is_checked_at_equality(change: dict[str, object], where: str, message: str) -> None:
    # T > R > P > S is strict: a tie trips the rule and names the field.
    assert problems_of(BASE | change) == {where: message}


@pytest.mark.parametrize(
    "change",
    [
        {"temptation": math.nextafter(3, 4)},  # T one step above R
        {"reward": math.nextafter(1, 2)},  # R one step above P
        {"punishment": math.nextafter(0, 1)},  # P one step above S (5e-324)
        {"continuation_probability": 0},
        {"continuation_probability": math.nextafter(1, 0)},
        {"temptation": MAX_MAGNITUDE, "sucker": -MAX_MAGNITUDE},
    ],
)
def test_order_of_payoffs_just_passes(change: dict[str, object]) -> None:
    assert problems_of(BASE | change) == {}


def test_a_wrong_order_names_every_broken_pair() -> None:
    # S > P > R > T breaks all three.
    assert set(problems_of(BASE | {"temptation": 0, "reward": 1, "punishment": 3, "sucker": 5})) == {
        "temptation",
        "reward",
        "punishment",
    }


@pytest.mark.parametrize("w", [1, 1.5, -5e-324, -0.1])
def test_chance_of_meeting_again_is_below_one_and_not_negative(w: float) -> None:
    found = problems_of(BASE | {"continuation_probability": w})
    assert list(found) == ["continuation_probability"]
    assert found["continuation_probability"].startswith("Chance of meeting again (w) must be at least 0 and below 1")


@pytest.mark.parametrize("field", ["temptation", "sucker"])
def test_payoffs_beyond_the_magnitude_limit_are_refused(field: str) -> None:
    big = math.nextafter(MAX_MAGNITUDE, math.inf) * (1 if field == "temptation" else -1)
    assert list(problems_of(BASE | {field: big})) == [field]


def test_cli_never_prints_a_threshold_above_one() -> None:
    doc = json.dumps({"temptation": 10, "reward": 3, "punishment": 1, "sucker": 0, "continuation_probability": 0.9})
    out = subprocess.run([sys.executable, "-m", "calculators", "run", "repeated"], input=doc, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["tit_for_tat_threshold"] is None
    assert result["tit_for_tat_sustains_cooperation"] is False and result["grim_trigger_sustains_cooperation"] is True


# -- what the page says -------------------------------------------------------------


def blocks_of(inputs: Inputs) -> list[object]:
    return list(present(inputs, compute(inputs)))


def notes(blocks: list[object]) -> list[tuple[str, str]]:
    return [(b.text, b.tone) for b in blocks if isinstance(b, Note)]


def test_example_page() -> None:
    blocks = blocks_of(EXAMPLE)
    assert blocks[0] == Summary(
        (
            ("Cooperation holds under tit for tat", "yes"),
            ("Cooperation holds under grim trigger", "yes"),
            ("Tit for tat needs a chance of meeting again of", "66.7%"),
            ("Your chance of meeting again", "70.0%"),
        )
    )
    assert notes(blocks) == [
        (
            "Restraint pays if they answer like with like: you are likely enough to meet again that cooperating "
            "beats pushing hard against a side that copies your last move (tit for tat). Temper your tactics to "
            "keep the relationship. This holds only if they reciprocate: against a side that pushes hard whatever "
            "you do, restraint earns you the sucker's payoff every time.",
            "info",
        )
    ]
    table = blocks[-1]
    assert isinstance(table, Table)
    assert table.columns == ("Strategy (both sides)", "Threshold", "Holds at your chance?")
    assert table.rows == (("Grim trigger", "50.0%", "yes"), ("Tit for tat", "66.7%", "yes"))
    assert table.caption == "Thresholds: cooperation needs a chance of meeting again at least this high"
    assert table.numeric == (1,)


def test_example_chart() -> None:
    (chart,) = [b for b in blocks_of(EXAMPLE) if isinstance(b, LineChart)]
    assert [(m.label, m.axis, m.value) for m in chart.markers] == [
        ("You", "x", 0.7),
        ("Grim trigger", "x", 0.5),
        ("Tit for tat", "x", 2 / 3),
    ]
    assert [s.name for s in chart.series] == ["Cooperate", "Push hard every time", "Take turns"]
    xs = [x for x, _ in chart.series[0].points]
    assert xs == [k / 20 for k in range(20)] + [0.99]
    # At w = 0.5 (the 11th point): cooperate 3, push hard 0.5*5 + 0.5*1 = 3, take turns 5/1.5.
    assert (chart.series[0].points[10], chart.series[1].points[10], chart.series[2].points[10]) == (
        (0.5, 3.0),
        (0.5, 3.0),
        (0.5, 10 / 3),
    )
    # Cooperating earns R = 3 at every chance; at w = 0 pushing hard and taking turns both earn T = 5 once.
    assert [y for _, y in chart.series[0].points] == [3.0] * 21
    assert (chart.series[1].points[0], chart.series[2].points[0]) == ((0.0, 5.0), (0.0, 5.0))
    assert chart.x_format == "percent" and chart.height == 240
    assert chart.title == "Cooperating against pushing hard, by the chance of meeting again"
    assert chart.description == (
        "Average payoff per deal against a partner who plays tit for tat, for each chance of meeting again: "
        "cooperating, pushing hard every time, and taking turns to push hard. Cooperation holds where its line "
        "is at least as high as both others; pushing hard every time is also the best way to break grim trigger."
    )
    assert chart.x_label == "Chance of meeting again (w)" and chart.y_label == "Average payoff per deal"


def test_page_when_only_grim_trigger_holds() -> None:
    blocks = blocks_of(make(5, 3, 1, 0, 0.6))
    assert blocks[0].items[:2] == (  # type: ignore[attr-defined]
        ("Cooperation holds under tit for tat", "no"),
        ("Cooperation holds under grim trigger", "yes"),
    )
    assert notes(blocks) == [
        (
            "Restraint pays only against a side that would never forgive a defection (grim trigger); against one "
            "that copies your last move (tit for tat), pushing hard, every time or in turns, pays better at this "
            "chance of meeting again. " + RECIPROCITY,
            "warning",
        )
    ]
    assert blocks[-1].rows == (("Grim trigger", "50.0%", "yes"), ("Tit for tat", "66.7%", "no"))  # type: ignore[attr-defined]


NEVER = (
    "Tit for tat never holds cooperation with these payoffs: taking turns to push hard (T, then S, then T again) "
    "pays at least as well as steady cooperation, because T + S is at least 2R. No chance of meeting again short "
    "of certainty changes that.",
    "warning",
)


def test_page_says_never_instead_of_a_threshold_above_100_percent() -> None:
    # Issue 10: this showed "233.3%".
    blocks = blocks_of(make(10, 3, 1, 0, 0.9))
    assert blocks[0].items[2] == ("Tit for tat needs a chance of meeting again of", "never")  # type: ignore[attr-defined]
    assert notes(blocks)[1] == NEVER
    assert notes(blocks)[0][0].startswith("Restraint pays only against a side that would never forgive")
    assert blocks[-1].rows == (("Grim trigger", "77.8%", "yes"), ("Tit for tat", "never", "no"))  # type: ignore[attr-defined]
    (chart,) = [b for b in blocks if isinstance(b, LineChart)]
    assert [m.label for m in chart.markers] == ["You", "Grim trigger"]  # no tit-for-tat line to draw
    assert "233" not in web.results_html("repeated", make(10, 3, 1, 0, 0.9))[0]


def test_page_when_nothing_holds() -> None:
    blocks = blocks_of(make(10, 3, 1, 0, 0.5))  # 0.5 < grim's 7/9, and tit for tat never holds
    assert notes(blocks) == [
        (
            "The future is too uncertain to discipline either side, whatever strategy they follow: treat this as "
            "a one-off and play to win it.",
            "warning",
        ),
        NEVER,
    ]
    assert blocks[0].items[:2] == (  # type: ignore[attr-defined]
        ("Cooperation holds under tit for tat", "no"),
        ("Cooperation holds under grim trigger", "no"),
    )


def test_chart_left_out_for_payoffs_too_small_to_draw() -> None:
    tiny = make(3e-320, 2e-320, 1e-320, 0, 0.5)
    blocks = blocks_of(tiny)
    assert not [b for b in blocks if isinstance(b, LineChart)]
    assert ("The chart is left out: payoffs this small cannot be drawn on a readable scale.", "info") in notes(blocks)
    web.results_html("repeated", tiny)  # renders without a chart
    # The limit is one millionth: the shared chart's ticks collapse for values below about 1e-12 (tried down to 1e-13).
    assert CHART_MIN_SCALE == 1e-6
    # At the limit the chart is drawn, whether the largest payoff in size is T or S; just below it, it is not.
    for edge in (make(1e-6, 0, -1e-7, -2e-7, 0.5), make(3e-7, 2e-7, 1e-7, -1e-6, 0.5)):
        assert [b for b in blocks_of(edge) if isinstance(b, LineChart)]
        web.results_html("repeated", edge)
    below = make(math.nextafter(1e-6, 0), 0, -1e-7, -2e-7, 0.5)
    assert not [b for b in blocks_of(below) if isinstance(b, LineChart)]
