"""Concession budget and schedule: how much to give, and in what steps.

Between your opening and your walk-away lies your whole **budget**; between the
opening and your target lies what you **plan** to concede, ``P``; what is left,
target to walk-away, is your **reserve**. The schedule spreads ``P`` over ``n``
rounds.

- Geometric: each concession is ``r`` times the one before, so
  ``c_k = c_1 * r ** (k - 1)`` with ``c_1 = P * (1 - r) / (1 - r ** n)``
  (``c_1 = P / n`` when ``r = 1``). Shrinking steps signal that you are near
  your limit (Raiffa 1982); the "Ackerman" plan (65, 85, 95, 100% of target) is
  ``n = 3, r = 1/2``.
- Time-dependent (Faratin, Sierra & Jennings 1998): the offer after round ``k``
  is ``opening - sign * P * (k / n) ** (1 / beta)``, with ``sign = +1`` for a
  seller and ``-1`` for a buyer. ``beta < 1`` is Boulware (hold firm, concede
  late); ``beta > 1`` is Conceder.

With the other side's offers, their concessions are compared with yours over
the same number of rounds (``reciprocity``), and their pattern is classified.

Sources: H. Raiffa, *The Art and Science of Negotiation* (1982); P. Faratin,
C. Sierra & N. R. Jennings, "Negotiation decision functions for autonomous
agents", *Robotics and Autonomous Systems* 24 (1998) 159-182; Tey, Schaerer,
Madan & Swaab, *OBHDP* 165 (2021) 153-166 (decreasing concessions);
"A deep dive into distributive concession making", *Collabra: Psychology*
9(1) (2023) (small concessions and impasse).

>>> r = compute(Inputs(role="seller", opening=130.0, target=100.0, walk_away=100.0, rounds=2, ratio=0.5))
>>> r.offers, r.concessions
((130.0, 110.0, 100.0), (20.0, 10.0))
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated

from .charts import LineChart, Marker, Series
from .fields import Choice, Number, Numbers
from .render import Block, Note, Summary, Table, money, percent

__all__ = ["Inputs", "Result", "compute", "offers_from", "schedule"]

#: Concessions smaller than this share of the planned amount read as a refusal.
SMALL_CONCESSION_SHARE = 0.05


@dataclass(frozen=True)
class Inputs:
    role: Annotated[
        str, Choice("Your role", ("seller", "buyer"), help="Selling (your offers come down) or buying (they go up)?")
    ] = "seller"
    opening: Annotated[float, Number("Opening offer", unit="money", help="Your first offer.")] = 130_000.0
    target: Annotated[
        float | None,
        Number(
            "Target",
            unit="money",
            placeholder="same as walk-away",
            help="Where you plan to end up. Empty means your walk-away.",
        ),
    ] = 110_000.0
    walk_away: Annotated[float, Number("Walk-away", unit="money", help="The worst deal you accept; beyond it, no deal.")] = (
        100_000.0
    )
    rounds: Annotated[
        int, Number("Rounds", minimum=1, maximum=100, integer=True, help="How many concessions you plan to make.")
    ] = 4
    pattern: Annotated[
        str,
        Choice(
            "Pattern",
            ("geometric", "time-dependent"),
            help="Geometric: each step a fixed fraction of the last. Time-dependent: hold firm or give early, set by beta.",
        ),
    ] = "geometric"
    ratio: Annotated[
        float,
        Number(
            "Ratio (geometric)",
            minimum=0,
            maximum=1,
            exclusive_minimum=True,
            help="Each concession as a fraction of the one before; 1 means equal steps.",
        ),
    ] = 0.5
    beta: Annotated[
        float,
        Number(
            "Beta (time-dependent)",
            minimum=0,
            exclusive_minimum=True,
            maximum=100,
            help="Below 1 holds firm and concedes late (Boulware); above 1 concedes early (Conceder).",
        ),
    ] = 0.5
    their_offers: Annotated[
        tuple[float, ...],
        Numbers(
            "Their offers so far",
            Number("Their offer", unit="money"),
            help="Optional: the other side's offers, first to last, to compare their concessions with yours.",
        ),
    ] = (90_000.0, 96_000.0, 99_000.0)

    @property
    def sign(self) -> int:
        return 1 if self.role == "seller" else -1

    @property
    def resolved_target(self) -> float:
        return self.walk_away if self.target is None else self.target

    def problems(self) -> list[tuple[str, str]]:
        t, out = self.resolved_target, []
        if self.role == "seller":
            if not self.opening > t:
                out.append(("opening", "A seller's opening offer must be above the target."))
            if not t >= self.walk_away:
                out.append(("target", "A seller's target must be at or above the walk-away."))
        else:
            if not self.opening < t:
                out.append(("opening", "A buyer's opening offer must be below the target."))
            if not t <= self.walk_away:
                out.append(("target", "A buyer's target must be at or below the walk-away."))
        return out


@dataclass(frozen=True)
class Result:
    budget: float
    planned: float
    reserve: float
    offers: tuple[float, ...]
    concessions: tuple[float, ...]
    their_concessions: tuple[float, ...] | None
    their_pattern: str | None
    reciprocity: float | None
    warnings: tuple[str, ...]


def schedule(planned: float, rounds: int, pattern: str, ratio: float, beta: float) -> tuple[float, ...]:
    """The ``rounds`` concession sizes, adding up to ``planned``, computed directly so none is a difference of large offers."""
    if pattern == "geometric":
        if ratio == 1.0:
            return tuple(planned / rounds for _ in range(rounds))
        first = planned * (1 - ratio) / (1 - ratio**rounds)
        return tuple(first * ratio**k for k in range(rounds))
    share = [(k / rounds) ** (1 / beta) for k in range(rounds + 1)]
    return tuple(planned * (share[k + 1] - share[k]) for k in range(rounds))


def offers_from(opening: float, sign: int, concessions: tuple[float, ...], planned: float) -> tuple[float, ...]:
    """Opening first, then the offer after each concession; the last is exactly ``opening - sign * planned``."""
    # min(): a sum of steps may overshoot ``planned`` by an ulp, which would put an offer past the target.
    return tuple(opening - sign * min(planned, math.fsum(concessions[:k])) for k in range(len(concessions))) + (
        opening - sign * planned,
    )


def _pattern(steps: tuple[float, ...]) -> str | None:
    if len(steps) < 2:
        return None
    scale = max(abs(s) for s in steps) or 1.0
    diffs = [b - a for a, b in zip(steps, steps[1:], strict=False)]
    tol = 1e-9 * scale
    if all(abs(d) <= tol for d in diffs):
        return "constant"
    if all(d < -tol for d in diffs):
        return "decreasing"
    if all(d > tol for d in diffs):
        return "increasing"
    return "mixed"


def compute(inputs: Inputs) -> Result:
    target, sign = inputs.resolved_target, inputs.sign
    planned = abs(inputs.opening - target)
    concessions = schedule(planned, inputs.rounds, inputs.pattern, inputs.ratio, inputs.beta)
    offers = offers_from(inputs.opening, sign, concessions, planned)
    warnings = []
    if concessions[0] > planned / 2 and inputs.rounds > 1:
        warnings.append(
            f"Your first concession, {money(concessions[0])}, is over half of all you plan to give: "
            "it tells them there is plenty more where it came from."
        )
    if target == inputs.walk_away:
        warnings.append(
            "No reserve: your target is your walk-away, so you have nothing left to trade for a last concession of theirs."
        )
    small = [k + 1 for k, c in enumerate(concessions) if c < SMALL_CONCESSION_SHARE * planned]
    if small:
        rounds_text = ", ".join(str(k) for k in small)
        warnings.append(
            f"Round {rounds_text}: concessions under {percent(SMALL_CONCESSION_SHARE)} of the plan can read as a refusal "
            "and raise the risk of impasse; make them count or hold firm openly."
        )
    their_steps = pattern = reciprocity = None
    if inputs.their_offers:
        # Their concessions move their offers towards you: up for a buyer facing a seller, down for a seller.
        their_steps = tuple(sign * (b - a) for a, b in zip(inputs.their_offers, inputs.their_offers[1:], strict=False))
        pattern = _pattern(their_steps)
        m = min(len(their_steps), len(concessions))
        yours = math.fsum(concessions[:m])
        if m > 0 and yours > 0:
            reciprocity = math.fsum(their_steps[:m]) / yours
        if any(s < 0 for s in their_steps):
            warnings.append("They have moved away from you at least once: a retreat is a hard-line signal.")
    reserve = abs(target - inputs.walk_away)
    return Result(
        abs(inputs.opening - inputs.walk_away),
        planned,
        reserve,
        offers,
        concessions,
        their_steps,
        pattern,
        reciprocity,
        tuple(warnings),
    )


def present(inputs: Inputs, result: Result) -> list[Block]:
    blocks: list[Block] = [
        Summary(
            (
                ("Budget (opening to walk-away)", money(result.budget)),
                ("Planned (opening to target)", money(result.planned)),
                ("Reserve (target to walk-away)", money(result.reserve)),
                ("First concession", money(result.concessions[0])),
            )
        )
    ]
    theirs = inputs.their_offers
    rows = []
    for k, offer in enumerate(result.offers):
        step = "" if k == 0 else money(result.concessions[k - 1])
        their_offer = money(theirs[k]) if k < len(theirs) else ""
        their_step = (
            ""
            if (k == 0 or result.their_concessions is None or k > len(result.their_concessions))
            else money(result.their_concessions[k - 1])
        )
        rows.append(("Opening" if k == 0 else f"Round {k}", money(offer), step, their_offer, their_step))
    for k in range(len(result.offers), len(theirs)):
        assert result.their_concessions is not None
        rows.append((f"Round {k}", "", "", money(theirs[k]), money(result.their_concessions[k - 1])))
    blocks.append(
        Table(
            "Your schedule, and their offers so far",
            ("Round", "Your offer", "Your concession", "Their offer", "Their concession"),
            tuple(rows),
            numeric=(1, 2, 3, 4),
        )
    )
    series = [Series("Your offers", tuple((float(k), o) for k, o in enumerate(result.offers)))]
    if theirs:
        series.append(Series("Their offers", tuple((float(k), o) for k, o in enumerate(theirs))))
    blocks.append(
        LineChart(
            "Your schedule and their offers, round by round",
            "Your planned offers from the opening to the target, and the other side's offers so far, with a line at your walk-away.",
            "Round",
            "Offer",
            tuple(series),
            (Marker("Walk-away", "y", inputs.walk_away),),
            y_format="money",
        )
    )
    if result.reciprocity is not None:
        pattern = result.their_pattern or "too few offers to tell"
        blocks.append(
            Note(
                f"Over the same rounds they have conceded {result.reciprocity:.2f} for every 1 you plan to concede; "
                f"their concessions are {pattern}."
            )
        )
    blocks.extend(Note(w, "warning") for w in result.warnings)
    return blocks
