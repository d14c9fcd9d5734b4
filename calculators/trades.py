"""Trades between issues: every package scored for both sides, the efficient frontier, and the trades that create value.

A negotiation over several issues (a wage, a medical plan, a 401K, a work rule)
settles on a **package**: one option for each issue. Each option carries two
amounts, both in money over the deal: its value to you and your estimate of its
value to them. As in Raiffa's additive scoring of packages, a package is worth
the sum of its options' values to each side, and both sums are measured from
the same starting point as the options' values:

- value to you ``Y = sum(y_i)``, value to them ``T = sum(t_i)``, over the
  chosen option ``i`` of each issue;
- the **joint value** ``Y + T``: what the package creates for the two sides
  together.

A package is **efficient** (on the efficient, or Pareto, frontier) when no
other package is worth at least as much to both sides and more to one of them.
Two packages worth exactly the same to both sides do not beat each other, so
both stay on the frontier. A package **both sides accept** is worth at least
your walk-away to you and at least your guess of their walk-away to them (no
limit where a walk-away is left out). The package with the **best joint value**
is always on the frontier: one that beat it would create more. The
**recommended** package has the best joint value among those both sides
accept; on a tie, the one worth most to you, then the first listed.

**Trades.** Within an issue, moving from its first option (where you start) to
another changes the value to you by ``dy`` and to them by ``dt``. The move
creates value when ``dy + dt > 0``, only moves it from one side to the other
when ``dy + dt = 0`` (a wage, a price), and destroys it when ``dy + dt < 0``.
An issue's **stake** for a side is the spread of its values for that side
(largest less smallest). Where one side's stake is larger, that side cares more
about the issue, and the issue is a candidate for **logrolling** (Lax and
Sebenius's creating value, as against claiming it): give on the issues that
matter more to them than to you, and ask in return on those that matter more to
you.

At most :data:`MAX_PACKAGES` packages (the product of the issues' numbers of
options) are scored. Every sum and comparison is exact: each amount is a
binary fraction, so all of them are scaled to integers by one power of two, and
no rounding can put a package on the wrong side of the frontier or of a
walk-away. The results are rounded to floats at the end.

Sources: H. Raiffa, *The Art and Science of Negotiation* (1982), ch. 11
(the additive model: each level of each issue valued, in money, and added);
D. Lax & J. Sebenius, *The Manager as Negotiator* (1986), on creating and
claiming value; D. Pruitt & S. Lewis, "Development of integrative solutions in
bilateral negotiation", *JPSP* 31 (1975) 621-633 (logrolling).

>>> r = compute(EXAMPLE)
>>> len(r.packages), len(r.frontier), r.acceptable_count
(32, 10, 4)
>>> r.recommended.choices, r.recommended.value_to_you, r.recommended.value_to_them
(('3.0%', 'Company plan', 'Yes', 'As now'), 975000.0, 825000.0)
>>> [(t.issue, t.cares_more, t.kind) for t in r.trades]  # doctest: +NORMALIZE_WHITESPACE
[('Wage increase', 'equally', 'only moves value'), ('Medical plan', 'you', 'creates value'),
 ('401K', 'them', 'creates value'), ('Attendance rule', 'them', 'creates value')]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated

from .charts import Marker, Point, Scatter, Series
from .fields import Number, Records, Text, first_repeat
from .numbers import money
from .render import Block, Note, Summary, Table

__all__ = [
    "EXAMPLE",
    "MAX_PACKAGES",
    "Inputs",
    "Issue",
    "IssueTrades",
    "Move",
    "Option",
    "Package",
    "Result",
    "compute",
    "present",
]

#: The most packages (the product of the issues' numbers of options) the calculator scores.
MAX_PACKAGES = 4096

CREATES, MOVES, DESTROYS = "creates value", "only moves value", "destroys value"


@dataclass(frozen=True)
class Option:
    name: Annotated[
        str, Text("Option", help="What this option is, e.g. '3% raise'; each option of an issue needs its own name.")
    ] = "Option"
    value_to_you: Annotated[
        float,
        Number("Value to you", unit="money", help="What this option is worth to you over the deal, from your starting point."),
    ] = 0.0
    value_to_them: Annotated[
        float,
        Number(
            "Value to them",
            unit="money",
            help="Your estimate of what it is worth to them over the deal, from the same starting point.",
        ),
    ] = 0.0


@dataclass(frozen=True)
class Issue:
    name: Annotated[str, Text("Issue", help="What is being settled, e.g. 'Wage increase'; each issue needs its own name.")] = (
        "Issue"
    )
    options: Annotated[
        tuple[Option, ...],
        Records(
            "Options",
            "Option",
            min_items=2,
            max_items=6,
            help="The ways the issue could be settled, 2 to 6. List first the one you start from (today's terms): "
            "the trades are measured from it.",
        ),
    ] = (Option("Option 1"), Option("Option 2"))

    def problems(self) -> list[tuple[str, str]]:
        twice = first_repeat([o.name for o in self.options])
        if twice is None:
            return []
        called = "have no name" if twice == "" else f"are called {twice!r}"
        return [
            (
                "options",
                f"Two options of {self.name!r} {called}; give each its own name, so that the results can tell them apart.",
            )
        ]


@dataclass(frozen=True, kw_only=True)
class Inputs:
    issues: Annotated[
        tuple[Issue, ...],
        Records(
            "Issues",
            "Issue",
            min_items=1,
            max_items=8,
            help=f"What the deal settles, 1 to 8 issues, each with its options. At most {MAX_PACKAGES:,} packages "
            "(the numbers of options multiplied together).",
        ),
    ] = (Issue(),)
    your_walk_away: Annotated[
        float | None,
        Number(
            "Your walk-away",
            unit="money",
            default_note="no limit",
            placeholder="no limit",
            help="The least total value to you that you would accept, on the same scale as the options' values "
            "to you. Leave empty for no limit.",
        ),
    ] = None
    their_walk_away: Annotated[
        float | None,
        Number(
            "Their walk-away (your guess)",
            unit="money",
            default_note="no limit",
            placeholder="no limit",
            help="Your guess of the least total value to them that they would accept, on the same scale as the "
            "options' values to them. Leave empty for no limit.",
        ),
    ] = None

    def problems(self) -> list[tuple[str, str]]:
        out = []
        twice = first_repeat([i.name for i in self.issues])
        if twice is not None:
            called = "have no name" if twice == "" else f"are called {twice!r}"
            out.append(("issues", f"Two issues {called}; give each its own name, so that the results can tell them apart."))
        count = package_count(self.issues)
        if count > MAX_PACKAGES:
            out.append(
                (
                    "issues",
                    f"These issues make {count:,} packages (their numbers of options multiplied together); the "
                    f"calculator scores at most {MAX_PACKAGES:,}. Drop or merge some options or issues.",
                )
            )
        return out



def package_count(issues: Sequence[Issue]) -> int:
    """How many packages the issues make: their numbers of options multiplied together."""
    count = 1
    for issue in issues:
        count *= len(issue.options)
    return count


#: The page's worked example: a labour contract seen from the company's side; every number is illustrative.
#: Over a 3-year contract for 300 members at 50,000 a year, each half point of raise is 225,000.
EXAMPLE = Inputs(
    issues=(
        Issue(
            "Wage increase",
            (
                Option("2.5%", 0.0, 0.0),
                Option("3.0%", -225_000.0, 225_000.0),
                Option("3.5%", -450_000.0, 450_000.0),
                Option("4.0%", -675_000.0, 675_000.0),
            ),
        ),
        Issue("Medical plan", (Option("Union plan", 0.0, 0.0), Option("Company plan", 1_500_000.0, -600_000.0))),
        Issue("401K", (Option("No", 0.0, 0.0), Option("Yes", -300_000.0, 1_200_000.0))),
        Issue("Attendance rule", (Option("As now", 0.0, 0.0), Option("Stricter", 150_000.0, -400_000.0))),
    ),
    your_walk_away=250_000.0,
    their_walk_away=700_000.0,
)


@dataclass(frozen=True)
class Package:
    """One option for each issue, and what the package is worth."""

    #: The chosen option of each issue, in the order of the issues.
    choices: tuple[str, ...]
    value_to_you: float
    value_to_them: float
    #: Value to you plus value to them.
    joint: float
    #: On the efficient frontier: no package is worth at least as much to both sides and more to one.
    efficient: bool
    #: Worth at least your walk-away to you and at least your guess of theirs to them.
    acceptable: bool


@dataclass(frozen=True)
class Move:
    """Moving one issue from its first option to another."""

    to_option: str
    change_to_you: float
    change_to_them: float
    #: change_to_you + change_to_them.
    joint_change: float
    #: "creates value", "only moves value" or "destroys value".
    kind: str


@dataclass(frozen=True)
class IssueTrades:
    issue: str
    #: The option the moves start from: the issue's first.
    from_option: str
    #: The spread of the issue's values to you (largest less smallest), and to them.
    your_stake: float
    their_stake: float
    #: "you", "them" or "equally": whose stake is larger.
    cares_more: str
    #: The option worth most to you, to them, and to the two together (ties: the first listed; for the joint
    #: value, the one worth most to you, then the first).
    your_favourite: str
    their_favourite: str
    best_joint_option: str
    #: "only moves value" when every option is worth the same to the two sides together, else "creates value":
    #: choosing well among its options creates value.
    kind: str
    #: One option is the best for both sides: settle on it, no trade needed.
    shared: bool
    #: A candidate for logrolling: the sides want different options and one side cares more.
    logrolling: bool
    moves: tuple[Move, ...]


@dataclass(frozen=True)
class Result:
    #: Every package, the first issue's option changing slowest.
    packages: tuple[Package, ...]
    #: The efficient packages, by value to you from least to most (packages that tie on it tie on value to them too).
    frontier: tuple[Package, ...]
    #: The package with the highest joint value (ties: most value to you, then the first).
    best_joint: Package
    #: The package with the highest joint value of those both sides accept (same ties); None if there is none.
    recommended: Package | None
    #: How many packages both sides accept.
    acceptable_count: int
    #: Whether a walk-away was given for you, and for them.
    your_walk_away_given: bool
    their_walk_away_given: bool
    trades: tuple[IssueTrades, ...]


def _scale(amounts: Sequence[float]) -> int:
    """One power of two that turns every amount into an integer: the largest of their denominators.

    Every finite float is a binary fraction ``n / 2**k``, so this is their common denominator.
    """
    return max(x.as_integer_ratio()[1] for x in amounts)


def _whole(x: float, scale: int) -> int:
    n, d = x.as_integer_ratio()
    return n * (scale // d)


def _cares_more(yours: int, theirs: int) -> str:
    return "you" if yours > theirs else "them" if theirs > yours else "equally"


def compute(inputs: Inputs) -> Result:
    """Score every package, mark the frontier and the packages both sides accept, and classify each issue's moves.

    Worked in integers (every amount times one power of two), so every sum and comparison is exact.
    """
    issues = inputs.issues
    walk_aways = [w for w in (inputs.your_walk_away, inputs.their_walk_away) if w is not None]
    amounts = [float(v) for i in issues for o in i.options for v in (o.value_to_you, o.value_to_them)]
    scale = _scale(amounts + [float(w) for w in walk_aways])
    # Each issue's options as (name, value to you, value to them), in scaled integers.
    scored = [[(o.name, _whole(o.value_to_you, scale), _whole(o.value_to_them, scale)) for o in i.options] for i in issues]

    # Every package, built one issue at a time (the first issue's option changing slowest): its choices, and
    # its values to you and to them. Sums of integers: exact.
    combos: list[tuple[tuple[str, ...], int, int]] = [((), 0, 0)]
    for options in scored:
        combos = [(c + (name,), y + dy, t + dt) for c, y, t in combos for name, dy, dt in options]
    ys = [y for _, y, _ in combos]
    ts = [t for _, _, t in combos]

    # The frontier: sweep from the most value to you down, in groups worth the same to you. A package is
    # efficient when it is the best for them in its group, and better for them than every package worth more to you.
    order = sorted(range(len(combos)), key=lambda k: (-ys[k], -ts[k]))
    efficient = [False] * len(combos)
    best_above: int | None = None  # the most value to them among packages worth more to you
    start = 0
    while start < len(order):
        you, top = ys[order[start]], ts[order[start]]  # sorted, so the group's first is its best for them
        end = start
        while end < len(order) and ys[order[end]] == you:
            end += 1
        if best_above is None or top > best_above:
            for k in order[start:end]:
                efficient[k] = ts[k] == top
            best_above = top
        start = end

    your_floor = None if inputs.your_walk_away is None else _whole(float(inputs.your_walk_away), scale)
    their_floor = None if inputs.their_walk_away is None else _whole(float(inputs.their_walk_away), scale)
    acceptable = [
        (your_floor is None or y >= your_floor) and (their_floor is None or t >= their_floor) for y, t in zip(ys, ts, strict=True)
    ]

    def package(k: int) -> Package:
        choices, y, t = combos[k]
        return Package(choices, y / scale, t / scale, (y + t) / scale, efficient[k], acceptable[k])

    packages = tuple(package(k) for k in range(len(combos)))

    def rank(k: int) -> tuple[int, int, int]:
        return (ys[k] + ts[k], ys[k], -k)

    best = max(range(len(combos)), key=rank)
    allowed = [k for k in range(len(combos)) if acceptable[k]]
    recommended = packages[max(allowed, key=rank)] if allowed else None
    frontier = tuple(packages[k] for k in sorted((k for k in order if efficient[k]), key=lambda k: (ys[k], k)))

    trades = []
    for issue, options in zip(issues, scored, strict=True):
        _, y0, t0 = options[0]
        moves = []
        for name, y, t in options[1:]:
            dy, dt = y - y0, t - t0
            kind = CREATES if dy + dt > 0 else MOVES if dy + dt == 0 else DESTROYS
            moves.append(Move(name, dy / scale, dt / scale, (dy + dt) / scale, kind))
        mine, theirs_ = [o[1] for o in options], [o[2] for o in options]
        yours, theirs = max(mine) - min(mine), max(theirs_) - min(theirs_)
        joint = max(range(len(options)), key=lambda n: (mine[n] + theirs_[n], mine[n], -n))
        shared = any(y == max(mine) and t == max(theirs_) for y, t in zip(mine, theirs_, strict=True))
        trades.append(
            IssueTrades(
                issue=issue.name,
                from_option=options[0][0],
                your_stake=yours / scale,
                their_stake=theirs / scale,
                cares_more=_cares_more(yours, theirs),
                your_favourite=options[mine.index(max(mine))][0],
                their_favourite=options[theirs_.index(max(theirs_))][0],
                best_joint_option=options[joint][0],
                kind=MOVES if len({y + t for y, t in zip(mine, theirs_, strict=True)}) == 1 else CREATES,
                shared=shared,
                logrolling=not shared and yours != theirs,
                moves=tuple(moves),
            )
        )

    return Result(
        packages=packages,
        frontier=frontier,
        best_joint=packages[best],
        recommended=recommended,
        acceptable_count=len(allowed),
        your_walk_away_given=inputs.your_walk_away is not None,
        their_walk_away_given=inputs.their_walk_away is not None,
        trades=tuple(trades),
    )


def _package_words(inputs: Inputs, p: Package) -> str:
    """A package as a reader says it: "Wage increase: 3.0%; Medical plan: Company plan"."""
    return "; ".join(f"{i.name}: {c}" for i, c in zip(inputs.issues, p.choices, strict=True))


def _names(names: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


#: The most frontier packages the table lists; the chart and the result hold them all.
TABLE_ROWS = 60


def present(inputs: Inputs, result: Result) -> list[Block]:
    best, rec = result.best_joint, result.recommended
    limits = result.your_walk_away_given or result.their_walk_away_given
    total = len(result.packages)
    items = [
        ("Packages scored", f"{total:,}"),
        ("On the efficient frontier", f"{len(result.frontier):,}"),
    ]
    if limits:
        items.append(("Both sides accept", f"{result.acceptable_count:,}"))
    items.append(("Most joint value", money(best.joint)))
    if rec is not None:
        items += [("Aim for: value to you", money(rec.value_to_you)), ("Aim for: value to them", money(rec.value_to_them))]
    blocks: list[Block] = [Summary(tuple(items))]

    if rec is None:
        blocks.append(
            Note(
                "No package is worth at least your walk-away to you and at least your guess of theirs to them: on "
                "these issues there is no deal both sides accept. Look for another issue or option that is worth "
                "more to one side than it costs the other, check your guess of their walk-away, or improve your "
                "alternative.",
                "warning",
            )
        )
    else:
        among = "Of the packages both sides accept" if limits else "Of all the packages"
        blocks.append(
            Note(
                f"Aim for {_package_words(inputs, rec)}. {among}, none creates more value together "
                f"({money(rec.joint)}), and none that creates as much is worth more to you: {money(rec.value_to_you)} "
                f"to you, {money(rec.value_to_them)} to them."
            )
        )
        if rec.joint < best.joint:
            blocks.append(
                Note(
                    f"The package that creates the most, {_package_words(inputs, best)} ({money(best.joint)} together), "
                    "fails a walk-away. A payment or another issue that moves value to the side below its walk-away "
                    "could make it acceptable.",
                    "warning",
                )
            )

    give = [t.issue for t in result.trades if t.logrolling and t.cares_more == "them"]
    ask = [t.issue for t in result.trades if t.logrolling and t.cares_more == "you"]
    idle = [t.issue for t in result.trades if t.your_stake == 0 and t.their_stake == 0]
    moving = [t.issue for t in result.trades if t.kind == MOVES and t.issue not in idle]
    shared = [t for t in result.trades if t.shared and t.issue not in idle]
    sentences = []
    if give:
        sentences.append(f"Give on {_names(give)}: {'it matters' if len(give) == 1 else 'they matter'} more to them than to you.")
    if ask:
        what = f"{_names(ask)} in return" if give else _names(ask)
        sentences.append(f"Ask for {what}: {'it matters' if len(ask) == 1 else 'they matter'} more to you.")
    if moving:
        sentences.append(
            f"{_names(moving)} only {'moves' if len(moving) == 1 else 'move'} value: every unit one side gains there, "
            "the other loses; use it to balance the deal, not to create value."
        )
    for t in shared:
        sentences.append(f"On {t.issue}, {t.your_favourite} is best for both sides: settle it without a trade.")
    if idle:
        sentences.append(f"No option of {_names(idle)} is worth more than another to either side, as the values stand.")
    if sentences:
        blocks.append(Note(" ".join(sentences)))

    blocks.append(_chart(inputs, result))

    shown = result.frontier[:TABLE_ROWS]
    blocks.append(
        Table(
            "The efficient frontier: no other package is worth more to one side and as much to the other",
            ("Package", "Value to you", "Value to them", "Joint value", "Both accept?"),
            tuple(
                (
                    _package_words(inputs, p),
                    money(p.value_to_you),
                    money(p.value_to_them),
                    money(p.joint),
                    ("yes: aim for this one" if p == rec else "yes") if p.acceptable else "no",
                )
                for p in shown
            ),
            numeric=(1, 2, 3),
            tones=tuple("good" if p == rec else "" for p in shown),
        )
    )
    if len(result.frontier) > TABLE_ROWS:
        blocks.append(
            Note(
                f"The table lists the first {TABLE_ROWS} of the {len(result.frontier):,} packages on the frontier, by "
                "value to you; the chart draws them all, and Download JSON has every package."
            )
        )
    blocks.append(
        Table(
            "The issues: who cares more, and where the trades are",
            ("Issue", "Stake to you", "Stake to them", "Cares more", "Best for both together", "Use it to"),
            tuple(
                (
                    t.issue,
                    money(t.your_stake),
                    money(t.their_stake),
                    t.cares_more,
                    t.best_joint_option,
                    _use(t),
                )
                for t in result.trades
            ),
            numeric=(1, 2),
        )
    )
    blocks.append(
        Table(
            "Each move from an issue's first option: does it create value or only move it?",
            ("Move", "Change to you", "Change to them", "Joint change", "Verdict"),
            tuple(
                (
                    f"{t.issue}: {t.from_option} \u2192 {m.to_option}",
                    money(m.change_to_you),
                    money(m.change_to_them),
                    money(m.joint_change),
                    m.kind,
                )
                for t in result.trades
                for m in t.moves
            ),
            numeric=(1, 2, 3),
            tones=tuple(
                "good" if m.kind == CREATES else "bad" if m.kind == DESTROYS else "" for t in result.trades for m in t.moves
            ),
        )
    )
    return blocks


def _use(t: IssueTrades) -> str:
    if t.your_stake == 0 and t.their_stake == 0:
        return "nothing yet: no option is worth more than another"
    if t.shared:
        return "agree: one option is best for both"
    if t.logrolling:
        return "give, for something you value more" if t.cares_more == "them" else "ask for, in return"
    if t.kind == MOVES:
        return "balance the deal (it only moves value)"
    return "look for the option that creates most"


def _chart(inputs: Inputs, result: Result) -> Scatter:
    markers = []
    if inputs.your_walk_away is not None:
        markers.append(Marker("Your walk-away", "x", inputs.your_walk_away))
    if inputs.their_walk_away is not None:
        markers.append(Marker("Their walk-away", "y", inputs.their_walk_away))
    rec = result.recommended
    spot = rec if rec is not None else result.best_joint
    label = "Aim for" if rec is not None else "Most joint value"
    ends = f"{money(result.frontier[0].value_to_you)} to {money(result.frontier[-1].value_to_you)} to you"
    walls = ""
    if markers:
        walls = " The dashed lines are the walk-aways: the packages both sides accept lie to the right of yours and above theirs."
    return Scatter(
        "Every package, by its value to each side",
        f"Each dot is a package, {len(result.packages):,} in all: across, its value to you; up, its value to them. "
        f"The line joins the {len(result.frontier):,} packages of the efficient frontier, from {ends}: moving "
        "along it, one side gains only what the other gives up; any package below it leaves value on the table."
        f"{walls} The ringed package ({label.lower()}) is worth {money(spot.value_to_you)} to you and "
        f"{money(spot.value_to_them)} to them.",
        "Value to you",
        "Value to them",
        (Series("Package", tuple((p.value_to_you, p.value_to_them) for p in result.packages)),),
        tuple(markers),
        lines=(Series("Efficient frontier", tuple((p.value_to_you, p.value_to_them) for p in result.frontier)),),
        highlights=(Point(label, spot.value_to_you, spot.value_to_them),),
        height=320,
    )
