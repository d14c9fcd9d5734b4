"""Time pressure: how each side's cost of delay, the risk that talks collapse and
each side's walk-away split the pie.

Two sides take turns making offers over a pie of size ``P``; in equilibrium the
first offer is accepted at once. A side answering an offer may accept it,
reject it and wait for its own turn to propose, or walk away to its walk-away
value ``w`` (its best alternative). What a round of delay costs is described in
one of two ways, and they are two different models:

- **Patience factors** (proportional impatience). Each side values a deal one
  round later at ``delta`` times a deal now; after each rejection the talks may
  also collapse for good with probability ``q``, and a collapse pays each side
  its walk-away (Binmore, Rubinstein & Wolinsky 1986). Write ``a = delta_p (1 - q)``
  for the proposer and ``b = delta_r (1 - q)`` for the responder. The proposer's
  share ``x_p`` and what the responder would get as proposer, ``x_r``, solve
  ``x_p = P - max(w_r, q w_r + b x_r)`` and ``x_r = P - max(w_p, q w_p + a x_p)``.
  With walk-aways of 0 this is Rubinstein's (1982) split: the proposer gets
  ``(1 - b) / (1 - a b)`` of the pie. A walk-away *binds* when walking away is
  worth more than waiting (``w > delta x``); only then does it move the split
  through the option to walk (Binmore, Shaked & Sutton 1989), though with
  ``q > 0`` a collapse pays it too. With no impatience and no breakdown risk at
  all nothing pushes either side to settle, and the model gives a range.
- **Fixed costs of delay in money** (Rubinstein 1982). Each round without a deal
  costs the proposer ``c_p`` and the responder ``c_r``. With walk-aways of 0:
  if ``c_p < c_r`` the proposer gets the whole pie; if ``c_p > c_r`` the
  proposer gets only ``c_r``; if ``c_p = c_r = c`` every split giving the
  proposer between ``c`` and ``P`` is an equilibrium. With walk-aways the same
  argument gives ``P - w_r``, ``min(P - w_r, w_p + c_r)`` and the range from
  ``min(P - w_r, w_p + c)`` to ``P - w_r`` (our extension, checked by solving
  the game backwards). Breakdown risk is not part of this model.

Sources: A. Rubinstein, "Perfect equilibrium in a bargaining model",
*Econometrica* 50 (1982) 97-109; K. Binmore, A. Rubinstein & A. Wolinsky,
"The Nash bargaining solution in economic modelling", *RAND Journal of
Economics* 17 (1986) 176-188; K. Binmore, A. Shaked & J. Sutton, "An outside
option experiment", *Quarterly Journal of Economics* (1989).

>>> r = compute(Inputs(pie=19.0, you_propose_first=True, your_discount=0.9, their_discount=0.9))
>>> round(r.your_share, 9), round(r.their_share, 9)
(10.0, 9.0)
>>> money = compute(Inputs(pie=100_000, you_propose_first=True, your_cost_per_round=20_000, their_cost_per_round=5_000))
>>> money.model, money.your_share, money.their_share
('money', 5000.0, 95000.0)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Annotated, cast

from .charts import LineChart, Marker, Series
from .fields import Flag, Number
from .numbers import money, number, percent
from .render import Block, Note, Summary, Table

__all__ = ["EXAMPLE", "Inputs", "Result", "compute", "present"]

_FACTOR = {"gt": 0, "lt": 1}
_NO_DISCOUNTING = "no discounting: a deal later is worth as much as a deal now (a factor of 1)"


@dataclass(frozen=True, kw_only=True)
class Inputs:
    pie: Annotated[
        float,
        Number("Size of the pie", unit="money", gt=0, help="The value a deal creates, to be split."),
    ]
    you_propose_first: Annotated[
        bool, Flag("You make the first offer", help="Who opens matters: in the money model it can decide everything.")
    ]
    your_discount: Annotated[
        float | None,
        Number(
            "Your patience",
            unit="per-round factor",
            placeholder="1: no discounting",
            default_note=_NO_DISCOUNTING,
            help="What a deal one round later is worth to you, as a fraction of a deal now: 0.95 is patient, 0.6 in a hurry. "
            "Leave it empty when you give costs of delay in money.",
            **_FACTOR,
        ),
    ] = None
    their_discount: Annotated[
        float | None,
        Number(
            "Their patience",
            unit="per-round factor",
            placeholder="1: no discounting",
            default_note=_NO_DISCOUNTING,
            help="The same, for the other side.",
            **_FACTOR,
        ),
    ] = None
    breakdown_probability: Annotated[
        float,
        Number(
            "Breakdown risk",
            unit="per rejection, 0 to 1",
            ge=0,
            lt=1,
            help="The chance the talks collapse for good after each rejected offer; a collapse pays each side its walk-away. "
            "Part of the patience model only.",
        ),
    ] = 0.0
    your_cost_per_round: Annotated[
        float | None,
        Number(
            "Your cost of delay",
            unit="money per round",
            gt=0,
            placeholder="use patience factors",
            default_note="no money cost: the patience model is used",
            help="Optional: what each round without a deal costs you in money. Give both sides' costs to use Rubinstein's "
            "fixed-cost model instead of patience factors.",
        ),
    ] = None
    their_cost_per_round: Annotated[
        float | None,
        Number(
            "Their cost of delay",
            unit="money per round",
            gt=0,
            placeholder="use patience factors",
            default_note="no money cost: the patience model is used",
            help="Optional: the same, for them.",
        ),
    ] = None
    your_walk_away: Annotated[
        float,
        Number(
            "Your walk-away value",
            unit="money",
            ge=0,
            help="What you get if there is no deal (your BATNA), in the same money as the pie. You may walk away to it "
            "instead of waiting, and a breakdown pays it.",
        ),
    ] = 0.0
    their_walk_away: Annotated[
        float,
        Number("Their walk-away value", unit="money", ge=0, help="The same, for them: their best alternative."),
    ] = 0.0

    @property
    def uses_money(self) -> bool:
        """Whether the fixed-cost (money) model applies: both costs of delay are given."""
        return self.your_cost_per_round is not None and self.their_cost_per_round is not None

    def problems(self) -> list[tuple[str, str]]:
        out = []
        for name, other, whose in (
            ("your_cost_per_round", "their_cost_per_round", "Your"),
            ("their_cost_per_round", "your_cost_per_round", "Their"),
        ):
            cost = getattr(self, name)
            if cost is None and getattr(self, other) is not None:
                out.append(
                    (
                        name,
                        f"{whose} cost of delay is needed too: the money model compares both sides' costs per round. "
                        "Or leave both empty to use patience factors.",
                    )
                )
            if cost is not None and not cost < self.pie:
                out.append((name, "A cost of delay must be less than the pie, or nobody would wait a round."))
        if self.uses_money:
            for name, whose in (("your_discount", "your"), ("their_discount", "their")):
                if getattr(self, name) is not None:
                    out.append(
                        (
                            name,
                            f"Leave {whose} patience empty when both costs of delay are given in money: "
                            "patience factors and money costs are two different models.",
                        )
                    )
            if self.breakdown_probability != 0:
                out.append(
                    (
                        "breakdown_probability",
                        "Breakdown risk is part of the patience model; with costs of delay in money "
                        "(Rubinstein's fixed-cost model) leave it at 0.",
                    )
                )
        if self.your_walk_away + self.their_walk_away > self.pie:
            out.append(
                (
                    "their_walk_away",
                    f"No agreement: the two walk-away values add up to {number(self.your_walk_away + self.their_walk_away)}, "
                    f"more than the pie of {number(self.pie)}, so no split gives both sides at least what walking away does.",
                )
            )
        return out


EXAMPLE = Inputs(pie=100_000.0, you_propose_first=True, your_discount=0.8, their_discount=0.95)


@dataclass(frozen=True)
class Result:
    #: "patience" (discount factors, with breakdown risk) or "money" (Rubinstein's fixed costs of delay).
    model: str
    #: The agreed shares; ``None`` when the model gives a range of equilibria instead of one split.
    your_share: float | None
    their_share: float | None
    your_fraction: float | None
    #: The range of your share over the equilibria (both ends equal when the split is unique); theirs is the rest.
    your_share_low: float
    your_share_high: float
    their_share_low: float
    their_share_high: float
    #: Patience model only: each side's factor after breakdown risk, ``delta (1 - q)``.
    your_effective_discount: float | None
    their_effective_discount: float | None
    #: Whether each side's walk-away binds: walking away beats waiting, and that moves the split.
    your_walk_away_binds: bool
    their_walk_away_binds: bool


# A model answer: the proposer's share (low, high), whether the proposer's walk-away binds, whether the responder's does.
_Split = tuple[float, float, bool, bool]


def _patience_split(pie: float, d_p: float, d_r: float, q: float, w_p: float, w_r: float) -> _Split:
    """Discount factors ``d_p``, ``d_r`` (1 for none), breakdown risk ``q`` and walk-aways; see the module docstring.

    The equations have exactly one solution when there is any friction. The responder's walk-away binds exactly when
    it beats waiting at the solution in which it binds (the first offer then gives the responder ``w_r``); failing
    that, the proposer's binds exactly when it beats waiting at the solution in which only it binds; failing both,
    neither does. Each test is written in the frictions ``1 - d`` and ``q`` themselves, so that a friction of 1e-300
    still counts.
    """
    f_p, f_r = 1 - d_p, 1 - d_r
    scale = max(f_p, f_r, q)  # the largest friction
    if scale == 0:  # no impatience and no breakdown risk: nothing pushes either side to settle
        return w_p, pie - w_r, False, False
    # The responder would walk: w_r > d_r x_r, x_r = pie - max(w_p, q w_p + a y), written as w_r (1 - d_r) > d_r (x_r - w_r).
    y = pie - w_r
    if f_r * w_r > d_r * min(y - w_p, f_p * y + q * (d_p * y - w_p)):
        return y, y, False, True
    # The proposer would walk: its share x_p = w_p + gain, where gain = (1 - b) z - q w_r, z = pie - w_p; w_p > d_p x_p.
    z = pie - w_p
    gain = f_r * z + q * (d_r * z - w_r)
    if f_p * w_p > d_p * gain:
        return w_p + gain, w_p + gain, True, False
    a, b = d_p * (1 - q), d_r * (1 - q)
    s = q / scale  # dividing by the largest friction keeps tiny frictions exact
    g_p, g_r = f_p / scale + s * d_p, f_r / scale + s * d_r  # (1 - a) / scale and (1 - b) / scale
    x_p = (pie * g_r + s * (b * w_p - w_r)) / (g_p + a * g_r)  # neither walk-away binds
    return x_p, x_p, False, False


def _money_split(pie: float, c_p: float, c_r: float, w_p: float, w_r: float) -> _Split:
    """Rubinstein's fixed costs of delay ``c_p``, ``c_r`` per round, with walk-aways; see the module docstring."""
    top = pie - w_r
    if c_p < c_r:  # the proposer can outwait the responder and keeps all but the responder's walk-away
        return top, top, False, w_r > 0
    bottom = min(top, w_p + c_r)
    proposer_binds = w_p > 0 and c_r < top
    if c_p > c_r:  # the responder can outwait the proposer, who keeps only the responder's cost of a round
        return bottom, bottom, proposer_binds, w_r > 0 and w_p + c_r > top
    return bottom, top, proposer_binds, w_r > 0  # equal costs: a range of equilibria


def compute(inputs: Inputs) -> Result:
    pie, q = inputs.pie, inputs.breakdown_probability
    you_first = inputs.you_propose_first
    w_you, w_them = inputs.your_walk_away, inputs.their_walk_away
    w_p, w_r = (w_you, w_them) if you_first else (w_them, w_you)
    c_you, c_them = inputs.your_cost_per_round, inputs.their_cost_per_round
    if c_you is not None and c_them is not None:  # both costs given: the money model (Inputs.uses_money)
        c_p, c_r = (c_you, c_them) if you_first else (c_them, c_you)
        low, high, p_binds, r_binds = _money_split(pie, c_p, c_r, w_p, w_r)
        model, eff_you, eff_them = "money", None, None
    else:
        d_you = 1.0 if inputs.your_discount is None else inputs.your_discount
        d_them = 1.0 if inputs.their_discount is None else inputs.their_discount
        d_p, d_r = (d_you, d_them) if you_first else (d_them, d_you)
        low, high, p_binds, r_binds = _patience_split(pie, d_p, d_r, q, w_p, w_r)
        model, eff_you, eff_them = "patience", d_you * (1 - q), d_them * (1 - q)
    if you_first:
        your_low, your_high, you_bind, they_bind = low, high, p_binds, r_binds
    else:
        your_low, your_high, you_bind, they_bind = pie - high, pie - low, r_binds, p_binds
    unique = low == high
    return Result(
        model=model,
        your_share=your_low if unique else None,
        their_share=pie - your_low if unique else None,
        your_fraction=your_low / pie if unique else None,
        your_share_low=your_low,
        your_share_high=your_high,
        their_share_low=pie - your_high,
        their_share_high=pie - your_low,
        your_effective_discount=eff_you,
        their_effective_discount=eff_them,
        your_walk_away_binds=you_bind,
        their_walk_away_binds=they_bind,
    )


PATIENCE_STEPS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99)
#: Below this, a chart of shares would have no scale to draw (the axis ticks are rounded to 12 decimals).
CHART_MIN_SCALE = 1e-6


def _share_text(low: float, high: float) -> str:
    return money(low) if low == high else f"{money(low)} to {money(high)}"


def _walk_away_notes(inputs: Inputs, result: Result) -> list[Block]:
    """Whether each walk-away binds (moves the split), and whether breakdown risk brings it in anyway."""
    out: list[Block] = []
    sides = (
        ("Your", inputs.your_walk_away, result.your_walk_away_binds, result.their_walk_away_binds),
        ("Their", inputs.their_walk_away, result.their_walk_away_binds, result.your_walk_away_binds),
    )
    for whose, value, binds, other_binds in sides:
        if binds:
            out.append(
                Note(
                    f"{whose} walk-away of {money(value)} binds: walking away is worth more than waiting for a better offer, "
                    f"so it moves {'the split' if result.your_share is not None else 'the range of splits'}."
                )
            )
        elif value > 0 and result.your_share is not None:
            text = (
                f"{whose} walk-away of {money(value)} does not bind: it does not move the split "
                "(an outside option matters only when it binds; Binmore, Shaked and Sutton 1989)."
            )
            if result.model == "patience" and inputs.breakdown_probability > 0 and not other_binds:
                text += " It still counts through the breakdown risk: a collapse pays it."
            out.append(Note(text))
    return out


def _patience_blocks(inputs: Inputs, result: Result) -> list[Block]:
    out: list[Block] = [
        Note(
            "Model: patience factors. Each side values a deal one round later at its patience factor times a deal now "
            "(Rubinstein 1982); after each rejection the talks may collapse, and a collapse pays each side its walk-away "
            "(Binmore, Rubinstein and Wolinsky 1986). The first offer is accepted at once."
        )
    ]
    if result.your_share is None:
        out.append(
            Note(
                "Nobody is in a hurry: with no discounting on either side and no breakdown risk, nothing pushes either "
                "side to settle, and the model does not pick a split. Any split that gives each side at least its "
                "walk-away is possible. Enter a patience factor below 1 or a breakdown risk for one answer.",
                tone="warning",
            )
        )
    eff_you, eff_them = cast(float, result.your_effective_discount), cast(float, result.their_effective_discount)
    if eff_you < eff_them:
        out.append(
            Note(
                "You are the one in a hurry. Making their delay costlier, or yours cheaper, "
                "moves the split more than any argument."
            )
        )
    out += _walk_away_notes(inputs, result)

    def at_patience(patience: float) -> float:
        """Your share in the same talks with your patience set to ``patience`` (below 1, so the split is unique)."""
        return cast(float, compute(dataclasses.replace(inputs, your_discount=patience)).your_share)

    you_now = 1.0 if inputs.your_discount is None else inputs.your_discount
    points = tuple((x, at_patience(x)) for x in (0.30 + 0.69 * k / 46 for k in range(47)))
    top = max(y for _, y in points)
    if not 0 < top < CHART_MIN_SCALE:  # shares of a millionth of a unit or less have no scale to draw
        out.append(
            LineChart(
                "Your share as your patience varies",
                "Your share of the pie for each level of your own patience, the other side's held as entered; "
                "the marker shows where you stand.",
                "Your patience (per-round factor)",
                "Your share",
                (Series("Your share", points),),
                (Marker("You", "x", you_now),),
                y_format="money",
                height=240,
            )
        )
    rows = []
    for patience in PATIENCE_STEPS:
        share = at_patience(patience)
        rows.append((f"{patience:g}", money(share), percent(share / inputs.pie)))
    out.append(
        Table(
            "Your share as your patience varies (theirs as entered)",
            ("Your patience", "Your share", "Your fraction"),
            tuple(rows),
            numeric=(0, 1, 2),
        )
    )
    out.append(
        Table(
            "Effective per-round factors, after breakdown risk",
            ("Side", "Factor"),
            (("You", f"{eff_you:.4f}"), ("Them", f"{eff_them:.4f}")),
            numeric=(1,),
        )
    )
    return out


def _money_blocks(inputs: Inputs, result: Result) -> list[Block]:
    c_you, c_them = cast(float, inputs.your_cost_per_round), cast(float, inputs.their_cost_per_round)
    out: list[Block] = [
        Note(
            "Model: fixed costs of delay in money (Rubinstein 1982). Each round without a deal costs each side a fixed sum; "
            "the side whose delay is cheaper can outwait the other. Patience factors and breakdown risk are not used."
        )
    ]
    if c_you < c_them:
        how = (
            "your first offer keeps all but their walk-away"
            if inputs.you_propose_first
            else "their first offer keeps no more than your cost of one round on top of their walk-away"
        )
        out.append(
            Note(
                f"A round of delay costs you less than them ({money(c_you)} against {money(c_them)}), so you can outwait them: {how}."
            )
        )
    elif c_you > c_them:
        how = (
            "your first offer keeps no more than their cost of one round on top of your walk-away"
            if inputs.you_propose_first
            else "their first offer keeps all but your walk-away"
        )
        out.append(
            Note(
                f"You are the one in a hurry: a round of delay costs you {money(c_you)} and them only {money(c_them)}, "
                f"so they can outwait you: {how}. Cutting your cost of delay below theirs, or raising theirs, "
                "changes the split more than any argument."
            )
        )
    else:
        out.append(
            Note(
                f"Both sides' costs of delay are equal ({money(c_you)} a round), and then the model does not pick one split: "
                f"every split giving you between {money(result.your_share_low)} and {money(result.your_share_high)} "
                "is an equilibrium.",
                tone="warning",
            )
        )
    out += _walk_away_notes(inputs, result)
    rows = []
    for first, label in ((True, "You make the first offer"), (False, "They make the first offer")):
        r = compute(dataclasses.replace(inputs, you_propose_first=first))
        rows.append((label, _share_text(r.your_share_low, r.your_share_high), _share_text(r.their_share_low, r.their_share_high)))
    out.append(Table("Who opens, in the money model", ("First offer", "Your share", "Their share"), tuple(rows), numeric=(1, 2)))
    return out


def present(inputs: Inputs, result: Result) -> list[Block]:
    if result.your_share is not None:  # one split (then their share and your fraction are given too)
        summary = Summary(
            (
                ("Your share", money(result.your_share)),
                ("Their share", money(cast(float, result.their_share))),
                ("Your fraction", percent(cast(float, result.your_fraction))),
            )
        )
    else:
        summary = Summary(
            (
                ("Your share", _share_text(result.your_share_low, result.your_share_high)),
                ("Their share", _share_text(result.their_share_low, result.their_share_high)),
            )
        )
    blocks: list[Block] = [summary]
    blocks += _money_blocks(inputs, result) if result.model == "money" else _patience_blocks(inputs, result)
    return blocks
