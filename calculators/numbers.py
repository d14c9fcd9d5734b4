"""Numbers in words: every number a reader sees, in a form field, a message, a table, a summary or a chart.

One module, so that the same amount is written the same way wherever it appears, in CPython at build time and in
Pyodide in the browser:

- :func:`number`, a number as typed: ``0.5``, ``12``, ``1,500,000`` (form fields, messages, bounds);
- :func:`money`, an amount: whole units with thousands separators, cents below 100, a true minus sign;
- :func:`percent`, a share as a percentage: ``0.125`` is ``12.5%``;
- :func:`short`, a number for a chart's axis or bar label, three significant figures: ``1.5M``, ``\u2212250k``, ``35%``.

>>> number(1_500_000), money(-1234.5), percent(0.125), short(1_500_000, "money")
('1,500,000', '\u22121,234', '12.5%', '1.5M')
"""

from __future__ import annotations

import math

__all__ = ["MAX_MAGNITUDE", "MINUS", "money", "number", "percent", "short"]

#: No number may be larger than this in size: 10**15, a thousand trillion. Money beyond it is not a negotiation
#: this guide can help with, and every model stays exact to the unit and finite below it.
MAX_MAGNITUDE = 1e15

#: The minus sign (U+2212) of amounts and chart labels: a hyphen is narrower than a digit and breaks a line.
MINUS = "\u2212"


def number(x: float) -> str:
    """A number as a reader would write it: 0.5, 12, 1,500,000; ten significant figures at most.

    >>> number(0.5), number(12.0), number(1234.5678), number(1e16), number(float("nan"))
    ('0.5', '12', '1,234.5678', '1e+16', 'nan')
    """
    if not math.isfinite(x):
        return str(x)
    if x == int(x) and abs(x) <= MAX_MAGNITUDE:
        return f"{int(x):,}"
    return f"{x:,.10g}" if abs(x) >= 1000 else f"{x:.10g}"


def money(x: float) -> str:
    """A money amount: whole units with thousands separators; cents below 100.

    >>> money(1_160_000), money(-180_000), money(12.5), money(-0.001)
    ('1,160,000', '\u2212180,000', '12.50', '0')
    """
    if not math.isfinite(x):
        return str(x)
    sign = MINUS if x < 0 else ""
    ax = abs(x)
    text = f"{ax:,.2f}" if ax < 100 and round(ax, 2) != round(ax) else f"{ax:,.0f}"
    if text.strip("0.,") == "":
        sign = ""
    return sign + text


def percent(p: float, places: int = 1, *, figures: int | None = None) -> str:
    """A share (0.125) as a percentage with ``places`` decimals ("12.5%"), or to ``figures`` significant figures.

    >>> percent(0.125), percent(0.035, 2), percent(0.123456, figures=4), percent(0.5, figures=4)
    ('12.5%', '3.50%', '12.35%', '50%')
    """
    if figures is not None:
        return f"{p * 100:.{figures}g}%"
    return f"{p * 100:.{places}f}%"


def short(x: float, kind: str) -> str:
    """A number for a chart's tick or bar label: ``kind`` "percent" (a share, whole percent), "money" (three
    significant figures with k, M or B) or "number" (three significant figures).

    >>> short(0.35, "percent"), short(-250_000, "money"), short(1234, "number")
    ('35%', '\u2212250k', '1.23e+03')
    """
    if kind == "percent":
        return percent(x, 0)
    ax = abs(x)
    sign = MINUS if x < 0 else ""
    if kind == "money":
        for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
            if ax >= size:
                return f"{sign}{ax / size:.3g}{suffix}"
    return f"{sign}{ax:.3g}"
