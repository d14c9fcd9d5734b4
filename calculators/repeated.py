"""The long game: when does meeting again make cooperation pay?

Each time the two sides meet, each can cooperate or push hard. Pushing hard
against a cooperator pays the temptation ``T``; both cooperating pays the
reward ``R``; both pushing pays the punishment ``P``; cooperating against a
hard pusher pays the sucker's payoff ``S``, with ``T > R > P > S``. After each
meeting there is a further one with probability ``w``.

- Grim trigger (cooperate until they defect, then never again) sustains
  cooperation when ``w >= (T - R) / (T - P)``.
- Tit for tat (copy their last move) needs ``w >= max((T - R) / (T - P), (T - R) / (R - S))``.

The likelier you are to meet again, the more the relationship is worth, and
the less it pays to squeeze the other side now.

Sources: R. Axelrod, *The Evolution of Cooperation* (1984); R. Axelrod &
W. D. Hamilton, "The evolution of cooperation", *Science* 211 (1981)
1390-1396; J. Friedman, "A non-cooperative equilibrium for supergames",
*Review of Economic Studies* 38 (1971) 1-12 (grim trigger).

>>> r = compute(Inputs(temptation=5, reward=3, punishment=1, sucker=0, continuation_probability=0.7))
>>> round(r.tit_for_tat_threshold, 9), r.grim_trigger_threshold, r.cooperation_sustainable
(0.666666667, 0.5, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from .charts import LineChart, Marker, Series
from .fields import Number
from .render import Block, Note, Summary, Table, percent

__all__ = ["Inputs", "Result", "compute"]


@dataclass(frozen=True)
class Inputs:
    temptation: Annotated[
        float, Number("Temptation (T)", unit="value", help="Your payoff for pushing hard while they cooperate.")
    ] = 5.0
    reward: Annotated[float, Number("Reward (R)", unit="value", help="Each side's payoff when both cooperate.")] = 3.0
    punishment: Annotated[float, Number("Punishment (P)", unit="value", help="Each side's payoff when both push hard.")] = 1.0
    sucker: Annotated[
        float, Number("Sucker's payoff (S)", unit="value", help="Your payoff for cooperating while they push hard.")
    ] = 0.0
    continuation_probability: Annotated[
        float,
        Number(
            "Chance of meeting again (w)",
            minimum=0,
            maximum=1,
            exclusive_maximum=True,
            help="After each deal, the chance there is another one with the same party, from 0 up to (not including) 1.",
        ),
    ] = 0.7

    def problems(self) -> list[tuple[str, str]]:
        out = []
        if not self.temptation > self.reward:
            out.append(("temptation", "Temptation (T) must be greater than the reward (R)."))
        if not self.reward > self.punishment:
            out.append(("reward", "The reward (R) must be greater than the punishment (P)."))
        if not self.punishment > self.sucker:
            out.append(("punishment", "The punishment (P) must be greater than the sucker's payoff (S)."))
        return out


@dataclass(frozen=True)
class Result:
    tit_for_tat_threshold: float
    grim_trigger_threshold: float
    cooperation_sustainable: bool


def compute(inputs: Inputs) -> Result:
    t, r, p, s = inputs.temptation, inputs.reward, inputs.punishment, inputs.sucker
    grim = (t - r) / (t - p)
    tft = max(grim, (t - r) / (r - s))
    return Result(tft, grim, inputs.continuation_probability >= tft)


def present(inputs: Inputs, result: Result) -> list[Block]:
    w = inputs.continuation_probability
    blocks: list[Block] = [
        Summary(
            (
                ("Cooperation holds (tit for tat)", "yes" if result.cooperation_sustainable else "no"),
                ("Needed chance of meeting again", percent(result.tit_for_tat_threshold)),
                ("Your chance of meeting again", percent(w)),
            )
        )
    ]
    if result.cooperation_sustainable:
        blocks.append(
            Note("You are likely enough to meet again that restraint pays: temper your tactics to keep the relationship.")
        )
    elif w >= result.grim_trigger_threshold:
        blocks.append(
            Note(
                "Only a harsh strategy (never forgive a defection) holds cooperation here; copying their last move does not.",
                "warning",
            )
        )
    else:
        blocks.append(
            Note("The future is too uncertain to discipline either side: treat this as a one-off and play to win it.", "warning")
        )
    t, r, p = inputs.temptation, inputs.reward, inputs.punishment
    ws = [k / 20 for k in range(20)] + [0.99]
    blocks.append(
        LineChart(
            "Cooperating against pushing hard, by the chance of meeting again",
            "Average payoff per deal of cooperating for ever, against pushing hard once and being punished after, for each "
            "chance of meeting again; cooperation pays where its line is higher, right of the grim-trigger threshold.",
            "Chance of meeting again (w)",
            "Average payoff per deal",
            (
                Series("Cooperate", tuple((x, r) for x in ws)),
                Series("Push hard once", tuple((x, (1 - x) * t + x * p) for x in ws)),
            ),
            (Marker("You", "x", w), Marker("Tit for tat", "x", result.tit_for_tat_threshold)),
            x_format="percent",
            height=240,
        )
    )
    blocks.append(
        Table(
            "Thresholds: cooperation needs a chance of meeting again at least this high",
            ("Strategy", "Threshold", "Holds at your w?"),
            (
                ("Grim trigger", percent(result.grim_trigger_threshold), "yes" if w >= result.grim_trigger_threshold else "no"),
                ("Tit for tat", percent(result.tit_for_tat_threshold), "yes" if result.cooperation_sustainable else "no"),
            ),
            numeric=(1,),
        )
    )
    return blocks
