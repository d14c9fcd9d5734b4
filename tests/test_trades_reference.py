"""trades: hand-worked packages and frontiers, and an independent reference in exact fractions.

The hand-worked cases follow Raiffa's additive scoring (The Art and Science of Negotiation, 1982): a package is
worth the sum of its options' values to each side. The reference knows nothing of the model's sweep: it scores
every package with ``Fraction`` sums and finds the dominated ones by comparing every pair.
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.trades import CREATES, DESTROYS, EXAMPLE, MOVES, Inputs, Issue, Option, Package, Result, compute


def by_choices(result: Result) -> dict[tuple[str, ...], tuple[float, float, bool]]:
    return {p.choices: (p.value_to_you, p.value_to_them, p.efficient) for p in result.packages}


# -- the worked example, by hand ------------------------------------------------------------------------------


def test_example_packages_are_scored_by_adding_their_options() -> None:
    r = compute(EXAMPLE)
    # 4 wage options x 2 x 2 x 2 = 32 packages, the first issue changing slowest.
    assert len(r.packages) == 32
    assert r.packages[0].choices == ("2.5%", "Union plan", "No", "As now")
    assert r.packages[1].choices == ("2.5%", "Union plan", "No", "Stricter")
    assert r.packages[-1].choices == ("4.0%", "Company plan", "Yes", "Stricter")
    scores = {p.choices: (p.value_to_you, p.value_to_them, p.joint) for p in r.packages}
    # 3.0% raise, company plan, 401K, attendance as now:
    #   to you:  -225,000 + 1,500,000 - 300,000 + 0 =   975,000
    #   to them: +225,000 -   600,000 + 1,200,000 + 0 = 825,000;  joint 1,800,000
    assert scores[("3.0%", "Company plan", "Yes", "As now")] == (975_000, 825_000, 1_800_000)
    # 2.5%, union plan, no 401K, stricter rule: to you 0 + 0 + 0 + 150,000; to them 0 + 0 + 0 - 400,000.
    assert scores[("2.5%", "Union plan", "No", "Stricter")] == (150_000, -400_000, -250_000)
    # 4.0%, company plan, 401K, stricter rule:
    #   to you:  -675,000 + 1,500,000 - 300,000 + 150,000 = 675,000
    #   to them: +675,000 -   600,000 + 1,200,000 - 400,000 = 875,000
    assert scores[("4.0%", "Company plan", "Yes", "Stricter")] == (675_000, 875_000, 1_550_000)


def test_example_walk_aways_keep_four_packages() -> None:
    # You need at least 250,000, they (your guess) at least 700,000.
    # With the union plan you get at most 0 + 0 + 0 + 150,000 = 150,000 < 250,000: none of those 16.
    # With the company plan and no 401K they get at most 675,000 - 600,000 = 75,000 < 700,000: none of those 8.
    # Company plan and 401K (8 left), to you 1,200,000 - raise cost (+150,000 if stricter),
    # to them 600,000 + raise (-400,000 if stricter):
    #   as now:   2.5% -> them 600,000 (no); 3.0% 975,000/825,000; 3.5% 750,000/1,050,000; 4.0% 525,000/1,275,000
    #   stricter: them 200,000 + raise >= 700,000 needs a raise worth >= 500,000: only 4.0% (675,000/875,000)
    r = compute(EXAMPLE)
    accepted = {p.choices for p in r.packages if p.acceptable}
    assert accepted == {
        ("3.0%", "Company plan", "Yes", "As now"),
        ("3.5%", "Company plan", "Yes", "As now"),
        ("4.0%", "Company plan", "Yes", "As now"),
        ("4.0%", "Company plan", "Yes", "Stricter"),
    }
    assert r.acceptable_count == 4
    # The best joint value, 1,800,000, comes from every package with the company plan, the 401K and the rule as
    # now (900,000 + 900,000 + 0): four raises tie, and the one worth most to you is 2.5% (1,200,000 to you).
    assert r.best_joint.choices == ("2.5%", "Company plan", "Yes", "As now")
    assert (r.best_joint.joint, r.best_joint.value_to_you) == (1_800_000, 1_200_000)
    # Of the accepted ones, three tie at 1,800,000; 3.0% is worth most to you (975,000 > 750,000 > 525,000).
    assert r.recommended is not None and r.recommended.choices == ("3.0%", "Company plan", "Yes", "As now")


def test_example_trades_are_classified_by_the_sum_of_the_changes() -> None:
    r = compute(EXAMPLE)
    moves = {
        (t.issue, m.to_option): (m.change_to_you, m.change_to_them, m.joint_change, m.kind) for t in r.trades for m in t.moves
    }
    # A raise from 2.5% to 3.0%: -225,000 to you, +225,000 to them, sum 0: it only moves value.
    assert moves[("Wage increase", "3.0%")] == (-225_000, 225_000, 0, MOVES)
    assert moves[("Wage increase", "4.0%")] == (-675_000, 675_000, 0, MOVES)
    # The company plan: +1,500,000 to you, -600,000 to them, sum +900,000: it creates value.
    assert moves[("Medical plan", "Company plan")] == (1_500_000, -600_000, 900_000, CREATES)
    # The 401K: -300,000 to you, +1,200,000 to them, sum +900,000: it creates value.
    assert moves[("401K", "Yes")] == (-300_000, 1_200_000, 900_000, CREATES)
    # The stricter rule: +150,000 to you, -400,000 to them, sum -250,000: it destroys value.
    assert moves[("Attendance rule", "Stricter")] == (150_000, -400_000, -250_000, DESTROYS)
    issues = {t.issue: t for t in r.trades}
    # Stakes: the spread of each side's values. Wage 675,000 each: equal, and every option sums to 0: it only moves
    # value, no logrolling. Medical 1,500,000 to you against 600,000: you care more. 401K 300,000 against
    # 1,200,000, and the rule 150,000 against 400,000: they care more. The sides want different options on each.
    assert [(t.your_stake, t.their_stake, t.cares_more, t.kind, t.logrolling) for t in r.trades] == [
        (675_000, 675_000, "equally", MOVES, False),
        (1_500_000, 600_000, "you", CREATES, True),
        (300_000, 1_200_000, "them", CREATES, True),
        (150_000, 400_000, "them", CREATES, True),
    ]
    assert (issues["401K"].your_favourite, issues["401K"].their_favourite, issues["401K"].best_joint_option) == (
        "No",
        "Yes",
        "Yes",
    )
    assert issues["Attendance rule"].best_joint_option == "As now"  # sum 0 beats 150,000 - 400,000
    # Every option of the wage sums to 0: the tie goes to the one worth most to you.
    assert issues["Wage increase"].best_joint_option == "2.5%"


# -- a small frontier, by hand ------------------------------------------------------------------------------------

A = Issue("A", (Option("a1", 0.0, 0.0), Option("a2", 3.0, -1.0)))
B = Issue("B", (Option("b1", 0.0, 0.0), Option("b2", -1.0, 3.0)))
C = Issue("C", (Option("c1", 0.0, 0.0), Option("c2", 1.0, -1.0), Option("c3", 1.0, -1.0)))


def test_small_frontier_by_hand_with_a_tie_and_dominated_packages() -> None:
    r = compute(Inputs(issues=(A, B, C)))
    # (value to you, value to them) of each package, a + b + c:
    #   a1 b1 c1 ( 0, 0)  c2/c3 ( 1, -1)
    #   a1 b2 c1 (-1, 3)  c2/c3 ( 0,  2)
    #   a2 b1 c1 ( 3,-1)  c2/c3 ( 4, -2)
    #   a2 b2 c1 ( 2, 2)  c2/c3 ( 3,  1)
    scores = by_choices(r)
    assert scores[("a2", "b2", "c3")] == (3.0, 1.0, True)
    # Dominated: (0, 0), (1, -1) and (0, 2) by (2, 2); (3, -1) by (3, 1): as much to you, more to them.
    dominated = {c for c, (_, _, eff) in scores.items() if not eff}
    assert dominated == {
        ("a1", "b1", "c1"),
        ("a1", "b1", "c2"),
        ("a1", "b1", "c3"),
        ("a1", "b2", "c2"),
        ("a1", "b2", "c3"),
        ("a2", "b1", "c1"),
    }
    # On the frontier: (-1, 3) the best for them, (2, 2), (4, -2) the best for you, and (3, 1) twice: c2 and c3
    # tie exactly, neither beats the other, so both stay.
    assert [(p.value_to_you, p.value_to_them, p.choices) for p in r.frontier] == [
        (-1.0, 3.0, ("a1", "b2", "c1")),
        (2.0, 2.0, ("a2", "b2", "c1")),
        (3.0, 1.0, ("a2", "b2", "c2")),
        (3.0, 1.0, ("a2", "b2", "c3")),
        (4.0, -2.0, ("a2", "b1", "c2")),
        (4.0, -2.0, ("a2", "b1", "c3")),
    ]
    # Joint values: (2, 2) and (3, 1) both make 4, the most; of those, (3, 1) is worth more to you, and the first
    # listed of the tied pair (c2) is taken.
    assert r.best_joint.choices == ("a2", "b2", "c2")
    # No walk-aways: every package is accepted, and the recommendation is the best joint package.
    assert r.acceptable_count == 12 and r.recommended == r.best_joint
    # C's c2 and c3 move value from them to you one for one (1 - 1 = 0): they only move it.
    (c,) = [t for t in r.trades if t.issue == "C"]
    assert [m.kind for m in c.moves] == [MOVES, MOVES] and c.kind == MOVES


def test_walk_aways_filter_packages_and_the_recommendation() -> None:
    # You need at least 3, they at least 1: of the twelve, (3, 1) twice and nothing else ((4, -2) fails theirs,
    # (2, 2) fails yours). Both joint 4, 3 to you: the first, c2.
    r = compute(Inputs(issues=(A, B, C), your_walk_away=3.0, their_walk_away=1.0))
    assert {p.choices for p in r.packages if p.acceptable} == {("a2", "b2", "c2"), ("a2", "b2", "c3")}
    assert r.recommended is not None and r.recommended.choices == ("a2", "b2", "c2")
    # Only your walk-away, at 4: the two (4, -2) packages; joint 2. The best joint package, (3, 1), is not among them.
    r = compute(Inputs(issues=(A, B, C), your_walk_away=4.0))
    assert r.recommended is not None and r.recommended.choices == ("a2", "b1", "c2") and r.recommended.joint == 2
    assert r.best_joint.joint == 4 and not r.best_joint.acceptable
    # A walk-away at exactly a package's value accepts it (at least, not more than).
    r = compute(Inputs(issues=(A, B, C), their_walk_away=3.0))
    assert [p.choices for p in r.packages if p.acceptable] == [("a1", "b2", "c1")]
    # Nothing meets both: no recommendation, but a best joint package still.
    r = compute(Inputs(issues=(A, B, C), your_walk_away=4.0, their_walk_away=0.0))
    assert r.recommended is None and r.acceptable_count == 0 and r.best_joint.choices == ("a2", "b2", "c2")


def test_rounding_never_marks_a_package_it_should_not() -> None:
    # 1e15 + 0.1 and 1e15 + 0.125 both round to the float 1,000,000,000,000,000.125 (the spacing of floats near
    # 1e15 is 0.125), but exactly the first is 0.1000000000000000055... and the second 0.125: the second beats it.
    big = Issue("Big", (Option("big", 1e15, 0.0), Option("none", 0.0, 0.0)))
    small = Issue("Small", (Option("tenth", 0.1, 0.0), Option("eighth", 0.125, 0.0)))
    r = compute(Inputs(issues=(big, small), your_walk_away=1e15 + 0.125))
    scores = by_choices(r)
    assert 1e15 + 0.1 == 1e15 + 0.125  # what float addition would have compared
    assert scores[("big", "tenth")] == (1e15 + 0.125, 0.0, False)
    assert scores[("big", "eighth")] == (1e15 + 0.125, 0.0, True)
    assert [p.choices for p in r.frontier] == [("big", "eighth")]
    # The walk-away, the float 1e15 + 0.125, is exactly met by "eighth" and missed by "tenth".
    assert [p.choices for p in r.packages if p.acceptable] == [("big", "eighth")]


def test_an_option_best_for_both_needs_no_trade() -> None:
    # Both prefer "fast": to you 5 > 0, to them 2 > 0. Not a logrolling candidate, though you care more.
    r = compute(Inputs(issues=(Issue("Delivery", (Option("slow", 0.0, 0.0), Option("fast", 5.0, 2.0))),)))
    (t,) = r.trades
    assert (t.shared, t.logrolling, t.cares_more, t.your_favourite, t.their_favourite) == (True, False, "you", "fast", "fast")
    assert [(m.joint_change, m.kind) for m in t.moves] == [(7.0, CREATES)]
    assert [p.choices for p in r.frontier] == [("fast",)]


# -- the independent reference ------------------------------------------------------------------------------------


class Reference(NamedTuple):
    packages: list[tuple[tuple[str, ...], Fraction, Fraction]]
    efficient: list[bool]
    acceptable: list[bool]
    best: int
    recommended: int | None


def reference(inputs: Inputs) -> Reference:
    """Every package in exact fractions; dominance by comparing every pair; the best by a plain search."""
    packages: list[tuple[tuple[str, ...], Fraction, Fraction]] = [((), Fraction(0), Fraction(0))]
    for issue in inputs.issues:
        packages = [
            (c + (o.name,), y + Fraction(o.value_to_you), t + Fraction(o.value_to_them))
            for c, y, t in packages
            for o in issue.options
        ]

    def beats(q: tuple[object, Fraction, Fraction], p: tuple[object, Fraction, Fraction]) -> bool:
        return q[1] >= p[1] and q[2] >= p[2] and (q[1] > p[1] or q[2] > p[2])

    efficient = [not any(beats(q, p) for q in packages) for p in packages]
    acceptable = [
        (inputs.your_walk_away is None or y >= Fraction(inputs.your_walk_away))
        and (inputs.their_walk_away is None or t >= Fraction(inputs.their_walk_away))
        for _, y, t in packages
    ]

    def best_of(candidates: list[int]) -> int:
        """The most joint value; of those, the most to you; of those, the first."""
        top = max(packages[k][1] + packages[k][2] for k in candidates)
        tied = [k for k in candidates if packages[k][1] + packages[k][2] == top]
        most = max(packages[k][1] for k in tied)
        return next(k for k in tied if packages[k][1] == most)

    allowed = [k for k in range(len(packages)) if acceptable[k]]
    return Reference(packages, efficient, acceptable, best_of(list(range(len(packages)))), best_of(allowed) if allowed else None)


amount = st.one_of(
    st.integers(-5, 5).map(float),  # small integers: many ties
    st.sampled_from([0.1, 0.2, 0.3, -0.1, 0.125, 1e15, -1e15, 1e-300]),
    st.floats(min_value=-1e15, max_value=1e15, allow_nan=False, allow_subnormal=True),
)


@st.composite
def trade_inputs(draw: st.DrawFn) -> Inputs:
    issues = []
    for i in range(draw(st.integers(1, 4))):
        count = draw(st.integers(2, 4))
        issues.append(Issue(f"Issue {i}", tuple(Option(f"o{j}", draw(amount), draw(amount)) for j in range(count))))
    walk = st.none() | amount
    return Inputs(issues=tuple(issues), your_walk_away=draw(walk), their_walk_away=draw(walk))


@settings(max_examples=150, deadline=None)
@given(trade_inputs())
def test_matches_the_reference(inputs: Inputs) -> None:
    r = compute(inputs)
    ref = reference(inputs)
    assert [p.choices for p in r.packages] == [c for c, _, _ in ref.packages]
    # Each float is the exact sum rounded once.
    assert [(p.value_to_you, p.value_to_them, p.joint) for p in r.packages] == [
        (float(y), float(t), float(y + t)) for _, y, t in ref.packages
    ]
    assert [p.efficient for p in r.packages] == ref.efficient
    assert [p.acceptable for p in r.packages] == ref.acceptable
    assert r.best_joint == r.packages[ref.best]
    assert r.recommended == (None if ref.recommended is None else r.packages[ref.recommended])
    assert r.acceptable_count == sum(ref.acceptable)
    # The frontier is the efficient packages, by value to you and then from the most to them.
    order = sorted(
        (k for k in range(len(ref.packages)) if ref.efficient[k]), key=lambda k: (ref.packages[k][1], -ref.packages[k][2], k)
    )
    assert r.frontier == tuple(r.packages[k] for k in order)


@settings(max_examples=150, deadline=None)
@given(trade_inputs())
def test_frontier_properties(inputs: Inputs) -> None:
    r = compute(inputs)
    exact = {
        p.choices: (sum(Fraction(o.value_to_you) for o in opts), sum(Fraction(o.value_to_them) for o in opts))
        for p, opts in _options(inputs, r)
    }

    def dominated(p: Package) -> bool:
        y, t = exact[p.choices]
        return any(y2 >= y and t2 >= t and (y2 > y or t2 > t) for y2, t2 in exact.values())

    # Frontier packages are never dominated; every dominated package is off it.
    assert not any(dominated(p) for p in r.frontier)
    assert all(p.efficient for p in r.frontier)
    assert all(not p.efficient for p in r.packages if dominated(p))
    # The frontier is never empty, and the best joint package is on it.
    assert r.frontier and r.best_joint.efficient and r.best_joint in r.frontier
    # The recommended package is accepted, and no accepted package creates more.
    if r.recommended is not None:
        assert r.recommended.acceptable
        assert all(p.joint <= r.recommended.joint for p in r.packages if p.acceptable)


def _options(inputs: Inputs, r: Result) -> list[tuple[Package, list[Option]]]:
    out = []
    for p in r.packages:
        opts = [next(o for o in issue.options if o.name == c) for issue, c in zip(inputs.issues, p.choices, strict=True)]
        out.append((p, opts))
    return out


@settings(max_examples=150, deadline=None)
@given(trade_inputs())
def test_trades_match_exact_differences(inputs: Inputs) -> None:
    r = compute(inputs)
    for issue, t in zip(inputs.issues, r.trades, strict=True):
        first = issue.options[0]
        assert t.from_option == first.name
        for o, m in zip(issue.options[1:], t.moves, strict=True):
            dy = Fraction(o.value_to_you) - Fraction(first.value_to_you)
            dt = Fraction(o.value_to_them) - Fraction(first.value_to_them)
            assert (m.to_option, m.change_to_you, m.change_to_them, m.joint_change) == (
                o.name,
                float(dy),
                float(dt),
                float(dy + dt),
            )
            assert m.kind == (CREATES if dy + dt > 0 else MOVES if dy + dt == 0 else DESTROYS)
        yours = [Fraction(o.value_to_you) for o in issue.options]
        theirs = [Fraction(o.value_to_them) for o in issue.options]
        ys, ts = max(yours) - min(yours), max(theirs) - min(theirs)
        assert (t.your_stake, t.their_stake) == (float(ys), float(ts))
        assert t.cares_more == ("you" if ys > ts else "them" if ts > ys else "equally")
        assert t.kind == (MOVES if len({y + x for y, x in zip(yours, theirs, strict=True)}) == 1 else CREATES)
        shared = any(y == max(yours) and x == max(theirs) for y, x in zip(yours, theirs, strict=True))
        assert t.shared == shared and t.logrolling == (not shared and ys != ts)


@pytest.mark.parametrize("count", [1, 2])
def test_a_single_issue_of_pure_transfers_is_all_frontier(count: int) -> None:
    # Every option moves value one for one: all packages tie on joint value (0) and none dominates another.
    issue = Issue("Price", tuple(Option(f"p{k}", -float(k), float(k)) for k in range(4)))
    others = (Issue("Other", (Option("x", 0.0, 0.0), Option("y", 2.0, -2.0))),) if count == 2 else ()
    r = compute(Inputs(issues=(issue, *others)))
    assert all(p.efficient for p in r.packages) and all(p.joint == 0 for p in r.packages)
