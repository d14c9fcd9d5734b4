"""One-at-a-time sensitivity (a tornado), for any calculator.

Each numeric input is moved, alone, down and up by ``percent`` of its value.
A move is only computed when the moved inputs pass the same checks as typed
input (each field's bounds and every cross-field rule); otherwise that end is
out of range, never a result.
For each we record the key output at both ends and, when the decision changes
somewhere inside the range, the smallest move that changes it (found by
bisection, assuming one change per direction). The inputs are found from the
input description, so no calculator lists them by hand.

Reference: the tornado diagram of decision analysis, e.g. R. Clemen & T. Reilly,
*Making Hard Decisions* (2001), ch. 5.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from .fields import Number, check, numbers_in, walk

__all__ = ["SENSITIVITY_RANGE", "Swing", "label_for", "numeric_inputs", "replace_at", "tornado"]

#: The input every calculator with a tornado declares as ``sensitivity_percent``.
SENSITIVITY_RANGE = Number(
    "Sensitivity range",
    unit="% up and down",
    gt=0,
    le=100,
    help="How far to move each input, alone, to see which ones could change the answer.",
)

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Swing:
    input: str
    value: float
    low: float | None  # the output with the input moved down by the range (None: no such output, e.g. no deal)
    high: float | None  # ... and up
    flips_at_percent: float | None  # the smallest move, in percent, that changes the decision
    #: False when the move would make inputs a reader could not type (a rate below 0, a low estimate above
    #: the high one): that end is out of range, and its output is None.
    low_in_range: bool = True
    high_in_range: bool = True


def numeric_inputs(obj: Any, skip: frozenset[str]) -> Iterator[tuple[Path, float]]:
    """Paths to the non-zero, non-integer numeric inputs, wherever the description puts them (``skip`` names fields
    never to move, nor anything inside them): a percentage of 0 moves nothing, and a whole number cannot move by one."""
    for path, meta, value in numbers_in(obj):
        if not meta.integer and value != 0 and skip.isdisjoint(p for p in path if isinstance(p, str)):
            yield path, value


def replace_at(obj: Any, path: Path, value: float) -> Any:
    """A copy of the input dataclass with the value at ``path`` replaced: a field, an entry of a list, or either
    inside a list's entry or a section."""
    head, *rest = path
    assert isinstance(head, str)
    if not rest:
        return dataclasses.replace(obj, **{head: value})
    inner = getattr(obj, head)
    index = rest[0]
    if not isinstance(index, int):  # a section's field
        return dataclasses.replace(obj, **{head: replace_at(inner, tuple(rest), value)})
    items = list(inner)
    items[index] = value if len(rest) == 1 else replace_at(items[index], tuple(rest[1:]), value)
    return dataclasses.replace(obj, **{head: tuple(items)})


def label_for(obj: Any, path: Path) -> str:
    """A reader's name for an input: "Harbor Corp's offer › Value", "Annual discount rate"."""
    words: list[str] = []
    current = obj
    for field, index in walk(type(obj), path):
        current = getattr(current, field.name)
        if index is None:
            words.append(field.label)
            continue
        current = current[index]
        name = getattr(current, "name", None)
        words.append(name if isinstance(name, str) and name else field.meta.place_word(field, index) or field.label)
    return " \u203a ".join(words)


#: Bisection steps: the range / 2**24, far finer than the one decimal shown.
_STEPS = 24


def _in_range(at: Callable[[float], Any], sign: int, share: float) -> bool:
    return at(sign * share) is not None


def _last_valid(valid: Callable[[float], bool], reach: float) -> float:
    """The largest move in ``[0, reach]`` that is still valid, assuming validity is lost once, at one point."""
    lo, hi = 0.0, reach
    for _ in range(_STEPS):
        mid = (lo + hi) / 2
        if valid(mid):
            lo = mid
        else:
            hi = mid
    return lo


def tornado(
    inputs: Any,
    compute: Callable[[Any], Any],
    output: Callable[[Any], float | None],
    decision: Callable[[Any], Hashable],
    skip: frozenset[str] = frozenset(),
) -> tuple[Swing, ...]:
    """Swings of ``output`` for each input moved by +-``inputs.sensitivity_percent``, largest first."""
    percent: float = inputs.sensitivity_percent
    skip = skip | {"sensitivity_percent"}
    base = compute(inputs)
    base_decision = decision(base)
    swings = []
    for path, value in numeric_inputs(inputs, skip):

        def at(share: float, path: Path = path, value: float = value) -> Any:
            moved = replace_at(inputs, path, value * (1 + share))
            return None if check(moved) else compute(moved)  # only inputs a reader could have typed

        ends = {sign: at(sign * percent / 100) for sign in (-1, 1)}
        flips: list[float] = []
        for sign, end in ends.items():
            reach, probe = percent / 100, end
            if probe is None:  # out of range at the end: look for a flip up to the last move still in range
                reach = _last_valid(partial(_in_range, at, sign), reach)
                probe = at(sign * reach) if reach > 0 else None
            if probe is not None and decision(probe) != base_decision:
                lo, hi = 0.0, reach
                for _ in range(_STEPS):
                    mid = (lo + hi) / 2
                    r = at(sign * mid)
                    if r is not None and decision(r) != base_decision:
                        hi = mid
                    else:
                        lo = mid
                flips.append(hi * 100)
        low = output(ends[-1]) if ends[-1] is not None else None
        high = output(ends[1]) if ends[1] is not None else None
        flip = min(flips) if flips else None
        swings.append(Swing(label_for(inputs, path), value, low, high, flip, ends[-1] is not None, ends[1] is not None))
    swings.sort(key=lambda s: -abs(s.high - s.low) if s.high is not None and s.low is not None else 0.0)
    return tuple(swings)
