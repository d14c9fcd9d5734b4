"""Going back to the well: when does one more trip back to the table stop paying?

You hold a deal worth ``D_0``; if the other side walks away you are left with
``B``. Each extra trip back (because your principal rejected the deal, or you
simply ask for more) gains ``gain_k`` if they stay, and they walk with
``walk_probability_k``. After ``k`` trips:

- the deal is worth ``D_k = D_0 + sum(gain_j, j <= k)``;
- it survives with probability ``S_k = prod(1 - walk_probability_j, j <= k)``;
- its expected value is ``EV_k = D_k * S_k + (1 - S_k) * B``.

Reopening once more pays, looking one step ahead, only when that round's walk
probability is below ``gain_k / (D_{k-1} - B + gain_k)``: the share of what
you put at risk that you stand to gain (a rule derived for this guide).

Sources: T. Schelling, "An essay on bargaining", *American Economic Review*
46 (1956) 281-306 (tied hands); R. Putnam, "Diplomacy and domestic politics",
*International Organization* 42 (1988) 427-460 (ratification and win-sets);
C. Fershtman & U. Gneezy, "Strategic delegation: an experiment", *RAND Journal
of Economics* 32 (2001) 352-368.

>>> r = compute(Inputs(deal_value=10.0, walk_away_value=4.0, rounds=(Round(1.5, 0.1),)))
>>> [round(v, 9) for v in r.expected_values], r.best_rounds, round(r.reopen_thresholds[0], 9)
([10.0, 10.75], 1, 0.2)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from .charts import BarChart, Marker
from .fields import Number, Records
from .render import Block, Note, Summary, Table, money, percent

__all__ = ["Inputs", "Result", "Round", "compute"]


@dataclass(frozen=True)
class Round:
    gain: Annotated[float, Number("Gain", unit="money", minimum=0, help="What this trip back adds to the deal if they stay.")] = (
        0.0
    )
    walk_probability: Annotated[
        float,
        Number(
            "Walk-away probability", minimum=0, maximum=1, help="The chance they give up on the deal on this trip, from 0 to 1."
        ),
    ] = 0.0


@dataclass(frozen=True)
class Inputs:
    deal_value: Annotated[
        float, Number("Deal on the table", unit="money", help="What the deal you already have is worth to you (D0).")
    ] = 10_000_000.0
    walk_away_value: Annotated[
        float, Number("Value if they walk", unit="money", help="What you are left with if the other side gives up (B).")
    ] = 4_000_000.0
    rounds: Annotated[
        tuple[Round, ...],
        Records("Trips back to the table", "Trip", help="One entry per extra round of demands, in order."),
    ] = (Round(1_500_000.0, 0.10), Round(1_000_000.0, 0.40))


@dataclass(frozen=True)
class Result:
    expected_values: tuple[float, ...]
    best_rounds: int
    reopen_thresholds: tuple[float, ...]


def compute(inputs: Inputs) -> Result:
    deal, survive, b = inputs.deal_value, 1.0, inputs.walk_away_value
    evs = [deal]
    thresholds = []
    for r in inputs.rounds:
        at_risk = deal - b + r.gain
        # Reopening pays when gain - p * (deal - b + gain) > 0; with nothing at risk any gain is worth it.
        thresholds.append(1.0 if at_risk <= 0 else min(1.0, r.gain / at_risk))
        deal += r.gain
        survive *= 1 - r.walk_probability
        evs.append(deal * survive + (1 - survive) * b)
    best = max(range(len(evs)), key=lambda k: (evs[k], -k))
    return Result(tuple(evs), best, tuple(thresholds))


def present(inputs: Inputs, result: Result) -> list[Block]:
    best = result.best_rounds
    verdict = "Take the deal on the table" if best == 0 else f"Go back {best} time{'s' if best > 1 else ''}, then close"
    blocks: list[Block] = [
        Summary(
            (
                ("Best plan", verdict),
                ("Expected value then", money(result.expected_values[best])),
                ("Deal on the table", money(inputs.deal_value)),
            )
        )
    ]
    rows = [("Close now", "", "", "", money(result.expected_values[0]))]
    tones = [""]
    for k, r in enumerate(inputs.rounds, start=1):
        threshold = result.reopen_thresholds[k - 1]
        pays = r.walk_probability < threshold
        rows.append(
            (
                f"Trip {k}",
                money(r.gain),
                percent(r.walk_probability),
                percent(threshold),
                money(result.expected_values[k]),
            )
        )
        tones.append("good" if pays else "bad")
    blocks.append(
        Table(
            "Each trip back: it pays only while their walk-away chance is below the threshold",
            ("Plan", "Gain if they stay", "Chance they walk", "Threshold", "Expected value"),
            tuple(rows),
            numeric=(1, 2, 3, 4),
            tones=tuple(tones),
        )
    )
    blocks.append(
        BarChart(
            "Expected value by number of trips back",
            "The expected value of closing after 0, 1, 2 or more trips back to the table, with a line at the value if they walk.",
            ("Close now",) + tuple(f"After trip {k}" for k in range(1, len(inputs.rounds) + 1)),
            (("Expected value", result.expected_values),),
            (Marker("If they walk", "x", inputs.walk_away_value),),
        )
    )
    if best < len(inputs.rounds):
        blocks.append(
            Note(
                f"Trip {best + 1} costs more in breakdown risk than it brings in: "
                f"expected value falls from {money(result.expected_values[best])} to {money(result.expected_values[best + 1])}.",
                "warning",
            )
        )
    return blocks
