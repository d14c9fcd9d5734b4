"""Which negotiation are you in? A short, openly weighted checklist.

The essay's first step is to work out whether the talks are win-win (both
sides look for trades that enlarge the deal) or winner-takes-all (each side
tries to take value from the other). Win-win needs both sides; one hard player
is enough to make it winner-takes-all. Each observable signal is answered
yes, no or not sure, and scores +weight towards winner-takes-all, -weight
towards win-win, or 0:

====================================================  ======  ===================
Signal                                                weight  "yes" points to
====================================================  ======  ===================
They share information about interests and limits        2    win-win
They answer your concessions with concessions            2    win-win
They have used threats, ultimatums or false deadlines    2    winner-takes-all
They opened with an extreme anchor                      1.5   winner-takes-all
You will deal with them again                           1.5   win-win
Several issues are on the table, not just price           1    win-win
====================================================  ======  ===================

The leaning is the sign of the score, and its strength is ``|score| / 10``, the
share of the largest possible score. The weights are this guide's judgement.

Sources: informed by Walton & McKersie (1965), Lax & Sebenius (1986) on creating and
claiming value, and Galinsky & Mussweiler (2001) on first offers.

>>> compute(Inputs()).leaning
'winner-takes-all'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from .charts import BarChart
from .fields import Choice
from .render import Block, Links, Note, Summary, Table, percent

__all__ = ["SIGNALS", "Inputs", "Result", "compute"]

ANSWERS = ("yes", "no", "not sure")

#: field name -> (weight, +1 if "yes" points to winner-takes-all else -1, short label)
SIGNALS: dict[str, tuple[float, int, str]] = {
    "shares_information": (2.0, -1, "They share information"),
    "reciprocates_concessions": (2.0, -1, "They reciprocate concessions"),
    "threats_or_deadlines": (2.0, +1, "Threats or false deadlines"),
    "extreme_opening": (1.5, +1, "Extreme opening anchor"),
    "ongoing_relationship": (1.5, -1, "You will meet again"),
    "several_issues": (1.0, -1, "Several issues on the table"),
}
MAX_SCORE = sum(w for w, _, _ in SIGNALS.values())

TACTICS = {
    "cards": ("Keep your cards close", "tactics/keep-your-cards-close/"),
    "homework": ("Do your homework", "tactics/do-your-homework/"),
    "bottom": ("Know your bottom line", "tactics/know-your-bottom-line/"),
    "time": ("Use time", "tactics/use-time/"),
    "proxy": ("Use a proxy", "tactics/use-a-proxy/"),
    "scarce": ("Make yourself scarce", "tactics/make-yourself-scarce/"),
    "fortress": ("Argue, but build no fortress", "tactics/argue-no-fortress/"),
    "long": ("The long term and the short term", "tactics/long-and-short-term/"),
    "styles": ("Win-win or winner-takes-all?", "win-win-or-winner-takes-all/"),
}


def _q(label: str, help: str) -> Choice:
    return Choice(label, ANSWERS, help=help)


@dataclass(frozen=True)
class Inputs:
    shares_information: Annotated[
        str,
        _q("Do they share information about their interests and limits?", "Open books and honest constraints suggest win-win."),
    ] = "no"
    reciprocates_concessions: Annotated[
        str, _q("Do they answer your concessions with concessions of their own?", "Take without give is the hard player's mark.")
    ] = "not sure"
    threats_or_deadlines: Annotated[
        str,
        _q(
            "Have they used threats, ultimatums or deadlines that look artificial?",
            "Pressure tactics aim to take, not to create.",
        ),
    ] = "no"
    extreme_opening: Annotated[
        str, _q("Did they open with an extreme offer?", "An aggressive anchor is a claim on value, not an invitation to explore.")
    ] = "yes"
    ongoing_relationship: Annotated[
        str, _q("Will you deal with them again after this?", "A future together makes cooperation pay for both sides.")
    ] = "no"
    several_issues: Annotated[
        str,
        _q(
            "Are several issues on the table, not just the price?", "More issues leave more room for trades that help both sides."
        ),
    ] = "no"


@dataclass(frozen=True)
class Result:
    leaning: str
    score: float
    confidence: float
    read_next: tuple[str, ...]


def compute(inputs: Inputs) -> Result:
    score = 0.0
    for name, (weight, direction, _) in SIGNALS.items():
        answer = getattr(inputs, name)
        if answer != "not sure":
            score += weight * direction * (1 if answer == "yes" else -1)
    leaning = "winner-takes-all" if score > 0 else "win-win" if score < 0 else "unclear"
    if leaning == "winner-takes-all":
        keys = ["bottom", "cards", "homework", "time"]
        if inputs.reciprocates_concessions == "no":
            keys += ["scarce"]
        if inputs.threats_or_deadlines == "yes":
            keys += ["fortress"]
        if inputs.ongoing_relationship == "yes":
            keys += ["long"]
    elif leaning == "win-win":
        keys = ["styles", "bottom", "fortress", "long"]
    else:
        keys = ["styles", "homework", "bottom"]
    return Result(leaning, score, abs(score) / MAX_SCORE, tuple(TACTICS[k][1] for k in keys))


def present(inputs: Inputs, result: Result) -> list[Block]:
    by_path = {path: title for title, path in TACTICS.values()}
    blocks: list[Block] = [
        Summary((("Leaning", result.leaning), ("Strength of the signals", percent(result.confidence)))),
    ]
    hard = inputs.threats_or_deadlines == "yes" or inputs.reciprocates_concessions == "no"
    if result.leaning == "win-win" and hard:
        blocks.append(
            Note(
                "Careful: some signals are hard ones. Win-win needs both sides, and one side playing to win is enough to change the game.",
                "warning",
            )
        )
    if result.leaning == "unclear":
        blocks.append(
            Note("The signals cancel out or are unknown. Probe before you reveal anything: ask questions, offer little.")
        )
    rows = []
    for name, (weight, direction, label) in SIGNALS.items():
        answer = getattr(inputs, name)
        points = 0.0 if answer == "not sure" else weight * direction * (1 if answer == "yes" else -1)
        rows.append((label, answer, "0" if points == 0 else f"{points:+g}".replace("-", "\u2212")))
    blocks.append(
        Table(
            "How each answer scored (+ towards winner-takes-all, − towards win-win)",
            ("Signal", "Your answer", "Points"),
            tuple(rows),
            numeric=(2,),
        )
    )
    scores = tuple(float(row[2].replace("\u2212", "-")) for row in rows)
    blocks.append(
        BarChart(
            "Points per signal",
            "Each signal's points: bars to the right point to winner-takes-all, to the left to win-win.",
            tuple(row[0] for row in rows),
            (("Points", scores),),
            value_format="number",
        )
    )
    blocks.append(Links("Read next", tuple((by_path[p], p) for p in result.read_next)))
    return blocks
