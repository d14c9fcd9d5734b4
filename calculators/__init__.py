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

from . import batna

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
        ),
    )
}


def get(name: str) -> Calculator:
    """The calculator called ``name``; ``KeyError`` names the known ones."""
    try:
        return CALCULATORS[name]
    except KeyError:
        raise KeyError(f"no calculator called {name!r}; the calculators are: {', '.join(CALCULATORS)}") from None
