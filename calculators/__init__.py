"""The Walk-Away Option's calculators: pure models with typed, described inputs.

Each calculator is one module with an ``Inputs`` dataclass (the typed input
description), a pure ``compute(inputs) -> Result`` and a ``present`` function
that turns a result into display blocks. :data:`CALCULATORS` is the registry
the command line, the site build and the browser all read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from . import batna, concessions, diagnosis, jv_postmortem, repeated, time_pressure, union_postmortem, zopa

__all__ = ["CALCULATORS", "Calculator", "get"]
__version__ = "0.1.0"


@dataclass(frozen=True)
class Calculator:
    name: str
    title: str
    question: str
    inputs: type
    compute: Callable[[Any], Any]
    present: Callable[[Any, Any], Any]
    #: The guide page that embeds it: a Markdown source path under docs/, with an optional anchor.
    doc: str


CALCULATORS: Mapping[str, Calculator] = {
    c.name: c
    for c in (
        Calculator(
            "batna",
            "Walk-away (BATNA) comparison",
            "Is the deal on the table better than your best alternative to it?",
            batna.Inputs,
            batna.compute,
            batna.present,
            "calculators/batna.md",
        ),
        Calculator(
            "zopa",
            "Bargaining range and the value of information",
            "Is there a deal to be had, what should you ask for, and what is knowing their limit worth?",
            zopa.Inputs,
            zopa.compute,
            zopa.present,
            "calculators/zopa.md",
        ),
        Calculator(
            "concessions",
            "Concession budget and schedule",
            "How much can you give, in what steps, and are they giving as much back?",
            concessions.Inputs,
            concessions.compute,
            concessions.present,
            "calculators/concessions.md",
        ),
        Calculator(
            "time-pressure",
            "Time pressure",
            "How does each side's hurry, and the risk of collapse, split the deal?",
            time_pressure.Inputs,
            time_pressure.compute,
            time_pressure.present,
            "calculators/time-pressure.md",
        ),
        Calculator(
            "jv-postmortem",
            "Case A: going back to the well",
            "When does one more trip back to the table stop paying?",
            jv_postmortem.Inputs,
            jv_postmortem.compute,
            jv_postmortem.present,
            "cases/joint-venture.md#the-calculator",
        ),
        Calculator(
            "union-postmortem",
            "Case B: trading what you were giving anyway",
            "What did secrecy and a leaked contingency plan win in the union contract?",
            union_postmortem.Inputs,
            union_postmortem.compute,
            union_postmortem.present,
            "cases/union-contract.md#the-calculator",
        ),
        Calculator(
            "repeated",
            "The long game",
            "How likely must another deal be before restraint pays?",
            repeated.Inputs,
            repeated.compute,
            repeated.present,
            "calculators/repeated.md",
        ),
        Calculator(
            "diagnosis",
            "Which negotiation are you in?",
            "Are these talks win-win or winner-takes-all?",
            diagnosis.Inputs,
            diagnosis.compute,
            diagnosis.present,
            "win-win-or-winner-takes-all.md#which-one-are-you-in",
        ),
    )
}


def get(name: str) -> Calculator:
    """The calculator called ``name``; ``KeyError`` names the known ones."""
    try:
        return CALCULATORS[name]
    except KeyError:
        raise KeyError(f"no calculator called {name!r}; the calculators are: {', '.join(CALCULATORS)}") from None
