"""Time pressure: how patience, and the risk that talks collapse, split the pie.

Two sides take turns making offers over a pie. Every round of delay shrinks
what a deal is worth to each side by its per-round discount factor, and after
each rejection the talks may collapse for good with a breakdown probability
``q``. Both act like impatience, so each side's effective factor is
``d_i = delta_i * (1 - q)``. In the unique equilibrium (Rubinstein 1982) the
first offer is accepted at once, and the proposer's share is

    ``(1 - d_responder) / (1 - d_1 * d_2)``;

the responder gets the rest. The more impatient side gets less: "the person
in the greatest hurry gets the worst deal". A cost of delay in money per round
``c`` is converted to a factor as ``delta = 1 - c / pie``.

Sources: A. Rubinstein, "Perfect equilibrium in a bargaining model",
*Econometrica* 50 (1982) 97-109; K. Binmore, A. Rubinstein & A. Wolinsky,
"The Nash bargaining solution in economic modelling", *RAND Journal of
Economics* 17 (1986) 176-188.

>>> r = compute(Inputs(pie=19.0, your_discount=0.9, their_discount=0.9))
>>> round(r.your_share, 9), round(r.their_share, 9)
(10.0, 9.0)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Annotated

from .charts import LineChart, Marker, Series
from .fields import Flag, Number
from .render import Block, Note, Summary, Table, money, percent

__all__ = ["Inputs", "Result", "compute", "proposer_fraction"]

_FACTOR = {"minimum": 0, "maximum": 1, "exclusive_minimum": True, "exclusive_maximum": True}


@dataclass(frozen=True)
class Inputs:
    pie: Annotated[
        float,
        Number("Size of the pie", unit="money", minimum=0, exclusive_minimum=True, help="The value a deal creates, to be split."),
    ] = 100_000.0
    your_discount: Annotated[
        float,
        Number(
            "Your patience",
            unit="per-round factor",
            help="What a deal one round later is worth to you, as a fraction of a deal now: 0.95 is patient, 0.6 in a hurry.",
            **_FACTOR,
        ),
    ] = 0.8
    their_discount: Annotated[
        float,
        Number("Their patience", unit="per-round factor", help="The same, for the other side.", **_FACTOR),
    ] = 0.95
    you_propose_first: Annotated[bool, Flag("You make the first offer", help="Whoever proposes first has a small edge.")] = True
    breakdown_probability: Annotated[
        float,
        Number(
            "Breakdown risk",
            unit="per rejection, 0 to 1",
            minimum=0,
            maximum=1,
            exclusive_maximum=True,
            help="The chance the talks collapse for good after each rejected offer.",
        ),
    ] = 0.0
    your_cost_per_round: Annotated[
        float | None,
        Number(
            "Your cost of delay",
            unit="money per round",
            minimum=0,
            placeholder="use your patience",
            help="Optional: what each round of delay costs you. It replaces your patience factor with 1 - cost / pie.",
        ),
    ] = None
    their_cost_per_round: Annotated[
        float | None,
        Number(
            "Their cost of delay",
            unit="money per round",
            minimum=0,
            placeholder="use their patience",
            help="Optional: the same, for them.",
        ),
    ] = None

    def problems(self) -> list[tuple[str, str]]:
        out = []
        for name in ("your_cost_per_round", "their_cost_per_round"):
            cost = getattr(self, name)
            if cost is not None and not cost < self.pie:
                out.append((name, "A cost of delay must be less than the pie, or nobody would wait a round."))
            if cost is not None and cost == 0:
                out.append((name, "A cost of delay of 0 means infinite patience; enter a small positive cost instead."))
        return out


@dataclass(frozen=True)
class Result:
    your_share: float
    their_share: float
    your_fraction: float
    your_effective_discount: float
    their_effective_discount: float


def proposer_fraction(d_proposer: float, d_responder: float) -> float:
    """Rubinstein's first-proposer share of a pie of 1: ``(1 - d_responder) / (1 - d_proposer * d_responder)``."""
    return (1 - d_responder) / (1 - d_proposer * d_responder)


def _factors(inputs: Inputs) -> tuple[float, float]:
    yours = inputs.your_discount if inputs.your_cost_per_round is None else 1 - inputs.your_cost_per_round / inputs.pie
    theirs = inputs.their_discount if inputs.their_cost_per_round is None else 1 - inputs.their_cost_per_round / inputs.pie
    keep = 1 - inputs.breakdown_probability
    return yours * keep, theirs * keep


def compute(inputs: Inputs) -> Result:
    d_you, d_them = _factors(inputs)
    fraction = proposer_fraction(d_you, d_them) if inputs.you_propose_first else 1 - proposer_fraction(d_them, d_you)
    yours = inputs.pie * fraction
    return Result(yours, inputs.pie - yours, fraction, d_you, d_them)


PATIENCE_STEPS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99)


def present(inputs: Inputs, result: Result) -> list[Block]:
    blocks: list[Block] = [
        Summary(
            (
                ("Your share", money(result.your_share)),
                ("Their share", money(result.their_share)),
                ("Your fraction", percent(result.your_fraction)),
            )
        )
    ]
    if result.your_effective_discount < result.their_effective_discount:
        blocks.append(
            Note(
                "You are the one in a hurry. Making their delay costlier, or yours cheaper, "
                "moves the split more than any argument."
            )
        )

    def at_patience(patience: float) -> Result:
        """The same talks with your patience set to ``patience`` (and your cost of delay ignored)."""
        return compute(dataclasses.replace(inputs, your_discount=patience, your_cost_per_round=None))

    you_now = 1 - inputs.your_cost_per_round / inputs.pie if inputs.your_cost_per_round is not None else inputs.your_discount
    blocks.append(
        LineChart(
            "Your share as your patience varies",
            "Your share of the pie for each level of your own patience, the other side's held as entered; the marker shows where you stand.",
            "Your patience (per-round factor)",
            "Your share",
            (Series("Your share", tuple((x, at_patience(x).your_share) for x in (0.30 + 0.69 * k / 46 for k in range(47)))),),
            (Marker("You", "x", you_now),),
            y_format="money",
            height=240,
        )
    )
    rows = []
    for patience in PATIENCE_STEPS:
        r = at_patience(patience)
        rows.append((f"{patience:g}", money(r.your_share), percent(r.your_fraction)))
    blocks.append(
        Table(
            "Your share as your patience varies (theirs as entered)",
            ("Your patience", "Your share", "Your fraction"),
            tuple(rows),
            numeric=(0, 1, 2),
        )
    )
    blocks.append(
        Table(
            "Effective per-round factors, after breakdown risk",
            ("Side", "Factor"),
            (("You", f"{result.your_effective_discount:.4f}"), ("Them", f"{result.their_effective_discount:.4f}")),
            numeric=(1,),
        )
    )
    return blocks
