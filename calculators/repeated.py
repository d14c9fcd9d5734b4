"""The long game: when does meeting again make cooperation pay?

Each time the two sides meet, each can cooperate or push hard. Pushing hard
against a cooperator pays the temptation ``T``; both cooperating pays the
reward ``R``; both pushing pays the punishment ``P``; cooperating against a
hard pusher pays the sucker's payoff ``S``, with ``T > R > P > S``. After each
meeting there is a further one with probability ``w`` (0 <= w < 1), so the
n-th meeting happens with probability ``w**(n-1)``.

Cooperation holds when no other plan earns more against a partner who keeps
to the strategy below. Each threshold is a condition on a *pair* of players:
restraint pays only if the other side reciprocates. Against a side that
pushes hard whatever you do, cooperating earns ``S`` every time.

- **Grim trigger** (cooperate until the other side pushes hard once, then
  push hard for ever). The best deviation is to push hard for ever, earning
  ``T`` once and ``P`` after; cooperation holds when
  ``w >= (T - R) / (T - P)``. This is below 1 for every valid set of payoffs.
- **Tit for tat** (cooperate first, then copy their last move). Two plans can
  beat it: pushing hard for ever (``T`` then ``P``) and taking turns (``T``,
  ``S``, ``T``, ``S``, ...). Cooperation holds when both
  ``w >= (T - R) / (T - P)`` and ``w >= (T - R) / (R - S)``
  (Axelrod and Hamilton 1981, eq. 1). When ``2R <= T + S`` the second
  threshold is at least 1, which no chance below certainty reaches: taking
  turns always pays at least as well, and tit for tat **never** holds
  cooperation (the result's threshold is then ``None``).

Per-deal averages (each discounted total times ``1 - w``) against a partner
playing tit for tat: cooperating ``R``; pushing hard every time
``(1 - w) T + w P``; taking turns ``(T + w S) / (1 + w)``. Cooperation holds
under tit for tat exactly when ``R`` is at least both of the others.

The comparisons are made in exact fractions of the numbers given, so a chance
of meeting again exactly at a threshold counts as enough (the rule is ">="),
and no rounding can flip a verdict.

Sources: R. Axelrod & W. D. Hamilton, "The evolution of cooperation",
*Science* 211 (1981) 1390-1396 (the tit-for-tat conditions, eq. 1); R. Axelrod,
*The Evolution of Cooperation* (1984); J. Friedman, "A non-cooperative
equilibrium for supergames", *Review of Economic Studies* 38 (1971) 1-12
(trigger strategies).

>>> r = compute(EXAMPLE)
>>> round(r.tit_for_tat_threshold, 9), r.grim_trigger_threshold
(0.666666667, 0.5)
>>> r.tit_for_tat_sustains_cooperation, r.grim_trigger_sustains_cooperation
(True, True)
>>> never = compute(Inputs(temptation=10, reward=3, punishment=1, sucker=0, continuation_probability=0.9))
>>> never.tit_for_tat_threshold is None, never.tit_for_tat_sustains_cooperation, never.grim_trigger_sustains_cooperation
(True, False, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Annotated

from .charts import LineChart, Marker, Series
from .fields import Number
from .numbers import percent
from .render import Block, Note, Summary, Table

__all__ = ["EXAMPLE", "Inputs", "Result", "averages", "compute"]


@dataclass(frozen=True)
class Inputs:
    temptation: Annotated[
        float, Number("Temptation (T)", unit="value", help="Your payoff for pushing hard while they cooperate.")
    ]
    reward: Annotated[float, Number("Reward (R)", unit="value", help="Each side's payoff when both cooperate.")]
    punishment: Annotated[float, Number("Punishment (P)", unit="value", help="Each side's payoff when both push hard.")]
    sucker: Annotated[
        float, Number("Sucker's payoff (S)", unit="value", help="Your payoff for cooperating while they push hard.")
    ]
    continuation_probability: Annotated[
        float,
        Number(
            "Chance of meeting again (w)",
            ge=0,
            lt=1,
            help="After each deal, the chance there is another one with the same party, from 0 up to (not including) 1.",
        ),
    ]

    def problems(self) -> list[tuple[str, str]]:
        out = []
        if not self.temptation > self.reward:
            out.append(("temptation", "Temptation (T) must be greater than the reward (R)."))
        if not self.reward > self.punishment:
            out.append(("reward", "The reward (R) must be greater than the punishment (P)."))
        if not self.punishment > self.sucker:
            out.append(("punishment", "The punishment (P) must be greater than the sucker's payoff (S)."))
        return out


#: The page's worked example: Axelrod's tournament payoffs (5, 3, 1, 0) and a 70% chance of another deal.
EXAMPLE = Inputs(temptation=5.0, reward=3.0, punishment=1.0, sucker=0.0, continuation_probability=0.7)


@dataclass(frozen=True)
class Result:
    #: Grim trigger holds cooperation from this chance of meeting again: (T - R)/(T - P), always below 1.
    grim_trigger_threshold: float
    #: Tit for tat holds cooperation from this chance: max((T - R)/(T - P), (T - R)/(R - S));
    #: None when that is 1 or more (2R <= T + S): no chance below certainty is enough.
    tit_for_tat_threshold: float | None
    #: Whether grim trigger, played by both sides, holds cooperation at the given chance.
    grim_trigger_sustains_cooperation: bool
    #: Whether tit for tat, played by both sides, holds cooperation at the given chance.
    tit_for_tat_sustains_cooperation: bool
    #: Per-deal average of cooperating with a partner who plays tit for tat (or grim trigger): R.
    average_if_cooperating: float
    #: Per-deal average of pushing hard every time against either strategy: (1 - w) T + w P.
    average_if_pushing_hard: float
    #: Per-deal average of taking turns (push hard, cooperate, ...) against tit for tat: (T + w S)/(1 + w).
    average_if_taking_turns: float


def _exact(inputs: Inputs) -> tuple[Fraction, Fraction, Fraction, Fraction, Fraction]:
    f = Fraction
    return (
        f(inputs.temptation),
        f(inputs.reward),
        f(inputs.punishment),
        f(inputs.sucker),
        f(inputs.continuation_probability),
    )


def averages(inputs: Inputs, w: float) -> tuple[float, float, float]:
    """Per-deal averages at chance ``w`` against tit for tat: (cooperate, push hard every time, take turns).

    Each is the discounted total times ``1 - w``: ``R``; ``(1 - w) T + w P``; ``(T + w S) / (1 + w)``.
    Computed exactly and rounded once, so they are finite for any valid inputs.
    """
    t, r, p, s, _ = _exact(inputs)
    x = Fraction(w)
    return float(r), float((1 - x) * t + x * p), float((t + x * s) / (1 + x))


def compute(inputs: Inputs) -> Result:
    t, r, p, s, w = _exact(inputs)
    # Axelrod & Hamilton (1981), eq. 1: pushing hard for ever (T, then P) does not beat R/(1 - w) when
    # w (T - P) >= T - R; taking turns (T, S, T, ...) does not when w (R - S) >= T - R. T - P > 0 and
    # R - S > 0 by validation, so the thresholds are these ratios; exact, so w at a threshold counts.
    grim = (t - r) / (t - p)
    turns = (t - r) / (r - s)  # >= 1 exactly when 2R <= T + S; never reached since w < 1
    grim_holds = w >= grim
    tft_threshold = max(grim, turns) if turns < 1 else None
    tft_holds = tft_threshold is not None and w >= tft_threshold
    coop, push, alternate = averages(inputs, inputs.continuation_probability)
    return Result(
        grim_trigger_threshold=float(grim),
        tit_for_tat_threshold=None if tft_threshold is None else float(tft_threshold),
        grim_trigger_sustains_cooperation=grim_holds,
        tit_for_tat_sustains_cooperation=tft_holds,
        average_if_cooperating=coop,
        average_if_pushing_hard=push,
        average_if_taking_turns=alternate,
    )


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _threshold(x: float | None) -> str:
    return "never" if x is None else percent(x)


#: Below this size of the largest payoff the shared chart cannot draw a scale, so the chart is left out.
CHART_MIN_SCALE = 1e-6

RECIPROCITY = (
    "This holds only if they reciprocate: against a side that pushes hard whatever you do, "
    "restraint earns you the sucker's payoff every time."
)


def present(inputs: Inputs, result: Result) -> list[Block]:
    w = inputs.continuation_probability
    tft = result.tit_for_tat_threshold
    blocks: list[Block] = [
        Summary(
            (
                ("Cooperation holds under tit for tat", _yes(result.tit_for_tat_sustains_cooperation)),
                ("Cooperation holds under grim trigger", _yes(result.grim_trigger_sustains_cooperation)),
                ("Tit for tat needs a chance of meeting again of", _threshold(tft)),
                ("Your chance of meeting again", percent(w)),
            )
        )
    ]
    if result.tit_for_tat_sustains_cooperation:
        blocks.append(
            Note(
                "Restraint pays if they answer like with like: you are likely enough to meet again that cooperating "
                "beats pushing hard against a side that copies your last move (tit for tat). Temper your tactics to "
                "keep the relationship. " + RECIPROCITY
            )
        )
    elif result.grim_trigger_sustains_cooperation:
        blocks.append(
            Note(
                "Restraint pays only against a side that would never forgive a defection (grim trigger); against one "
                "that copies your last move (tit for tat), pushing hard, every time or in turns, pays better at this "
                "chance of meeting again. " + RECIPROCITY,
                "warning",
            )
        )
    else:
        blocks.append(
            Note(
                "The future is too uncertain to discipline either side, whatever strategy they follow: treat this as "
                "a one-off and play to win it.",
                "warning",
            )
        )
    if tft is None:
        blocks.append(
            Note(
                "Tit for tat never holds cooperation with these payoffs: taking turns to push hard (T, then S, then T "
                "again) pays at least as well as steady cooperation, because T + S is at least 2R. No chance of "
                "meeting again short of certainty changes that.",
                "warning",
            )
        )
    if max(abs(inputs.temptation), abs(inputs.sucker)) < CHART_MIN_SCALE:
        blocks.append(Note("The chart is left out: payoffs this small cannot be drawn on a readable scale."))
    else:
        blocks.append(_chart(inputs, result))
    blocks.append(
        Table(
            "Thresholds: cooperation needs a chance of meeting again at least this high",
            ("Strategy (both sides)", "Threshold", "Holds at your chance?"),
            (
                ("Grim trigger", _threshold(result.grim_trigger_threshold), _yes(result.grim_trigger_sustains_cooperation)),
                ("Tit for tat", _threshold(tft), _yes(result.tit_for_tat_sustains_cooperation)),
            ),
            numeric=(1,),
        )
    )
    return blocks


def _chart(inputs: Inputs, result: Result) -> LineChart:
    w, tft = inputs.continuation_probability, result.tit_for_tat_threshold
    ws = [k / 20 for k in range(20)] + [0.99]
    curves = [averages(inputs, x) for x in ws]
    markers = [Marker("You", "x", w), Marker("Grim trigger", "x", result.grim_trigger_threshold)]
    if tft is not None:
        markers.append(Marker("Tit for tat", "x", tft))
    return LineChart(
        "Cooperating against pushing hard, by the chance of meeting again",
        "Average payoff per deal against a partner who plays tit for tat, for each chance of meeting again: "
        "cooperating, pushing hard every time, and taking turns to push hard. Cooperation holds where its line "
        "is at least as high as both others; pushing hard every time is also the best way to break grim trigger.",
        "Chance of meeting again (w)",
        "Average payoff per deal",
        (
            Series("Cooperate", tuple((x, c[0]) for x, c in zip(ws, curves, strict=True))),
            Series("Push hard every time", tuple((x, c[1]) for x, c in zip(ws, curves, strict=True))),
            Series("Take turns", tuple((x, c[2]) for x, c in zip(ws, curves, strict=True))),
        ),
        tuple(markers),
        x_format="percent",
        height=240,
    )
