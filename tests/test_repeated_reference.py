"""repeated: an independent reference. Play the repeated game move by move, in exact fractions.

No threshold formula is used here. Every deterministic strategy with at most two states (a Moore machine: an
action per state, a next state for each move the other side makes) is played against tit for tat and against
grim trigger. Two machines in a joint state that has been seen before repeat for ever, so a match's discounted
total is exact: the payoffs up to the loop, plus the loop's payoffs summed as a geometric series in w.
Cooperation "holds" under a strategy when no machine earns more against it than the strategy earns against
itself (R every time). Axelrod & Hamilton (1981) show that the best replies to tit for tat are always
cooperate, always push hard, or take turns; grim trigger's best reply is cooperate or always push hard: all of
these have at most two states, so this search is complete for the thresholds.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.repeated import Inputs, averages, compute

C, D = "C", "D"

# A machine: (start state, action per state, next state per (state, their move)).
Machine = tuple[int, tuple[str, ...], dict[tuple[int, str], int]]

TIT_FOR_TAT: Machine = (0, (C, D), {(0, C): 0, (0, D): 1, (1, C): 0, (1, D): 1})
GRIM_TRIGGER: Machine = (0, (C, D), {(0, C): 0, (0, D): 1, (1, C): 1, (1, D): 1})
ALWAYS_PUSH: Machine = (0, (D,), {(0, C): 0, (0, D): 0})
TAKE_TURNS: Machine = (0, (D, C), {(0, C): 1, (0, D): 1, (1, C): 0, (1, D): 0})


def every_small_machine() -> list[Machine]:
    out: list[Machine] = []
    for acts in itertools.product((C, D), repeat=1):
        out.append((0, acts, {(0, C): 0, (0, D): 0}))
    for acts in itertools.product((C, D), repeat=2):
        for nexts in itertools.product((0, 1), repeat=4):
            table = dict(zip([(0, C), (0, D), (1, C), (1, D)], nexts, strict=True))
            out.extend((start, acts, table) for start in (0, 1))
    return out


MACHINES = every_small_machine()  # 2 + 4 * 16 * 2 = 130


def payoff(mine: str, theirs: str, t: Fraction, r: Fraction, p: Fraction, s: Fraction) -> Fraction:
    return {(C, C): r, (C, D): s, (D, C): t, (D, D): p}[(mine, theirs)]


def discounted_total(me: Machine, them: Machine, pay: tuple[Fraction, ...], w: Fraction) -> Fraction:
    """Sum over meetings n = 0, 1, ... of w**n times my payoff, exactly."""
    a, b = me[0], them[0]
    seen: dict[tuple[int, int], int] = {}
    stream: list[Fraction] = []
    while (a, b) not in seen:
        seen[(a, b)] = len(stream)
        x, y = me[1][a], them[1][b]
        stream.append(payoff(x, y, *pay))
        a, b = me[2][(a, y)], them[2][(b, x)]
    start = seen[(a, b)]
    head = sum((w**n * v for n, v in enumerate(stream[:start])), Fraction(0))
    loop = sum((w**n * v for n, v in enumerate(stream[start:])), Fraction(0))
    return head + w**start * loop / (1 - w ** (len(stream) - start))


def holds(strategy: Machine, pay: tuple[Fraction, ...], w: Fraction) -> bool:
    own = discounted_total(strategy, strategy, pay, w)
    return all(discounted_total(m, strategy, pay, w) <= own for m in MACHINES)


payoff_value = st.one_of(
    st.integers(-1000, 1000).map(float),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_subnormal=False),
)
chance = st.one_of(st.floats(min_value=0, max_value=0.999999), st.sampled_from([0.0, 0.5, 2 / 3, 0.6666666666666667, 0.9]))


@settings(max_examples=120, deadline=None)
@given(st.lists(payoff_value, min_size=4, max_size=4, unique=True), chance)
def test_verdicts_match_play_against_every_small_strategy(xs: list[float], w: float) -> None:
    s, p, r, t = sorted(xs)
    inputs = Inputs(temptation=t, reward=r, punishment=p, sucker=s, continuation_probability=w)
    out = compute(inputs)
    pay = tuple(Fraction(v) for v in (t, r, p, s))
    fw = Fraction(w)
    assert out.tit_for_tat_sustains_cooperation == holds(TIT_FOR_TAT, pay, fw)
    assert out.grim_trigger_sustains_cooperation == holds(GRIM_TRIGGER, pay, fw)
    # The per-deal averages the page plots are the discounted totals times (1 - w), rounded once.
    assert out.average_if_cooperating == float(discounted_total(TIT_FOR_TAT, TIT_FOR_TAT, pay, fw) * (1 - fw))
    assert out.average_if_pushing_hard == float(discounted_total(ALWAYS_PUSH, TIT_FOR_TAT, pay, fw) * (1 - fw))
    assert out.average_if_taking_turns == float(discounted_total(TAKE_TURNS, TIT_FOR_TAT, pay, fw) * (1 - fw))
    assert averages(inputs, w) == (out.average_if_cooperating, out.average_if_pushing_hard, out.average_if_taking_turns)
    # Against grim trigger, pushing hard every time earns the same T, then P: the same average.
    assert out.average_if_pushing_hard == float(discounted_total(ALWAYS_PUSH, GRIM_TRIGGER, pay, fw) * (1 - fw))


STEP = Fraction(1, 2**40)  # far wider than a threshold's rounding (one part in 2**53), far narrower than any gap here


@settings(max_examples=120, deadline=None)
@given(st.lists(st.integers(-50, 50), min_size=4, max_size=4, unique=True))
def test_thresholds_are_where_play_changes(xs: list[int]) -> None:
    s, p, r, t = sorted(float(x) for x in xs)
    out = compute(Inputs(temptation=t, reward=r, punishment=p, sucker=s, continuation_probability=0))
    pay = tuple(Fraction(v) for v in (t, r, p, s))
    for strategy, threshold in ((GRIM_TRIGGER, out.grim_trigger_threshold), (TIT_FOR_TAT, out.tit_for_tat_threshold)):
        if threshold is None:
            # "Never": not even the largest chance below 1 that a float can hold is enough.
            assert not holds(strategy, pay, Fraction(1) - Fraction(1, 2**53))
            continue
        assert 0 < threshold < 1
        x = Fraction(threshold)
        assert not holds(strategy, pay, x - STEP)
        if x + STEP < 1:
            assert holds(strategy, pay, x + STEP)


def test_the_reference_itself_on_the_example() -> None:
    # Hand check of the reference: T, R, P, S = 5, 3, 1, 0 at w = 1/2.
    # Tit for tat against itself: 3/(1 - 1/2) = 6. Always push: 5 + (1/2)(1)/(1 - 1/2) = 6. Take turns:
    # (5 + (1/2)*0)/(1 - 1/4) = 20/3 > 6, so tit for tat does not hold at 1/2, and grim trigger just does.
    pay = (Fraction(5), Fraction(3), Fraction(1), Fraction(0))
    half = Fraction(1, 2)
    assert discounted_total(TIT_FOR_TAT, TIT_FOR_TAT, pay, half) == 6
    assert discounted_total(ALWAYS_PUSH, TIT_FOR_TAT, pay, half) == 6
    assert discounted_total(TAKE_TURNS, TIT_FOR_TAT, pay, half) == Fraction(20, 3)
    assert not holds(TIT_FOR_TAT, pay, half) and holds(GRIM_TRIGGER, pay, half)
    assert len(MACHINES) == 130
