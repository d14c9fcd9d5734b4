"""The plan: one negotiation prepared step by step, each step a calculator, the numbers flowing from one to the next.

**The running example** (the Prepare page tells it once). Maya sells her house
at 14 Alder Lane; the Okafors, a couple moving to town for work, want to buy
it. Before talks she has two written offers, the Okafors' first offer of
505,000 and a cash offer of 480,000 from QuickHome, a house-buying company.
Without a deal she would relist in the spring (a 50-50 chance of 560,000 or
500,000, less 10,000 of carrying costs: 520,000) or rent the house out for a
year and sell then (0.7 at 540,000, 0.3 at 470,000, less 15,000: 504,000).
Relisting is her BATNA, so her walk-away price is **520,000** (step 2). She
guesses the Okafors would pay at most somewhere between 500,000 and 640,000
(step 3): the best take-it-or-leave-it ask is then **580,000**, the midpoint
of 520,000 and 640,000, accepted with a chance of 60,000 / 140,000 = 42.9%. She
opens there, aims at **555,000**, and plans four concessions, each half the one
before (step 4): 13,333, 6,667, 3,333 and 1,667, from 580,000 down to 555,000.
Besides the price, the closing date, the furniture and a roof repair are open
(step 5): closing in 30 days instead of 60 costs her 4,000 and is worth 9,000
to the Okafors, whose lease ends; leaving the furniture saves her 2,000 and is
worth 6,000 to them; fixing the roof would cost her 12,000 and is worth only
8,000 to them. Their lease ends on 31 May; her bridging loan falls due on
30 June; a week of delay costs her less than them (patience 0.95 against 0.9
a round, over the 120,000 between her walk-away and their highest price:
step 6). Her agent negotiates; Maya and Jon decide. She keeps the spring
relisting and the loan to herself, and finds out when their lease ends and how
much their mortgage is approved for (step 7). They will hardly meet again (a
10% chance), so restraint does not pay for its own sake (step 8). During the
talks the Okafors offer 505,000, then 515,000, then 520,000.

The buyer's side of the same house is :data:`BUYER_EXAMPLE`: the Okafors
would pay up to 640,000, and guess Maya's limit between 500,000 and 600,000.

**How the steps link.** A linked field left out takes its value from an earlier
step; given, it overrides the link, and the result says so (``links``):

- ``zopa.your_walk_away``, a price: for a **seller**, step 2's
  ``walk_away_value``. A seller's offers are prices received, so the value of
  no deal is the lowest price worth taking. For a **buyer** it is not linked,
  and must be given: a buyer's BATNA is what the best alternative is worth to
  them (say, another house bought at its own price), not the highest price to
  pay for this one, which is what the item is worth to them less that value,
  and the plan does not know the first.
- ``concessions.walk_away``, a price: step 3's ``your_walk_away`` (as linked or
  given), either role; with no step 3, a seller's step 2 value as above.
- ``concessions.opening``: step 3's best take-it-or-leave-it price (the
  ``best_ultimatum_price``: a seller's best ask, a buyer's best offer).
- ``concessions.their_offers``: always the plan's own log of their offers.
- ``trades.your_walk_away``, a value to you: step 2's ``walk_away_value``,
  either role: both are what a result is worth to you. It only means something
  when the options' values to you are measured from nothing, as step 2's are
  (the price itself, not a change from today's price).
- ``role`` flows from the plan into steps 3 and 4.

Each step is then the stand-alone calculator: its inputs are built, checked
with the same checks as typed input (:func:`calculators.fields.check`) and
computed by that calculator's ``compute``, so that running it alone on
``sections[name].inputs`` gives ``sections[name].result``. A step left out, or
one that cannot be completed (a link with nothing to link from, or numbers that
break the calculator's own rules once linked), is listed in ``missing`` with the
reasons, and the rest of the plan is computed without it.

Sources: the steps follow the guide's calculators (see each module). The idea
of a written plan on one page: R. Fisher & D. Ertel, *Getting Ready to
Negotiate* (1995); D. Malhotra & M. Bazerman, *Negotiation Genius* (2007),
ch. 1.

>>> r = compute(EXAMPLE)
>>> r.walk_away, r.opening, r.target, [round(c) for c in r.concessions]
(520000.0, 580000.0, 555000.0, [13333, 6667, 3333, 1667])
>>> r.their_pattern, round(r.reciprocity, 3)
('decreasing', 0.75)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Annotated, Any, Literal

from . import batna, concessions, diagnosis, repeated, time_pressure, trades, zopa
from .fields import Choice, Number, Numbers, Problem, Records, Section, Text, check, derive
from .numbers import money
from .render import Block, Heading, Note, Summary, Table
from .sensitivity import Swing

__all__ = [
    "BUYER_EXAMPLE",
    "EXAMPLE",
    "STEPS",
    "Computed",
    "ConcessionsSection",
    "Deadline",
    "Inputs",
    "Link",
    "Missing",
    "Point",
    "Result",
    "Secrets",
    "Talks",
    "TradesSection",
    "ZopaSection",
    "compute",
    "present",
]

ZopaSection: type = derive(
    zopa.Inputs,
    "ZopaSection",
    linked={
        "your_walk_away": "for a seller, step 2's walk-away value; a buyer gives it (a buyer's BATNA is a value, not a price)"
    },
    placeholders={"your_walk_away": "seller: from step 2"},
    drop=("role",),
    module=__name__,
    doc="Step 3, the bargaining range: the zopa calculator's inputs, the role taken from the plan.",
)
ConcessionsSection: type = derive(
    concessions.Inputs,
    "ConcessionsSection",
    linked={
        "opening": "step 3's best take-it-or-leave-it price",
        "walk_away": "step 3's walk-away price (a seller's, with no step 3: step 2's walk-away value)",
    },
    placeholders={"opening": "from step 3: the best price", "walk_away": "from step 3"},
    drop=("role", "their_offers"),
    module=__name__,
    doc="Step 4, the concession plan: the concessions calculator's inputs; their offers are the plan's log.",
)
TradesSection: type = derive(
    trades.Inputs,
    "TradesSection",
    linked={"your_walk_away": "step 2's walk-away value (no step 2: no limit)"},
    placeholders={"your_walk_away": "from step 2"},
    module=__name__,
    doc="Step 5, the issues and the trades: the trades calculator's inputs.",
)


@dataclass(frozen=True)
class Point:
    text: Annotated[str, Text("Item", max_length=200, help="One thing, in a line.")] = ""


@dataclass(frozen=True)
class Deadline:
    what: Annotated[str, Text("What", max_length=120, help="What happens, e.g. 'Their lease ends'.")] = ""
    when: Annotated[str, Text("When", max_length=60, help="A date or a time, as you would write it.")] = ""
    whose: Annotated[
        Literal["yours", "theirs", "both"], Choice("Whose", help="Whose deadline: it presses the side that has it.")
    ] = "yours"


@dataclass(frozen=True, kw_only=True)
class Talks:
    """Step 6's own lists: deadlines, who negotiates and decides, how fast you answer (tactics 4 to 6)."""

    deadlines: Annotated[
        tuple[Deadline, ...],
        Records("Deadlines", "Deadline", min_items=0, max_items=10, help="Dates that press either side, yours and theirs."),
    ] = ()
    who_negotiates: Annotated[
        str, Text("Who negotiates", max_length=120, help="Who sits at the table: you, an agent, a colleague.")
    ] = ""
    who_decides: Annotated[
        str, Text("Who decides", max_length=120, help="Who says yes: a negotiator without that authority cannot be pushed to it.")
    ] = ""
    what_they_are_told: Annotated[
        str,
        Text(
            "What the negotiator is told",
            max_length=200,
            help="What the person at the table knows and may agree to; what they do not know, they cannot give away.",
        ),
    ] = ""
    reply_speed: Annotated[
        str, Text("How fast you answer", max_length=120, help="How long you take before answering an offer, and why.")
    ] = ""


@dataclass(frozen=True, kw_only=True)
class Secrets:
    """Step 7's lists (tactics 1 and 2)."""

    hide: Annotated[
        tuple[Point, ...],
        Records(
            "What to keep to yourself",
            "Item",
            min_items=0,
            max_items=10,
            help="What you will not reveal: your limit, your deadlines, your alternatives.",
        ),
    ] = ()
    find_out: Annotated[
        tuple[Point, ...],
        Records(
            "What to find out", "Question", min_items=0, max_items=10, help="The questions to answer before the first meeting."
        ),
    ] = ()


def _step(label: str, help: str) -> Section:
    return Section(label, help=help, default_note="the step is left out of the plan")


@dataclass(frozen=True, kw_only=True)
class Inputs:
    name: Annotated[str, Text("Plan name", max_length=80, help="Your name for this plan, e.g. 'Alder Lane, the sale'.")] = ""
    role: Annotated[
        Literal["seller", "buyer"], Choice("Your role", help="Selling or buying: steps 3 and 4 take it from here.")
    ] = "seller"
    diagnosis: Annotated[
        diagnosis.Inputs | None,
        _step("Step 1: which negotiation is it?", "The questions you can answer before talks start come first."),
    ] = None
    batna: Annotated[
        batna.Inputs | None,
        _step("Step 2: your walk-away", "Your alternatives to a deal, rolled back to one number: your walk-away value."),
    ] = None
    zopa: Annotated[
        ZopaSection | None,  # type: ignore[valid-type]
        _step("Step 3: their side", "Your guess of their walk-away: the bargaining range, its chance, your best price."),
    ] = None
    concessions: Annotated[
        ConcessionsSection | None,  # type: ignore[valid-type]
        _step("Step 4: your numbers", "Opening, target and walk-away, and the steps between them."),
    ] = None
    trades: Annotated[
        TradesSection | None,  # type: ignore[valid-type]
        _step("Step 5: the issues and the trades", "Every issue with its options, valued for you and, as a guess, for them."),
    ] = None
    time_pressure: Annotated[
        time_pressure.Inputs | None,
        _step("Step 6: time", "Each side's cost of delay, and how it splits the deal."),
    ] = None
    talks: Annotated[
        Talks,
        Section("Step 6: deadlines, authority, reachability", help="Who decides, what dates press, how fast you answer."),
    ] = Talks()
    secrets: Annotated[Secrets, Section("Step 7: what to hide, what to find out", help="Your lists for tactics 1 and 2.")] = (
        Secrets()
    )
    repeated: Annotated[
        repeated.Inputs | None,
        _step("Step 8: the relationship", "Will you meet again, and does restraint pay?"),
    ] = None
    their_offers: Annotated[
        tuple[float, ...],
        Numbers(
            "During the talks: their offers so far",
            Number("Their offer", unit="money"),
            max_items=50,
            help="Log each offer of theirs, first to last: step 4 compares their concessions with yours.",
        ),
    ] = ()


@dataclass(frozen=True)
class Step:
    #: The calculator's name: the key of ``sections`` and ``missing``.
    name: str
    #: The plan's field that holds it.
    key: str
    number: int
    title: str
    module: ModuleType


STEPS: tuple[Step, ...] = (
    Step("diagnosis", "diagnosis", 1, "Which negotiation is it?", diagnosis),
    Step("batna", "batna", 2, "Your walk-away", batna),
    Step("zopa", "zopa", 3, "Their side", zopa),
    Step("concessions", "concessions", 4, "Your numbers", concessions),
    Step("trades", "trades", 5, "The issues and the trades", trades),
    Step("time-pressure", "time_pressure", 6, "Time", time_pressure),
    Step("repeated", "repeated", 8, "The relationship", repeated),
)


@dataclass(frozen=True)
class Computed:
    """One step as its calculator saw it: the complete inputs, after linking, and its result."""

    inputs: Any
    result: Any


@dataclass(frozen=True)
class Missing:
    section: str  # the calculator's name
    step: int
    #: Why: "left out", or each reason it could not be completed, its field named by its full path.
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Link:
    #: The linked field, by its full path: "zopa.your_walk_away".
    field: str
    #: Where a value left out comes from, in words: "step 2's walk-away value".
    source: str
    #: "linked" (left out, taken from the source) or "overridden" (given, though the source has a value).
    status: str
    value: float
    #: What the source gave (the same as ``value`` when linked).
    source_value: float


@dataclass(frozen=True)
class Result:
    role: str
    #: calculator name -> its complete inputs and result, for every step computed; in step order.
    sections: Mapping[str, Computed]
    missing: tuple[Missing, ...]
    links: tuple[Link, ...]
    #: The one page's numbers: prices (None where the step that gives them is missing).
    walk_away: float | None
    target: float | None
    opening: float | None
    #: Your planned offers, opening first, and the concessions between them.
    offers: tuple[float, ...]
    concessions: tuple[float, ...]
    #: Step 2's BATNA and its value (a value to you, not a price for a buyer).
    batna: str | None
    batna_value: float | None
    #: Step 1's leaning.
    leaning: str | None
    #: The three inputs that move step 3's best price most (its tornado, widest first).
    most_sensitive: tuple[Swing, ...]
    #: The log of their offers, and step 4's reading of it: their concessions, their pattern, and theirs per 1 of yours.
    their_offers: tuple[float, ...]
    their_concessions: tuple[float, ...] | None
    their_pattern: str | None
    reciprocity: float | None
    talks: Talks
    secrets: Secrets


# -- linking ---------------------------------------------------------------------


class _Linker:
    """The values a plan's steps give each other, and the record of each link used or overridden."""

    def __init__(self, plan: Inputs) -> None:
        self.plan = plan
        self.done: dict[str, Computed] = {}
        self.links: list[Link] = []

    def fill(self, section: Any, key: str, field: str, source: tuple[float | None, str], why_not: str, reasons: list[str]) -> Any:
        """The value of a linked field: given (an override when the source has a value), else the source's, else a reason."""
        value, words = source
        given = getattr(section, field)
        if given is not None:
            if value is not None:
                self.links.append(Link(f"{key}.{field}", words, "overridden", given, value))
            return given
        if value is None:
            reasons.append(f"{key}.{field}: {why_not}")
            return None
        self.links.append(Link(f"{key}.{field}", words, "linked", value, value))
        return value

    def batna_value(self) -> float | None:
        got = self.done.get("batna")
        return None if got is None else float(got.result.walk_away_value)

    def seller_walk_away(self) -> tuple[float | None, str]:
        return (self.batna_value() if self.plan.role == "seller" else None), "step 2's walk-away value"


def _fields_of(section: Any) -> dict[str, Any]:
    return {f.name: getattr(section, f.name) for f in dataclasses.fields(section)}


def _zopa(link: _Linker, section: Any, reasons: list[str]) -> dict[str, Any]:
    why = (
        "Your walk-away price is left out, and there is no step 2 to take it from: give it, or fill in step 2."
        if link.plan.role == "seller"
        else "Your walk-away price is left out: a buyer gives it (the highest price you would pay), "
        "since step 2's value is what your best alternative is worth, not a price."
    )
    walk_away = link.fill(section, "zopa", "your_walk_away", link.seller_walk_away(), why, reasons)
    return _fields_of(section) | {"role": link.plan.role, "your_walk_away": walk_away}


def _concessions(link: _Linker, section: Any, reasons: list[str]) -> dict[str, Any]:
    z = link.done.get("zopa")
    walk_source = (z.inputs.your_walk_away, "step 3's walk-away price") if z is not None else link.seller_walk_away()
    walk_away = link.fill(
        section,
        "concessions",
        "walk_away",
        walk_source,
        "The walk-away is left out, and step 3 has none to give: give it, or complete step 3.",
        reasons,
    )
    best = None if z is None else z.result.best_ultimatum_price
    why = (
        "The opening offer is left out, and step 3 gives no best price: give it, or complete step 3."
        if z is None or best is not None
        else "The opening offer is left out, and step 3 finds no bargaining range, so no best price: give it."
    )
    opening = link.fill(section, "concessions", "opening", (best, "step 3's best take-it-or-leave-it price"), why, reasons)
    return _fields_of(section) | {
        "role": link.plan.role,
        "opening": opening,
        "walk_away": walk_away,
        "their_offers": link.plan.their_offers,
    }


def _trades(link: _Linker, section: Any, reasons: list[str]) -> dict[str, Any]:
    value = link.batna_value()
    given = section.your_walk_away
    if given is None and value is None:  # nothing to link from: no limit, as in the calculator on its own
        return _fields_of(section)
    walk_away = link.fill(section, "trades", "your_walk_away", (value, "step 2's walk-away value"), "", reasons)
    return _fields_of(section) | {"your_walk_away": walk_away}


def _as_given(link: _Linker, section: Any, reasons: list[str]) -> dict[str, Any]:
    return _fields_of(section)


_BUILD: dict[str, Callable[[_Linker, Any, list[str]], dict[str, Any]]] = {
    "zopa": _zopa,
    "concessions": _concessions,
    "trades": _trades,
}


def compute(plan: Inputs) -> Result:
    """Link the steps in order, compute each with its own calculator, and gather the one page's numbers."""
    link = _Linker(plan)
    missing: list[Missing] = []
    for step in STEPS:
        section = getattr(plan, step.key)
        if section is None:
            missing.append(Missing(step.name, step.number, ("left out",)))
            continue
        reasons: list[str] = []
        values = _BUILD.get(step.key, _as_given)(link, section, reasons)
        if reasons:
            missing.append(Missing(step.name, step.number, tuple(reasons)))
            continue
        inputs = step.module.Inputs(**values)
        problems: list[Problem] = check(inputs, (step.key,))
        if problems:
            missing.append(Missing(step.name, step.number, tuple(str(p) for p in problems)))
            continue
        link.done[step.name] = Computed(inputs, step.module.compute(inputs))
    done = link.done
    z, c, b, d = done.get("zopa"), done.get("concessions"), done.get("batna"), done.get("diagnosis")
    walk_away = c.inputs.walk_away if c else z.inputs.your_walk_away if z else link.seller_walk_away()[0]
    return Result(
        role=plan.role,
        sections=dict(done),
        missing=tuple(missing),
        links=tuple(link.links),
        walk_away=walk_away,
        target=c.inputs.resolved_target if c else None,
        opening=c.inputs.opening if c else None,
        offers=c.result.offers if c else (),
        concessions=c.result.concessions if c else (),
        batna=b.result.batna if b else None,
        batna_value=b.result.walk_away_value if b else None,
        leaning=d.result.leaning if d else None,
        most_sensitive=z.result.sensitivity[:3] if z else (),
        their_offers=plan.their_offers,
        their_concessions=c.result.their_concessions if c else None,
        their_pattern=c.result.their_pattern if c else None,
        reciprocity=c.result.reciprocity if c else None,
        talks=plan.talks,
        secrets=plan.secrets,
    )


# -- the examples -------------------------------------------------------------------

_DIAGNOSIS = diagnosis.Inputs(ongoing_relationship="no", several_issues="yes", kind_of_deal_played_hard="yes")
_TALKS_SELLER = Talks(
    deadlines=(
        Deadline("Their lease ends", "31 May", "theirs"),
        Deadline("Our bridging loan falls due", "30 June", "yours"),
    ),
    who_negotiates="Our agent, Sam Reyes",
    who_decides="Maya and Jon, together",
    what_they_are_told="Nothing below 555,000 without calling us; never name our walk-away.",
    reply_speed="Answer each offer after a full day, never on the spot.",
)
_TRADES_SELLER = TradesSection(
    issues=(
        trades.Issue(
            "Price",
            (
                trades.Option("580,000", 580_000.0, 0.0),
                trades.Option("565,000", 565_000.0, 15_000.0),
                trades.Option("550,000", 550_000.0, 30_000.0),
            ),
        ),
        trades.Issue("Closing date", (trades.Option("In 60 days", 0.0, 0.0), trades.Option("In 30 days", -4_000.0, 9_000.0))),
        trades.Issue("Furniture", (trades.Option("Taken", 0.0, 0.0), trades.Option("Left for them", 2_000.0, 6_000.0))),
        trades.Issue("Roof", (trades.Option("As it is", 0.0, 0.0), trades.Option("Seller repairs it", -12_000.0, 8_000.0))),
    ),
)

#: The Prepare page's running example, the seller's plan: see the module docstring.
EXAMPLE = Inputs(
    name="14 Alder Lane: the sale",
    role="seller",
    diagnosis=_DIAGNOSIS,
    batna=batna.Inputs(
        offers=(batna.Offer("The Okafors' first offer", 505_000.0), batna.Offer("QuickHome's cash offer", 480_000.0)),
        alternatives=(
            batna.Alternative(
                "Relist in the spring",
                (batna.Outcome(0.5, 560_000.0), batna.Outcome(0.5, 500_000.0)),
                cost=10_000.0,
                delay_months=5.0,
            ),
            batna.Alternative(
                "Rent it out for a year, then sell",
                (batna.Outcome(0.7, 540_000.0), batna.Outcome(0.3, 470_000.0)),
                cost=15_000.0,
                delay_months=12.0,
            ),
        ),
    ),
    zopa=ZopaSection(their_walk_away_low=500_000.0, their_walk_away_high=640_000.0),
    concessions=ConcessionsSection(target=555_000.0, rounds=4, pattern="geometric", ratio=0.5),
    trades=_TRADES_SELLER,
    time_pressure=time_pressure.Inputs(pie=120_000.0, you_propose_first=True, your_discount=0.95, their_discount=0.9),
    talks=_TALKS_SELLER,
    secrets=Secrets(
        hide=(Point("That relisting in the spring is our fallback"), Point("That our bridging loan falls due on 30 June")),
        find_out=(Point("When exactly does their lease end?"), Point("How much is their mortgage approved for?")),
    ),
    repeated=repeated.Inputs(temptation=5.0, reward=3.0, punishment=1.0, sucker=0.0, continuation_probability=0.1),
    their_offers=(505_000.0, 515_000.0, 520_000.0),
)

#: The same house from the Okafors' side: the buyer's walk-away price is given, as a buyer's always is.
BUYER_EXAMPLE = Inputs(
    name="14 Alder Lane: the purchase",
    role="buyer",
    diagnosis=_DIAGNOSIS,
    batna=batna.Inputs(
        offers=(batna.Offer("Alder Lane at 580,000 (worth 640,000 to us)", 60_000.0),),
        alternatives=(
            batna.Alternative(
                "Bid on the house in Birch Street",
                (batna.Outcome(0.5, 45_000.0), batna.Outcome(0.5, 0.0)),
                delay_months=2.0,
            ),
            batna.Alternative("Keep renting for a year", (batna.Outcome(1.0, 0.0),), cost=6_000.0),
        ),
    ),
    zopa=ZopaSection(your_walk_away=640_000.0, their_walk_away_low=500_000.0, their_walk_away_high=600_000.0),
    concessions=ConcessionsSection(target=590_000.0, rounds=4, pattern="geometric", ratio=0.5),
    time_pressure=time_pressure.Inputs(pie=120_000.0, you_propose_first=False, your_discount=0.9, their_discount=0.95),
    talks=Talks(
        deadlines=(Deadline("Our lease ends", "31 May", "yours"),),
        who_negotiates="Ada, with our agent",
        who_decides="Ada and Tunde, together",
        what_they_are_told="Our agent knows our target, not our limit.",
        reply_speed="Sleep on every counter-offer.",
    ),
    secrets=Secrets(
        hide=(Point("That our lease ends on 31 May"), Point("That we love the garden")),
        find_out=(Point("Has she bought her next home already?"), Point("Why is the house for sale?")),
    ),
    repeated=repeated.Inputs(temptation=5.0, reward=3.0, punishment=1.0, sucker=0.0, continuation_probability=0.1),
    their_offers=(580_000.0, 566_667.0),  # Maya's opening and her first concession (her plan, step 4)
)

#: The worked examples the page offers, by the name its switch shows: the seller's plan first (the page opens on it).
EXAMPLES = {"Maya's plan (seller)": EXAMPLE, "The Okafors' plan (buyer)": BUYER_EXAMPLE}


# -- the page -------------------------------------------------------------------------


def _price(x: float | None) -> str:
    return "not set" if x is None else money(x)


def _best(x: float | None, in_range: bool) -> str:
    if not in_range:
        return "out of range"
    return "no deal" if x is None else money(x)


def _numbers(plan: Inputs, result: Result) -> Table:
    given = {link.field: link for link in result.links}

    def source(field: str, default: str) -> str:
        link = given.get(field)
        if link is None:
            return default
        if link.status == "linked":
            return link.source
        return f"yours, over {link.source} ({money(link.source_value)})"

    steps = " \u2192 ".join(money(c) for c in result.concessions) or "not set"
    theirs = ", ".join(money(x) for x in result.their_offers) or "none yet"
    rows = (
        ("Walk-away", _price(result.walk_away), source("concessions.walk_away", source("zopa.your_walk_away", "yours"))),
        ("Target", _price(result.target), "yours" if result.target is not None else ""),
        ("Opening", _price(result.opening), source("concessions.opening", "yours") if result.opening is not None else ""),
        ("Your concessions", steps, "step 4"),
        ("Their offers", theirs, "your log"),
    )
    return Table("Your numbers", ("Number", "Amount", "From"), rows, numeric=(1,))


def _one_page(plan: Inputs, result: Result) -> list[Block]:
    you = "the seller" if result.role == "seller" else "the buyer"
    batna_text = (
        "not set" if result.batna is None or result.batna_value is None else f"{result.batna}: {money(result.batna_value)}"
    )
    blocks: list[Block] = [
        Heading("The plan on one page"),
        Summary(
            (
                ("Plan", plan.name or "unnamed"),
                ("You are", you),
                ("Walk-away", _price(result.walk_away)),
                ("Target", _price(result.target)),
                ("Opening", _price(result.opening)),
                ("Best alternative", batna_text),
                ("Which negotiation", result.leaning or "not judged"),
            )
        ),
        _numbers(plan, result),
    ]
    if result.reciprocity is not None:
        blocks.append(
            Note(
                f"Their offers so far: they have conceded {result.reciprocity:.2f} for every 1 you plan over the same rounds; "
                f"their steps are {result.their_pattern or 'too few to judge'}."
            )
        )
    elif result.their_offers and "concessions" not in result.sections:
        blocks.append(Note("Their offers are logged; complete step 4 to compare their concessions with yours."))
    talks, secrets = result.talks, result.secrets
    people = [
        (label, text)
        for label, text in (
            ("Negotiates", talks.who_negotiates),
            ("Decides", talks.who_decides),
            ("Is told", talks.what_they_are_told),
            ("Answers", talks.reply_speed),
        )
        if text
    ]
    if people:
        blocks.append(Table("Who decides, and how you answer", ("Who", "What"), tuple(people)))
    if talks.deadlines:
        dates = tuple((d.what or f"Deadline {i + 1}", d.when, d.whose) for i, d in enumerate(talks.deadlines))
        blocks.append(Table("Deadlines", ("What", "When", "Whose"), dates))
    lists = [("Keep to yourself", p.text) for p in secrets.hide if p.text] + [
        ("Find out", p.text) for p in secrets.find_out if p.text
    ]
    if lists:
        blocks.append(Table("What to hide, what to find out", ("List", "Item"), tuple(lists)))
    t = result.sections.get("trades")
    if t is not None:
        issues = tuple((m.issue, m.cares_more, m.kind) for m in t.result.trades)
        blocks.append(Table("The trades: who cares more about each issue", ("Issue", "Cares more", "A move"), issues))
        pick = t.result.recommended or t.result.best_joint
        blocks.append(
            Note(
                f"The package to aim for: {', '.join(pick.choices)}, worth {money(pick.value_to_you)} to you and "
                f"{money(pick.value_to_them)} to them."
            )
        )
    if result.most_sensitive:
        z = result.sections["zopa"]
        swings = tuple(
            (s.input, money(s.value), _best(s.low, s.low_in_range), _best(s.high, s.high_in_range)) for s in result.most_sensitive
        )
        pct = f"{z.inputs.sensitivity_percent:g}%"
        blocks.append(
            Table(
                "What moves your best price most",
                ("Input", "Now", f"Best price at \u2212{pct}", f"at +{pct}"),
                swings,
                numeric=(1, 2, 3),
            )
        )
    if result.links:
        sources = tuple(
            (
                link.field,
                money(link.value),
                link.source if link.status == "linked" else f"given, instead of {money(link.source_value)}",
            )
            for link in result.links
        )
        blocks.append(Table("Where the linked numbers come from", ("Field", "Value", "From"), sources, numeric=(1,)))
    for m in result.missing:
        if m.reasons == ("left out",):
            blocks.append(Note(f"Step {m.step} ({m.section}) is left out of this plan."))
        else:
            blocks.append(Note(f"Step {m.step} ({m.section}) could not be computed: " + " ".join(m.reasons), "warning"))
    return blocks


def present(plan: Inputs, result: Result) -> list[Block]:
    """The one page first, then each computed step as its own calculator presents it."""
    blocks = _one_page(plan, result)
    for step in STEPS:
        got = result.sections.get(step.name)
        if got is not None:
            blocks.append(Heading(f"Step {step.number}: {step.title.lower()}"))
            blocks.extend(step.module.present(got.inputs, got.result))
    return blocks
