"""Going back to the well: when does one more trip back to the table stop paying?

You hold a deal worth ``D_0``. If the talks end without a deal, whoever ends
them, you are left with ``B`` (your best alternative). Each extra trip back
(because your principal rejected the deal, or you simply ask for more) adds
``gain_k`` if they stay, and they walk away with probability ``p_k``. The
trips come in order: trip ``k`` can only follow trips ``1 .. k-1``.

Every plan is one of these:

- **walk away now**, worth ``B``;
- **close now**, worth ``D_0``;
- **go back k times, then close** (if they are still there). After ``k`` trips
  the deal is worth ``D_k = D_0 + gain_1 + ... + gain_k`` and has survived
  with probability ``S_k = (1 - p_1) ... (1 - p_k)``, so the plan is worth
  ``EV_k = B + S_k (D_k - B)``.

("Go back k times, then walk away" is worth ``B``, never more than walking
away now.) The best plan is found by folding the decision tree back from the
last trip, as in decision analysis (Raiffa 1968): after the last trip you
hold ``V_n = max(D_n, B)``; before trip ``k`` you can stop, worth
``stop_k = max(D_(k-1), B)`` (close or walk, whichever is better), or go back,
worth ``reopen_k = B + (1 - p_k)(V_k - B)``, and ``V_(k-1)`` is the better of
the two. Going back pays only when it is strictly better; ties take the fewer
trips, and closing is preferred to walking when they are worth the same. So
``V_0 = max(B, EV_0, ..., EV_n)``.

**Thresholds.** Trip ``k`` pays, once you have reached it, exactly when its
walk-away chance is below

    t_k = (V_k - stop_k) / (V_k - B)      (0 when V_k = B: nothing to gain)

``V_k`` counts the later trips played as well as possible, so the thresholds
agree with the best plan: it goes back while ``p_k < t_k`` and stops at the
first trip where it is not. When no later trip pays and ``D_(k-1) >= B``, ``t_k``
is the one-step rule ``gain_k / (D_(k-1) - B + gain_k)``: the share of what
you put at risk that you stand to gain (a rule derived for this guide).

Everything is worked in exact fractions of the numbers given, so no rounding
can turn a tie into a "go back"; the results are rounded to floats at the end.

Sources: H. Raiffa, *Decision Analysis* (1968): rolling a decision tree back;
T. Schelling, "An essay on bargaining", *American Economic Review* 46 (1956)
281-306 (tied hands); R. Putnam, "Diplomacy and domestic politics: the logic
of two-level games", *International Organization* 42 (1988) 427-460
(ratification and win-sets); C. Fershtman & U. Gneezy, "Strategic delegation:
an experiment", *RAND Journal of Economics* 32 (2001) 352-368.

>>> r = compute(Inputs(deal_value=10.0, walk_away_value=4.0, rounds=(Round(1.5, 0.1),)))
>>> [round(v, 9) for v in r.expected_values], r.best_rounds, round(r.reopen_thresholds[0], 9)
([10.0, 10.75], 1, 0.2)
>>> r = compute(Inputs(deal_value=1e6, walk_away_value=4e6, rounds=(Round(5e5, 0.5),)))
>>> r.walk_away, r.best_rounds, r.best_value, r.reopen_thresholds
(True, 0, 4000000.0, (0.0,))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Annotated

from .charts import BarChart, Marker
from .fields import Number, Records
from .numbers import money, percent
from .render import Block, Note, Summary, Table, Tree, TreeNode

__all__ = ["EXAMPLE", "Inputs", "Result", "Round", "compute"]


@dataclass(frozen=True)
class Round:
    gain: Annotated[float, Number("Gain", unit="money", ge=0, help="What this trip back adds to the deal if they stay.")]
    walk_probability: Annotated[
        float,
        Number(
            "Walk-away probability",
            ge=0,
            le=1,
            help="The chance they give up on the deal on this trip, from 0 to 1.",
        ),
    ]


@dataclass(frozen=True)
class Inputs:
    deal_value: Annotated[
        float, Number("Deal on the table", unit="money", help="What the deal you already have is worth to you (D0).")
    ]
    walk_away_value: Annotated[
        float,
        Number(
            "Value without the deal",
            unit="money",
            help="What you are left with if the talks end without a deal, whoever ends them: your best alternative (B).",
        ),
    ]
    rounds: Annotated[
        tuple[Round, ...],
        Records("Trips back to the table", "Trip", help="One entry per extra round of demands, in order."),
    ]


EXAMPLE = Inputs(
    deal_value=10_000_000.0,
    walk_away_value=4_000_000.0,
    rounds=(Round(1_500_000.0, 0.10), Round(1_000_000.0, 0.40)),
)


@dataclass(frozen=True)
class Result:
    #: The deal's value after k trips, k = 0 .. n (D_k).
    deal_values: tuple[float, ...]
    #: "Go back k times, then close", k = 0 .. n (EV_k).
    expected_values: tuple[float, ...]
    #: How many trips back the best plan makes.
    best_rounds: int
    #: The best plan is to walk away now (only ever with 0 trips).
    walk_away: bool
    #: What the best plan is worth (V_0).
    best_value: float
    #: Per trip: the highest walk-away chance at which it still pays, once reached (t_k).
    reopen_thresholds: tuple[float, ...]
    #: Per trip: going back for it, then playing on as well as possible (reopen_k).
    reopen_values: tuple[float, ...]
    #: Per trip: stopping just before it, closing or walking away, whichever is worth more (stop_k).
    stop_values: tuple[float, ...]
    #: After k = 0 .. n trips: what playing on from there as well as possible is worth (V_k; V_0 is best_value).
    decision_values: tuple[float, ...] = ()


def compute(inputs: Inputs) -> Result:
    """Every plan's value, the best plan by backward induction, and each trip's threshold.

    Worked in exact fractions of the numbers given, so that no rounding can turn a tie into a "go back", or a
    gain too small for a float into none; the results are rounded to floats at the end.
    """
    b = Fraction(inputs.walk_away_value)
    deals = [Fraction(inputs.deal_value)]
    evs = [deals[0]]
    survive = Fraction(1)
    for r in inputs.rounds:
        deals.append(deals[-1] + Fraction(r.gain))
        survive *= 1 - Fraction(r.walk_probability)
        evs.append(b + survive * (deals[-1] - b))
    n = len(inputs.rounds)
    value = max(deals[n], b)  # V_n: after the last trip, close or walk
    zero = Fraction(0)
    reopen, stop, thresholds, go = [zero] * n, [zero] * n, [zero] * n, [False] * n
    values = [zero] * n + [value]
    for k in range(n, 0, -1):  # trip k, folded back from the last
        p = Fraction(inputs.rounds[k - 1].walk_probability)
        stop[k - 1] = max(deals[k - 1], b)
        reopen[k - 1] = b + (1 - p) * (value - b)
        thresholds[k - 1] = (value - stop[k - 1]) / (value - b) if value > b else zero
        go[k - 1] = reopen[k - 1] > stop[k - 1]
        value = max(stop[k - 1], reopen[k - 1])
        values[k - 1] = value
    best = 0
    while best < n and go[best]:
        best += 1
    walk = best == 0 and deals[0] < b

    def floats(xs: list[Fraction]) -> tuple[float, ...]:
        return tuple(float(x) for x in xs)

    return Result(
        floats(deals), floats(evs), best, walk, float(value), floats(thresholds), floats(reopen), floats(stop), floats(values)
    )


def _plan(k: int) -> str:
    return "Close now" if k == 0 else f"Go back {k} time{'s' if k > 1 else ''}, then close"


def _tree(inputs: Inputs, result: Result) -> Tree:
    """The decisions as a tree: at each one walk away, close or go back; each trip back is a chance they walk.

    Every node carries the value the model rolled back to it, and the best plan's branches are marked.
    """
    n, b, best = len(inputs.rounds), inputs.walk_away_value, result.best_rounds

    def end(label: str, amount: float, chosen: bool) -> TreeNode:
        return TreeNode("end", label, (("", amount),), chosen=chosen, badge="best plan" if chosen else "")

    def decision(k: int) -> TreeNode:
        deal, stop_here = result.deal_values[k], k == best
        options = []
        if k == 0 or b > deal:  # walking away later only ever matters when the deal is worth less than that
            options.append(end("Walk away now" if k == 0 else "Walk away", b, stop_here and result.walk_away))
        options.append(end("Close now" if k == 0 else f"Close after trip {k}", deal, stop_here and not result.walk_away))
        if k < n:
            options.append(trip(k + 1))
        label = "Now: walk away, close, or go back to the table" if k == 0 else f"They stay: after trip {k}"
        return TreeNode("decision", label, (("Worth", result.decision_values[k]),), children=tuple(options), chosen=0 < k <= best)

    def trip(k: int) -> TreeNode:
        r = inputs.rounds[k - 1]
        return TreeNode(
            "chance",
            f"Go back for trip {k}",
            (("Worth", result.reopen_values[k - 1]),),
            f"They walk with probability {percent(r.walk_probability)}; if they stay, the deal gains {money(r.gain)}",
            (end(f"They walk ({percent(r.walk_probability)})", b, False), decision(k)),
            chosen=k <= best,
        )

    return Tree(
        "The decisions as a tree",
        "Each square is a decision: walk away, close, or go back. Each circle is a trip back, where they may walk. "
        "Each triangle ends the talks, with what you get. Every decision and trip is worth what playing on from "
        "there as well as possible is worth, folded back from the last trip; the best plan is marked.",
        decision(0),
    )


def present(inputs: Inputs, result: Result) -> list[Block]:
    best, n, b = result.best_rounds, len(inputs.rounds), inputs.walk_away_value
    verdict = "Walk away now" if result.walk_away else ("Take the deal on the table" if best == 0 else _plan(best))
    blocks: list[Block] = [
        Summary(
            (
                ("Best plan", verdict),
                ("Expected value of the best plan", money(result.best_value)),
                ("Deal on the table", money(inputs.deal_value)),
                ("Value without the deal", money(b)),
            )
        )
    ]
    plan_rows = [("Walk away now", money(b))] + [(_plan(k), money(v)) for k, v in enumerate(result.expected_values)]
    chosen = 0 if result.walk_away else best + 1
    blocks.append(
        Table(
            "Every plan and its expected value",
            ("Plan", "Expected value"),
            tuple(plan_rows),
            numeric=(1,),
            tones=tuple("good" if i == chosen else "" for i in range(len(plan_rows))),
        )
    )
    rows, tones = [], []
    for k, r in enumerate(inputs.rounds, start=1):
        if k <= best:
            decision, tone = "go back", "good"
        elif k == best + 1:
            decision, tone = "stop before this trip", "bad"
        else:
            decision, tone = "not reached", ""
        rows.append((f"Trip {k}", money(r.gain), percent(r.walk_probability), percent(result.reopen_thresholds[k - 1]), decision))
        tones.append(tone)
    blocks.append(
        Table(
            "Each trip back: once reached, it pays only while their walk-away chance is below the threshold "
            "(which counts the later trips, played as well as possible)",
            ("Trip", "Gain if they stay", "Chance they walk", "Threshold", "Decision"),
            tuple(rows),
            numeric=(1, 2, 3),
            tones=tuple(tones),
        )
    )
    blocks.append(
        BarChart(
            "Expected value by number of trips back",
            "The expected value of closing after 0, 1, 2 or more trips back to the table, "
            "with a line at the value without the deal.",
            ("Close now",) + tuple(f"After trip {k}" for k in range(1, n + 1)),
            (("Expected value", result.expected_values),),
            (Marker("Without the deal", "x", b),),
        )
    )
    blocks.append(_tree(inputs, result))
    if result.walk_away:
        blocks.append(
            Note(
                f"The deal on the table ({money(inputs.deal_value)}) is worth less than walking away ({money(b)}), "
                "and no plan of trips back is worth more than walking away.",
                "warning",
            )
        )
    if best < n:
        stop = "walking away" if result.deal_values[best] < b else "closing"
        blocks.append(
            Note(
                f"Trip {best + 1} does not pay: going back, then playing on as well as possible, is worth "
                f"{money(result.reopen_values[best])}, against {money(result.stop_values[best])} from {stop} now.",
                "warning",
            )
        )
    return blocks
