"""Which negotiation are you in? A short, openly weighted checklist with one overriding rule.

The essay's first step is to work out whether the talks are win-win (both
sides look for trades that enlarge the deal) or winner-takes-all (each side
tries to take value from the other). Win-win needs both sides: "as soon as one
party starts down the path of winner-takes-all", the talks most likely stay
there. So the checklist has two parts.

**The rule.** Two answers show the other side already playing winner-takes-all:
they have used threats, ultimatums or false deadlines ("yes"), or they do not
answer your concessions with concessions ("no"). Either one is a *hard signal*:
the leaning is winner-takes-all whatever the other answers add up to.

**The weighted sum.** Otherwise each answer scores +weight towards
winner-takes-all, -weight towards win-win, or 0 for "not sure"; the leaning is
the sign of the score (0: unclear). Every answer starts at "not sure", and with
no question answered there is no leaning at all.

==========================================================  ======  ================  ============
Signal                                                      weight  "yes" points to   known
==========================================================  ======  ================  ============
You will deal with them again                                1.5    win-win           before talks
Several issues are on the table, not just price               1     win-win           before talks
They have a record of playing hard in past deals             1.5    winner-takes-all  before talks
The kind of deal is usually played hard                       1     winner-takes-all  before talks
They share information about interests and limits             2     win-win           in talks
They answer your concessions with concessions ("no": hard)    2     win-win           in talks
They have used threats or false deadlines ("yes": hard)       2     winner-takes-all  in talks
They opened with an extreme anchor                           1.5    winner-takes-all  in talks
They press you to name your budget or bottom line            1.5    winner-takes-all  in talks
==========================================================  ======  ================  ============

The *signal strength* is ``|score| / 14``, the share of the largest possible
score: how far the answers lean, not a probability that the leaning is right.
The weights are this guide's judgement.

What to read next follows the leaning; under winner-takes-all, a reader
pressed for their bottom line is pointed to the essay's tactic 5 (a negotiator
who does not know your bottom line cannot give it away, and keeps pushing).

Sources: the rule and tactic 5 are the essay's (*The Walk-Away Option*); the
signals are informed by Walton & McKersie (1965), Lax & Sebenius (1986) on
creating and claiming value, and Galinsky & Mussweiler (2001) on first offers.

>>> compute(EXAMPLE).leaning
'winner-takes-all'
>>> compute(Inputs(threats_or_deadlines="yes", shares_information="yes", several_issues="yes")).leaning
'winner-takes-all'
>>> print(compute(Inputs()).leaning)
None
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal, get_args

from .charts import BarChart
from .fields import Choice
from .numbers import percent
from .render import Block, Links, Note, Summary, Table

__all__ = ["EXAMPLE", "HARD", "MAX_SCORE", "SIGNALS", "TACTICS", "Inputs", "Result", "Signal", "compute"]

#: Every question's answers, in the order the form lists them.
Answer = Literal["yes", "no", "not sure"]
ANSWERS: tuple[Answer, ...] = get_args(Answer)
WIN_WIN, HARD_BALL, UNCLEAR = "win-win", "winner-takes-all", "unclear"


@dataclass(frozen=True)
class Signal:
    weight: float
    #: +1 if "yes" points to winner-takes-all, -1 if it points to win-win.
    direction: int
    label: str
    #: "before talks" (a reader can answer it in advance) or "in talks".
    known: str


#: field name -> its signal, in the form's order: the questions you can answer before talks come first.
SIGNALS: dict[str, Signal] = {
    "ongoing_relationship": Signal(1.5, -1, "You will meet again", "before talks"),
    "several_issues": Signal(1.0, -1, "Several issues on the table", "before talks"),
    "record_of_playing_hard": Signal(1.5, +1, "A record of playing hard", "before talks"),
    "kind_of_deal_played_hard": Signal(1.0, +1, "A kind of deal usually played hard", "before talks"),
    "shares_information": Signal(2.0, -1, "They share information", "in talks"),
    "reciprocates_concessions": Signal(2.0, -1, "They reciprocate concessions", "in talks"),
    "threats_or_deadlines": Signal(2.0, +1, "Threats or false deadlines", "in talks"),
    "extreme_opening": Signal(1.5, +1, "Extreme opening anchor", "in talks"),
    "presses_for_your_limit": Signal(1.5, +1, "They press for your bottom line", "in talks"),
}
MAX_SCORE = sum(s.weight for s in SIGNALS.values())

#: The hard signals: field name -> (the answer that shows it, what it means in words).
HARD: dict[str, tuple[str, str]] = {
    "threats_or_deadlines": ("yes", "they have used threats, ultimatums or false deadlines"),
    "reciprocates_concessions": ("no", "they do not answer your concessions with concessions"),
}

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
    return Choice(label, help=help)


@dataclass(frozen=True)
class Inputs:
    ongoing_relationship: Annotated[
        Answer,
        _q(
            "Will you deal with them again after this?",
            "You can answer this before talks start. A future together makes cooperation pay for both sides.",
        ),
    ] = "not sure"
    several_issues: Annotated[
        Answer,
        _q(
            "Are several issues on the table, not just the price?",
            "You can answer this before talks start. More issues leave more room for trades that help both sides.",
        ),
    ] = "not sure"
    record_of_playing_hard: Annotated[
        Answer,
        _q(
            "Do they have a record of playing hard in past deals?",
            "You can find this out before talks start, from your own past dealings or from others who dealt with them.",
        ),
    ] = "not sure"
    kind_of_deal_played_hard: Annotated[
        Answer,
        _q(
            "Is this a kind of deal usually played hard, such as a labour contract, a claim or a one-off price haggle?",
            "You can answer this before talks start. The essay's author found union contract talks rarely win-win.",
        ),
    ] = "not sure"
    shares_information: Annotated[
        Answer,
        _q("Do they share information about their interests and limits?", "Open books and honest constraints suggest win-win."),
    ] = "not sure"
    reciprocates_concessions: Annotated[
        Answer,
        _q(
            "Do they answer your concessions with concessions of their own?",
            'Take without give is the hard player\'s mark: a "no" settles it as winner-takes-all.',
        ),
    ] = "not sure"
    threats_or_deadlines: Annotated[
        Answer,
        _q(
            "Have they used threats, ultimatums or deadlines that look artificial?",
            'Pressure tactics aim to take, not to create: a "yes" settles it as winner-takes-all.',
        ),
    ] = "not sure"
    extreme_opening: Annotated[
        Answer,
        _q("Did they open with an extreme offer?", "An aggressive anchor is a claim on value, not an invitation to explore."),
    ] = "not sure"
    presses_for_your_limit: Annotated[
        Answer,
        _q(
            "Do they press you to name your budget or bottom line?",
            "Whoever learns your limit can claim up to it. A negotiator who does not know it cannot give it away.",
        ),
    ] = "not sure"


#: The page's worked example: the answers the form has always opened on, the newer questions not yet answered.
EXAMPLE = Inputs(
    shares_information="no",
    reciprocates_concessions="not sure",
    threats_or_deadlines="no",
    extreme_opening="yes",
    ongoing_relationship="no",
    several_issues="no",
)


@dataclass(frozen=True)
class Result:
    #: "winner-takes-all", "win-win" or "unclear"; None when no question is answered (no verdict).
    leaning: str | None
    #: The weighted sum: + towards winner-takes-all, - towards win-win.
    score: float
    #: |score| / MAX_SCORE: how far the answers lean, from 0 to 1; not a probability of being right.
    signal_strength: float
    #: How many questions have an answer other than "not sure".
    answered: int
    #: The field names of the hard signals seen; any one makes the leaning winner-takes-all.
    hard_signals: tuple[str, ...]
    #: Each signal's points, in the order of SIGNALS.
    points: tuple[float, ...]
    #: Guide pages to read next, relative to the site root.
    read_next: tuple[str, ...]


def _points(signal: Signal, answer: str) -> float:
    if answer == "yes":
        return signal.weight * signal.direction
    if answer == "no":
        return -signal.weight * signal.direction
    return 0.0


def compute(inputs: Inputs) -> Result:
    answers = {name: getattr(inputs, name) for name in SIGNALS}
    points = tuple(_points(signal, answers[name]) for name, signal in SIGNALS.items())
    score = sum(points)
    answered = sum(1 for a in answers.values() if a != "not sure")
    hard = tuple(name for name, (answer, _) in HARD.items() if answers[name] == answer)
    leaning: str | None
    if answered == 0:
        leaning = None
    elif hard or score > 0:
        leaning = HARD_BALL  # one side playing winner-takes-all is enough
    elif score < 0:
        leaning = WIN_WIN
    else:
        leaning = UNCLEAR
    if leaning is None:
        keys = ["homework"]
    elif leaning == HARD_BALL:
        keys = ["bottom", "cards", "homework", "time"]
        if answers["presses_for_your_limit"] == "yes":
            keys += ["proxy"]
        if answers["reciprocates_concessions"] == "no":
            keys += ["scarce"]
        if answers["threats_or_deadlines"] == "yes":
            keys += ["fortress"]
        if answers["ongoing_relationship"] == "yes":
            keys += ["long"]
    elif leaning == WIN_WIN:
        keys = ["styles", "bottom", "fortress", "long"]
    else:
        keys = ["styles", "homework", "bottom"]
    return Result(
        leaning=leaning,
        score=score,
        signal_strength=abs(score) / MAX_SCORE,
        answered=answered,
        hard_signals=hard,
        points=points,
        read_next=tuple(TACTICS[k][1] for k in keys),
    )


def _signed(x: float) -> str:
    return "0" if x == 0 else f"{x:+g}".replace("-", "\u2212")


def _strength(result: Result) -> str:
    """The strength, with the way the sum leans: it may lean win-win while a hard signal decides the other way."""
    if result.score > 0:
        return f"{percent(result.signal_strength)} towards {HARD_BALL}"
    if result.score < 0:
        return f"{percent(result.signal_strength)} towards {WIN_WIN}"
    return percent(result.signal_strength)


def present(inputs: Inputs, result: Result) -> list[Block]:
    by_path = {path: title for title, path in TACTICS.values()}
    blocks: list[Block] = [
        Summary(
            (
                ("Leaning", result.leaning or "no verdict yet"),
                ("Strength of the signals", _strength(result)),
                ("Questions answered", f"{result.answered} of {len(SIGNALS)}"),
            )
        ),
    ]
    if result.leaning is None:
        blocks.append(
            Note(
                'Answer at least one question: every answer starts at "not sure", and with nothing answered there is '
                "nothing to read. The first four can be answered before talks start."
            )
        )
    elif result.hard_signals:
        reasons = " and ".join(HARD[name][1] for name in result.hard_signals)
        text = (
            f"Winner-takes-all, whatever the other answers say: {reasons}. Win-win needs both sides, and one side "
            "playing to win is enough to change the game."
        )
        if result.score < 0:
            text += " The weighted answers alone would lean win-win; the hard signal outweighs them."
        elif result.score == 0:
            text += " The weighted answers alone cancel out."
        blocks.append(Note(text, "warning"))
    elif result.leaning == HARD_BALL:
        blocks.append(
            Note(
                "The answers lean winner-takes-all. Play it that way until they show otherwise, by sharing "
                "information and matching your concessions."
            )
        )
    elif result.leaning == WIN_WIN:
        blocks.append(
            Note(
                "The answers lean win-win, but win-win needs both sides: keep watching for a hard signal (threats, "
                "or concessions not returned). One is enough to change the game."
            )
        )
    else:
        blocks.append(Note("The answers you gave cancel out. Probe before you reveal anything: ask questions, offer little."))
    rows = []
    for (name, signal), points in zip(SIGNALS.items(), result.points, strict=True):
        rows.append(
            (signal.label, signal.known, getattr(inputs, name), _signed(points), "yes" if name in result.hard_signals else "")
        )
    blocks.append(
        Table(
            "How each answer scored (+ towards winner-takes-all, \u2212 towards win-win)",
            ("Signal", "Known", "Your answer", "Points", "Hard signal"),
            tuple(rows),
            numeric=(3,),
        )
    )
    blocks.append(
        BarChart(
            "Points per signal",
            "Each signal's points: bars to the right point to winner-takes-all, to the left to win-win.",
            tuple(s.label for s in SIGNALS.values()),
            (("Points", result.points),),
            value_format="number",
        )
    )
    blocks.append(Links("Read next", tuple((by_path[p], p) for p in result.read_next)))
    return blocks
