"""Concession budget and schedule: how much to give, and in what steps.

Between your opening and your walk-away lies your whole **budget**; between the
opening and your target lies what you **plan** to concede, ``P``; what is left,
target to walk-away, is your **reserve**. With no target, the target is the
walk-away: you plan to give the whole budget and keep no reserve. The schedule
spreads ``P`` over ``n`` rounds.

- Geometric: each concession is ``r`` times the one before, so
  ``c_k = c_1 * r ** (k - 1)`` with ``c_1 = P * (1 - r) / (1 - r ** n)``
  (``c_1 = P / n`` when ``r = 1``). Shrinking steps signal that you are near
  your limit (Raiffa 1982); the "Ackerman" plan (65, 85, 95, 100% of target) is
  ``n = 3, r = 1/2``.
- Time-dependent (Faratin, Sierra & Jennings 1998): the offer after round ``k``
  is ``opening - sign * P * (k / n) ** (1 / beta)``, with ``sign = +1`` for a
  seller and ``-1`` for a buyer. ``beta < 1`` is Boulware (hold firm, concede
  late: the steps grow); ``beta > 1`` is Conceder (the steps shrink); ``beta = 1``
  gives equal steps.

The shape of the schedule is judged by each step's size against the one
before, ``q_k = c_(k+1) / c_k`` (``r`` itself for a geometric plan). Tey,
Schaerer, Madan & Swaab (2021) found that shrinking concessions make the other
side counter less ambitiously than other patterns, most of all when they
shrink at a moderate rate. The paper's own numbers for "moderate" were not
checked, so the lines here are ours: a step under a quarter of the one before
is a *steep* drop, one over three quarters of it barely shrinks (*gentle*).
Likewise ours: a step under 5% of the plan is *small*; small concessions raise
the rate of impasse ("A deep dive into distributive concession making", 2023),
which gives no such line. Every line is compared with a relative tolerance of
``1e-9``, so a step exactly on a line is never misjudged by rounding.

With the other side's offers, their concessions are compared with yours over
the same number of rounds (``reciprocity``), and their pattern is classified.

Sources: H. Raiffa, *The Art and Science of Negotiation* (1982); P. Faratin,
C. Sierra & N. R. Jennings, "Negotiation decision functions for autonomous
agents", *Robotics and Autonomous Systems* 24 (1998) 159-182; K. S. Tey,
M. Schaerer, N. Madan & R. I. Swaab, "The impact of concession patterns on
negotiations: when and why decreasing concessions lead to a distributive
disadvantage", *OBHDP* 165 (2021) 153-166; "A deep dive into distributive
concession making", *Collabra: Psychology* 9(1) (2023) (small concessions and
impasse).

>>> r = compute(Inputs(role="seller", opening=130.0, target=100.0, walk_away=100.0, rounds=2, ratio=0.5))
>>> r.offers, r.concessions, r.shape
((130.0, 110.0, 100.0), (20.0, 10.0), 'shrinking')
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Literal

from .charts import LineChart, Marker, Series
from .fields import Choice, Number, Numbers
from .numbers import money, percent
from .render import Block, Note, Summary, Table

__all__ = ["EXAMPLE", "Inputs", "Result", "compute", "offers_from", "schedule", "shares", "step_ratios"]

#: Our line, not the research's: a concession under this share of the plan is *small*.
SMALL_CONCESSION_SHARE = 0.05
#: Our line: a concession under this fraction of the one before is a *steep* drop.
STEEP_RATIO = 0.25
#: Our line: a concession over this fraction of the one before barely shrinks (*gentle*).
GENTLE_RATIO = 0.75
#: The least the opening may differ from the target: there must be something to concede.
MIN_PLAN = 0.01
#: Relative tolerance of every comparison with a line, so that a step exactly on it is judged as on it.
REL_TOL = 1e-9


@dataclass(frozen=True, kw_only=True)
class Inputs:
    role: Annotated[
        Literal["seller", "buyer"],
        Choice("Your role", help="Selling (your offers come down) or buying (they go up)?"),
    ] = "seller"
    opening: Annotated[
        float, Number("Opening offer", unit="money", help="Your first offer, at least 0.01 away from your target.")
    ]
    target: Annotated[
        float | None,
        Number(
            "Target",
            unit="money",
            placeholder="same as walk-away",
            help="Where you plan to end up. Empty: you plan to concede all the way to your walk-away, keeping no reserve.",
            default_note="the walk-away value",
        ),
    ] = None
    walk_away: Annotated[float, Number("Walk-away", unit="money", help="The worst deal you accept; beyond it, no deal.")]
    rounds: Annotated[int, Number("Rounds", ge=1, le=100, integer=True, help="How many concessions you plan to make.")] = 4
    pattern: Annotated[
        Literal["geometric", "time-dependent"],
        Choice(
            "Pattern",
            help="Geometric: each step a fixed fraction of the last. Time-dependent: hold firm or give early, set by beta.",
        ),
    ] = "geometric"
    ratio: Annotated[
        float,
        Number(
            "Ratio (geometric)",
            ge=0.01,
            le=1,
            help="Each concession as a fraction of the one before: 0.5 halves each step; 1 means equal steps.",
        ),
    ] = 1.0
    beta: Annotated[
        float,
        Number(
            "Beta (time-dependent)",
            ge=0.01,
            le=100,
            help="Below 1 holds firm and concedes late (Boulware); above 1 concedes early (Conceder); 1 gives equal steps.",
        ),
    ] = 1.0
    their_offers: Annotated[
        tuple[float, ...],
        Numbers(
            "Their offers so far",
            Number("Their offer", unit="money"),
            help="Optional: the other side's offers, first to last, to compare their concessions with yours.",
        ),
    ] = ()

    @property
    def sign(self) -> int:
        return 1 if self.role == "seller" else -1

    @property
    def resolved_target(self) -> float:
        return self.walk_away if self.target is None else self.target

    def problems(self) -> list[tuple[str, str]]:
        t, out = self.resolved_target, []
        aim = "the target" if self.target is not None else "the walk-away (your target, as you gave none)"
        if self.role == "seller":
            if not self.opening - t >= MIN_PLAN:
                out.append(("opening", f"A seller's opening offer must be at least {MIN_PLAN} above {aim}."))
            if not t >= self.walk_away:
                out.append(("target", "A seller's target must be at or above the walk-away."))
        else:
            if not t - self.opening >= MIN_PLAN:
                out.append(("opening", f"A buyer's opening offer must be at least {MIN_PLAN} below {aim}."))
            if not t <= self.walk_away:
                out.append(("target", "A buyer's target must be at or below the walk-away."))
        return out


#: The page's worked example: a seller opening at 130,000, aiming at 110,000, walking away below 100,000.
EXAMPLE = Inputs(
    role="seller",
    opening=130_000.0,
    target=110_000.0,
    walk_away=100_000.0,
    rounds=4,
    pattern="geometric",
    ratio=0.5,
    beta=0.5,
    their_offers=(90_000.0, 96_000.0, 99_000.0),
)


@dataclass(frozen=True)
class Result:
    budget: float
    planned: float
    reserve: float
    offers: tuple[float, ...]
    concessions: tuple[float, ...]
    #: Each concession divided by the one before (``rounds - 1`` of them).
    step_ratios: tuple[float, ...]
    #: "shrinking", "equal" or "growing"; ``None`` for a single concession.
    shape: str | None
    #: Rounds whose concession is under a quarter of the one before (our line).
    steep_rounds: tuple[int, ...]
    #: Rounds whose concession shrinks, but is over three quarters of the one before (our line).
    gentle_rounds: tuple[int, ...]
    #: Rounds whose concession is under 5% of the plan (our line).
    small_rounds: tuple[int, ...]
    their_concessions: tuple[float, ...] | None
    their_pattern: str | None
    reciprocity: float | None
    warnings: tuple[str, ...]


def shares(rounds: int, pattern: str, ratio: float, beta: float) -> tuple[float, ...]:
    """Each concession's share of the plan; they add up to 1. Every share is positive within the inputs' bounds."""
    if rounds == 1:
        return (1.0,)
    if pattern == "geometric":
        if ratio == 1.0:
            return tuple(1 / rounds for _ in range(rounds))
        # 1 - r**n written as -expm1(n ln r), exact to the last digits even for r close to 1.
        first = (1 - ratio) / -math.expm1(rounds * math.log(ratio))
        return tuple(first * ratio**k for k in range(rounds))
    a = 1 / beta
    out = [(1 / rounds) ** a]
    for k in range(2, rounds + 1):
        # (k/n)^a - ((k-1)/n)^a, written as ((k-1)/n)^a * (e^(a ln(k/(k-1))) - 1): no difference of near-equal numbers.
        out.append(((k - 1) / rounds) ** a * math.expm1(a * math.log(k / (k - 1))))
    return tuple(out)


def schedule(planned: float, rounds: int, pattern: str, ratio: float, beta: float) -> tuple[float, ...]:
    """The ``rounds`` concession sizes, adding up to ``planned``, computed directly so none is a difference of large offers."""
    if pattern == "geometric" and ratio == 1.0:
        return tuple(planned / rounds for _ in range(rounds))  # P / n rounded once, not P * (1 / n) rounded twice
    return tuple(planned * s for s in shares(rounds, pattern, ratio, beta))


def step_ratios(rounds: int, pattern: str, ratio: float, beta: float) -> tuple[float, ...]:
    """Each concession divided by the one before: exactly ``ratio`` for a geometric plan."""
    if pattern == "geometric":
        return (ratio,) * (rounds - 1)
    s = shares(rounds, pattern, ratio, beta)
    return tuple(b / a for a, b in zip(s, s[1:], strict=False))


def offers_from(opening: float, target: float, concessions: tuple[float, ...]) -> tuple[float, ...]:
    """Opening first, then the offer after each concession; the last is exactly the target.

    No offer passes the target: a sum of steps may overshoot the plan by an ulp, and ``opening - plan`` may round
    past a target much smaller than the opening (1 - 1e-80 is 1).
    """
    if opening >= target:  # a seller: offers come down to the target
        inner = tuple(max(target, opening - math.fsum(concessions[:k])) for k in range(1, len(concessions)))
    else:
        inner = tuple(min(target, opening + math.fsum(concessions[:k])) for k in range(1, len(concessions)))
    return (opening, *inner, target)


def _shape(rounds: int, pattern: str, ratio: float, beta: float) -> str | None:
    """Whether the steps shrink, stay equal or grow: read from the parameters, so never misjudged by rounding."""
    if rounds < 2:
        return None
    if pattern == "geometric":
        return "equal" if ratio == 1.0 else "shrinking"
    return "equal" if beta == 1.0 else ("shrinking" if beta > 1.0 else "growing")


def _pattern(steps: tuple[float, ...]) -> str | None:
    if len(steps) < 2:
        return None
    diffs = [b - a for a, b in zip(steps, steps[1:], strict=False)]
    tol = REL_TOL * max(abs(s) for s in steps)  # steps within a billionth of the largest count as equal
    if all(abs(d) <= tol for d in diffs):
        return "constant"
    if all(d < -tol for d in diffs):
        return "decreasing"
    if all(d > tol for d in diffs):
        return "increasing"
    return "mixed"


def _rounds_text(rounds: tuple[int, ...]) -> str:
    """``(3,)`` as "Round 3"; ``(1, 2, 3, 5, 6)`` as "Rounds 1 to 3, 5, 6": runs of three or more shortened."""
    runs: list[list[int]] = []
    for k in rounds:
        if runs and k == runs[-1][-1] + 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    parts = [f"{r[0]} to {r[-1]}" if len(r) > 2 else ", ".join(str(k) for k in r) for r in runs]
    return ("Round " if len(rounds) == 1 else "Rounds ") + ", ".join(parts)


TEY = "Tey, Schaerer, Madan and Swaab (2021)"


def compute(inputs: Inputs) -> Result:
    target, sign, n = inputs.resolved_target, inputs.sign, inputs.rounds
    planned = abs(inputs.opening - target)
    share = shares(n, inputs.pattern, inputs.ratio, inputs.beta)
    concessions = schedule(planned, n, inputs.pattern, inputs.ratio, inputs.beta)
    offers = offers_from(inputs.opening, target, concessions)
    ratios = step_ratios(n, inputs.pattern, inputs.ratio, inputs.beta)
    shape = _shape(n, inputs.pattern, inputs.ratio, inputs.beta)
    steep: tuple[int, ...] = ()
    gentle: tuple[int, ...] = ()
    if shape == "shrinking":
        steep = tuple(k + 2 for k, q in enumerate(ratios) if q < STEEP_RATIO * (1 - REL_TOL))
        gentle = tuple(k + 2 for k, q in enumerate(ratios) if q > GENTLE_RATIO * (1 + REL_TOL))
    small = tuple(k + 1 for k, s in enumerate(share) if s < SMALL_CONCESSION_SHARE * (1 - REL_TOL))

    warnings = []
    if shape == "equal":
        warnings.append(
            "Your concessions are all the same size. In experiments by "
            f"{TEY}, concessions that shrink led the other side to counter less ambitiously than equal ones."
        )
    elif shape == "growing":
        warnings.append(
            "Your concessions grow from round to round: you hold firm, then give more. In experiments by "
            f"{TEY}, concessions that shrink led the other side to counter less ambitiously than other patterns."
        )
    if steep:
        warnings.append(
            f"{_rounds_text(steep)}: a concession under a quarter of the one before is a steep drop. "
            f"{TEY} found that shrinking concessions work best when they shrink at a moderate rate; "
            "the quarter is our own line, not theirs."
        )
    if gentle:
        warnings.append(
            f"{_rounds_text(gentle)}: a concession over three quarters of the one before barely shrinks. "
            f"{TEY} found that shrinking concessions work best when they shrink at a moderate rate; "
            "the three quarters is our own line, not theirs."
        )
    if target == inputs.walk_away:
        warnings.append(
            "No reserve: your target is your walk-away, so you have nothing left to trade for a last concession of theirs."
        )
    if small:
        warnings.append(
            f"{_rounds_text(small)}: under {percent(SMALL_CONCESSION_SHARE)} of the plan, a line we chose. "
            "Small concessions raised the rate of impasse in experiments (Collabra: Psychology, 2023): "
            "make them count or hold firm openly."
        )
    their_steps = pattern = reciprocity = None
    if inputs.their_offers:
        # Their concessions move their offers towards you: up for a buyer facing a seller, down for a seller.
        their_steps = tuple(sign * (b - a) for a, b in zip(inputs.their_offers, inputs.their_offers[1:], strict=False))
        pattern = _pattern(their_steps)
        m = min(len(their_steps), n)
        if m > 0:
            # Yours over m rounds is at least P * (1/100)^100 >= 0.01 * 1e-200: the ratio stays finite.
            reciprocity = math.fsum(their_steps[:m]) / math.fsum(concessions[:m])
        if any(s < 0 for s in their_steps):
            warnings.append("They have moved away from you at least once: a retreat is a hard-line signal.")
    reserve = abs(target - inputs.walk_away)
    return Result(
        budget=abs(inputs.opening - inputs.walk_away),
        planned=planned,
        reserve=reserve,
        offers=offers,
        concessions=concessions,
        step_ratios=ratios,
        shape=shape,
        steep_rounds=steep,
        gentle_rounds=gentle,
        small_rounds=small,
        their_concessions=their_steps,
        their_pattern=pattern,
        reciprocity=reciprocity,
        warnings=tuple(warnings),
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
    if result.shape == "shrinking" and not result.steep_rounds and not result.gentle_rounds:
        blocks.append(
            Note(
                "Each concession is between a quarter and three quarters of the one before: a moderate decline by "
                f"our lines. {TEY} found that shrinking concessions work best when they shrink at a moderate rate."
            )
        )
    if result.reciprocity is not None:
        pattern = result.their_pattern or "too few offers to tell"
        text = (
            f"Over the same rounds they have conceded {result.reciprocity:.2f} for every 1 you plan to concede; "
            f"their concessions are {pattern}."
        )
        if result.their_pattern == "decreasing":
            text += (
                f" Shrinking steps make a recipient think the other side is nearer its limit ({TEY}); "
                "in their experiments, recipients who thought of their own target beforehand were protected."
            )
        blocks.append(Note(text))
    blocks.extend(Note(w, "warning") for w in result.warnings)
    return blocks
