"""The Walk-Away Option's calculators: pure models with typed, described inputs.

Each calculator is one module with an ``Inputs`` dataclass (the typed input
description), a pure ``compute(inputs) -> Result`` and a ``present`` function
that turns a result into display blocks. :data:`CALCULATORS` is the registry
the command line, the site build and the browser all read.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["CALCULATORS", "Calculator", "get"]
__version__ = "0.1.0"


@dataclass(frozen=True)
class Calculator:
    """A registry entry. The model's module is imported on first use, so that the browser,
    which needs one calculator per page, does not pay to import all of them at start-up."""

    name: str
    title: str
    question: str
    module: str
    #: The guide page that embeds it: a Markdown source path under docs/, with an optional anchor.
    doc: str

    def _load(self) -> Any:
        return importlib.import_module(f"{__name__}.{self.module}")

    @property
    def inputs(self) -> type:
        cls: type = self._load().Inputs
        return cls

    @property
    def example(self) -> Any:
        """The worked example the guide's page opens on: not the defaults, which are neutral."""
        return self._load().EXAMPLE

    @property
    def examples(self) -> Mapping[str, Any]:
        """The worked examples the page offers, by the name its switch shows, the one it opens on first:
        the module's ``EXAMPLES`` where it has several (a seller's and a buyer's plan), else its ``EXAMPLE``."""
        module = self._load()
        several: Mapping[str, Any] | None = getattr(module, "EXAMPLES", None)
        return dict(several) if several else {"The worked example": module.EXAMPLE}

    @property
    def compute(self) -> Callable[[Any], Any]:
        fn: Callable[[Any], Any] = self._load().compute
        return fn

    @property
    def present(self) -> Callable[[Any, Any], Any]:
        fn: Callable[[Any, Any], Any] = self._load().present
        return fn


CALCULATORS: Mapping[str, Calculator] = {
    c.name: c
    for c in (
        Calculator(
            "batna",
            "Walk-away (BATNA) comparison",
            "Is the deal on the table better than your best alternative to it?",
            "batna",
            "calculators/batna.md",
        ),
        Calculator(
            "zopa",
            "Bargaining range and the value of information",
            "Is there a deal to be had, what should you ask for, and what is knowing their limit worth?",
            "zopa",
            "calculators/zopa.md",
        ),
        Calculator(
            "concessions",
            "Concession budget and schedule",
            "How much can you give, in what steps, and are they giving as much back?",
            "concessions",
            "calculators/concessions.md",
        ),
        Calculator(
            "time-pressure",
            "Time pressure",
            "How does each side's hurry, and the risk of collapse, split the deal?",
            "time_pressure",
            "calculators/time-pressure.md",
        ),
        Calculator(
            "jv-postmortem",
            "Case A: going back to the well",
            "When does one more trip back to the table stop paying?",
            "jv_postmortem",
            "cases/joint-venture.md#the-calculator",
        ),
        Calculator(
            "union-postmortem",
            "Case B: trading what you were giving anyway",
            "What did secrecy and a leaked contingency plan win in the union contract?",
            "union_postmortem",
            "cases/union-contract.md#the-calculator",
        ),
        Calculator(
            "trades",
            "Trades between issues",
            "Which packages of terms are best for both sides, and which trades create value rather than only move it?",
            "trades",
            "calculators/trades.md",
        ),
        Calculator(
            "repeated",
            "The long game",
            "How likely must another deal be before restraint pays?",
            "repeated",
            "calculators/repeated.md",
        ),
        Calculator(
            "plan",
            "Your negotiation plan",
            "From \"I negotiate next week\" to a plan on one page: what are your numbers, and what do you hide, ask and trade?",
            "plan",
            "prepare.md",
        ),
        Calculator(
            "diagnosis",
            "Which negotiation are you in?",
            "Are these talks win-win or winner-takes-all?",
            "diagnosis",
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
