"""time-pressure against deliberately naive second implementations, on random inputs.

1. The game itself, solved backwards (exact fractions). The talks last at most N offers; after the last rejection both
   sides take their walk-aways. In each round the responder compares accepting with walking away and with waiting
   (a chance q of collapse, which pays the walk-away, else its own offer next round, discounted or less its cost of
   a round); the proposer offers exactly the best of those. With discount factors this finite game converges to the
   infinite game's unique split as N grows (Rubinstein 1982; Binmore, Rubinstein & Wolinsky 1986; with walk-aways,
   Binmore, Shaked & Sutton 1989). With fixed costs it settles after about 2 P / |c_p - c_r| rounds on Rubinstein's
   answer (i) or (ii); with equal costs the two parities of N give the two ends of the range of equilibria.
2. The stationary equations x_p = P - max(w_r, q w_r + b x_r), x_r = P - max(w_p, q w_p + a x_p) solved by trying all
   four "who would walk" cases in exact fractions and keeping the consistent one: this reaches the extremes (1e15,
   subnormal risks, factors next to 0 and 1) that the backward game cannot in reasonable time.
3. The page's table and chart of your share against your patience, checked against (1) and (2).
"""

from __future__ import annotations

import dataclasses
import math
from fractions import Fraction

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from calculators.charts import LineChart
from calculators.render import Table
from calculators.time_pressure import Inputs, compute, present

ROUND = 10**40  # the backward game keeps 40 decimals a step: exact enough, and it stays fast


def backward_patience(
    pie: Fraction, d_p: Fraction, d_r: Fraction, q: Fraction, w_p: Fraction, w_r: Fraction, rounds: int
) -> Fraction:
    """The first proposer's share in the game cut off after ``rounds`` offers (``rounds`` odd: the proposer also has the last)."""
    value: Fraction | None = None  # the share of the side proposing in the next round
    for k in range(rounds, 0, -1):
        d, w = (d_r, w_r) if k % 2 == 1 else (d_p, w_p)  # the side answering the offer of round k
        wait = w if value is None else q * w + (1 - q) * d * value
        value = pie - max(w, wait)
        value = Fraction(round(value * ROUND), ROUND)
    assert value is not None
    return value


def backward_money(pie: Fraction, c_p: Fraction, c_r: Fraction, w_p: Fraction, w_r: Fraction, rounds: int) -> Fraction:
    """The same game with fixed costs of a round in money, exact."""
    value: Fraction | None = None
    for k in range(rounds, 0, -1):
        c, w = (c_r, w_r) if k % 2 == 1 else (c_p, w_p)
        value = pie - (w if value is None else max(w, value - c))
    assert value is not None
    return value


def stationary(
    pie: Fraction, d_p: Fraction, d_r: Fraction, q: Fraction, w_p: Fraction, w_r: Fraction
) -> tuple[Fraction, bool, bool]:
    """The proposer's share, and whether the responder's / proposer's walk-away is what they take as responder."""
    a, b = d_p * (1 - q), d_r * (1 - q)
    found = set()
    for r_walks in (False, True):
        for p_walks in (False, True):
            if r_walks:
                x_p = pie - w_r
                x_r = pie - w_p if p_walks else pie - q * w_p - a * x_p
            elif p_walks:
                x_r = pie - w_p
                x_p = pie - q * w_r - b * x_r
            else:
                x_p = (pie - q * w_r - b * (pie - q * w_p)) / (1 - a * b)
                x_r = pie - q * w_p - a * x_p
            r_wait, p_wait = q * w_r + b * x_r, q * w_p + a * x_p
            if (w_r >= r_wait if r_walks else w_r <= r_wait) and (w_p >= p_wait if p_walks else w_p <= p_wait):
                found.add((x_p, w_r > r_wait, w_p > p_wait))
    assert len({x for x, _, _ in found}) == 1, found  # one solution (ties give the same split)
    x_p = next(iter(found))[0]
    return x_p, any(r for _, r, _ in found), any(p for _, _, p in found)


def proposer_share(inputs: Inputs) -> float:
    r = compute(inputs)
    share = r.your_share if inputs.you_propose_first else r.their_share
    assert share is not None
    return share


def patience_inputs(pie: float, first: bool, d_p: float, d_r: float, q: float, w_p: float, w_r: float) -> Inputs:
    """Inputs from the proposer's point of view (``first``: you are the proposer); a factor of 1 is left empty."""
    d_you, d_them, w_you, w_them = (d_p, d_r, w_p, w_r) if first else (d_r, d_p, w_r, w_p)
    return Inputs(
        pie=pie,
        you_propose_first=first,
        your_discount=None if d_you == 1 else d_you,
        their_discount=None if d_them == 1 else d_them,
        breakdown_probability=q,
        your_walk_away=w_you,
        their_walk_away=w_them,
    )


hundredths = st.integers(min_value=1, max_value=95).map(lambda k: Fraction(k, 100))
factors = hundredths | st.just(Fraction(1))
risks = st.just(Fraction(0)) | st.integers(min_value=1, max_value=60).map(lambda k: Fraction(k, 100))
parts = st.integers(min_value=0, max_value=100).map(lambda k: Fraction(k, 100))


@settings(max_examples=120, deadline=None)
@given(
    pie=st.integers(min_value=1, max_value=10**9).map(Fraction),
    first=st.booleans(),
    d_p=factors,
    d_r=factors,
    q=risks,
    u=parts,
    v=parts,
)
def test_patience_model_is_the_limit_of_the_game_solved_backwards(
    pie: Fraction, first: bool, d_p: Fraction, d_r: Fraction, q: Fraction, u: Fraction, v: Fraction
) -> None:
    assume(not (d_p == 1 and d_r == 1 and q == 0))  # no friction: a range, tested below
    w_p = pie * u * u  # walk-aways from nothing to the whole pie, often large enough to bind
    w_r = (pie - w_p) * v
    contraction = float(d_p * d_r * (1 - q) ** 2)  # the error shrinks by this every two rounds
    rounds = 2 * math.ceil(math.log(1e-14) / math.log(max(contraction, 0.5))) + 1
    expected = backward_patience(pie, d_p, d_r, q, w_p, w_r, rounds)
    inputs = patience_inputs(float(pie), first, float(d_p), float(d_r), float(q), float(w_p), float(w_r))
    assert proposer_share(inputs) == pytest.approx(float(expected), rel=1e-9, abs=1e-9 * float(pie))
    r = compute(inputs)
    assert r.your_share is not None and r.their_share is not None
    assert r.your_share + r.their_share == pytest.approx(float(pie), rel=1e-12)


@settings(max_examples=150, deadline=None)
@given(
    pie=st.integers(min_value=1, max_value=200).map(lambda k: Fraction(k, 2)),
    first=st.booleans(),
    c_p=st.integers(min_value=1, max_value=400).map(lambda k: Fraction(k, 4)),
    c_r=st.integers(min_value=1, max_value=400).map(lambda k: Fraction(k, 4)),
    equal=st.booleans(),
    u=parts,
    v=parts,
)
def test_money_model_is_what_the_game_solved_backwards_settles_on(
    pie: Fraction, first: bool, c_p: Fraction, c_r: Fraction, equal: bool, u: Fraction, v: Fraction
) -> None:
    if equal:
        c_r = c_p
    assume(c_p < pie and c_r < pie)
    w_p = Fraction(round(pie * u * u * 4), 4)  # quarters: every number here is exact in floats
    w_r = Fraction(round((pie - w_p) * v * 4), 4)
    c_you, c_them, w_you, w_them = (c_p, c_r, w_p, w_r) if first else (c_r, c_p, w_r, w_p)
    inputs = Inputs(
        pie=float(pie),
        you_propose_first=first,
        your_cost_per_round=float(c_you),
        their_cost_per_round=float(c_them),
        your_walk_away=float(w_you),
        their_walk_away=float(w_them),
    )
    assert not inputs.problems()
    r = compute(inputs)
    low, high = (r.your_share_low, r.your_share_high) if first else (r.their_share_low, r.their_share_high)
    settle = 2 * math.ceil(pie / abs(c_p - c_r)) + 4 if c_p != c_r else 4
    ends = {backward_money(pie, c_p, c_r, w_p, w_r, rounds) for rounds in (settle + 1, settle + 2)}
    # Unequal costs: one answer, whoever has the last word. Equal costs: the two parities give the two ends.
    assert ends == {Fraction(low), Fraction(high)}
    assert (low == high) is (c_p != c_r or len(ends) == 1)
    # With walk-aways of 0 these are Rubinstein's cases: the whole pie, c_r, or the range from c to the pie.
    if w_p == w_r == 0:
        assert (Fraction(low), Fraction(high)) == ((pie, pie) if c_p < c_r else (c_r, c_r) if c_p > c_r else (c_r, pie))


finite_factors = st.floats(min_value=5e-324, max_value=1, exclude_max=True) | st.just(1.0)
finite_risks = st.just(0.0) | st.floats(min_value=0, max_value=1, exclude_max=True)


@settings(max_examples=200, deadline=None)
@given(
    pie=st.floats(min_value=1e-300, max_value=1e15),
    first=st.booleans(),
    d_p=finite_factors,
    d_r=finite_factors,
    q=finite_risks,
    u=st.floats(min_value=0, max_value=1),
    v=st.floats(min_value=0, max_value=1),
)
@example(pie=46912496118443.39, first=False, d_p=1.0, d_r=1.0, q=0.0, u=0.25, v=1.0)  # a range whose ends meet
def test_patience_model_solves_its_equations_at_the_extremes(
    pie: float, first: bool, d_p: float, d_r: float, q: float, u: float, v: float
) -> None:
    w_p = pie * u
    w_r = (pie - w_p) * v
    assume(w_p + w_r <= pie)
    inputs = patience_inputs(pie, first, d_p, d_r, q, w_p, w_r)
    assert not inputs.problems()
    r = compute(inputs)
    values = [r.your_share_low, r.your_share_high, r.their_share_low, r.their_share_high]
    assert all(math.isfinite(x) for x in values)
    if d_p == 1 and d_r == 1 and q == 0:  # no friction: every split between the walk-aways
        low, high = (w_p, pie - w_r) if first else (w_r, pie - w_p)
        # Your ends, as the responder, are the pie less theirs: exact to the pie's last digit.
        assert r.your_share_low == pytest.approx(low, rel=1e-12, abs=1e-12 * pie)
        assert r.your_share_high == pytest.approx(high, rel=1e-12, abs=1e-12 * pie)
        if r.your_share_low != r.your_share_high:
            assert r.your_share is None  # a range, so no one split
        else:  # walk-aways that use up the pie: one split, or a range whose ends meet within the floats' rounding
            assert r.your_share in (None, r.your_share_low)
        return
    x_p, r_binds, p_binds = stationary(*(Fraction(x) for x in (pie, d_p, d_r, q, w_p, w_r)))
    assert proposer_share(inputs) == pytest.approx(float(x_p), rel=1e-9, abs=1e-9 * pie)
    # Who binds: the responder's walk-away when they would walk; the proposer's when it would, unless the
    # responder's already sets the first offer. (Skipped within rounding of a threshold.)
    you_bind, they_bind = (r.your_walk_away_binds, r.their_walk_away_binds)
    proposer_flag, responder_flag = (you_bind, they_bind) if first else (they_bind, you_bind)
    x_r = Fraction(pie) - max(Fraction(w_p), Fraction(q) * Fraction(w_p) + Fraction(d_p) * (1 - Fraction(q)) * x_p)
    near = 1e-9 * pie
    if abs(float(Fraction(w_r) - Fraction(d_r) * x_r)) > near and abs(float(Fraction(w_p) - Fraction(d_p) * x_p)) > near:
        assert responder_flag is r_binds
        assert proposer_flag is (p_binds and not r_binds)


@settings(max_examples=25, deadline=None)
@given(
    pie=st.integers(min_value=1000, max_value=10**7).map(Fraction),
    first=st.booleans(),
    d_them=hundredths,
    q=risks,
    u=parts,
    v=parts,
)
def test_the_pages_patience_table_and_chart(
    pie: Fraction, first: bool, d_them: Fraction, q: Fraction, u: Fraction, v: Fraction
) -> None:
    w_you = pie * u * u
    w_them = (pie - w_you) * v
    inputs = Inputs(
        pie=float(pie),
        you_propose_first=first,
        your_discount=0.7,
        their_discount=float(d_them),
        breakdown_probability=float(q),
        your_walk_away=float(w_you),
        their_walk_away=float(w_them),
    )
    blocks = present(inputs, compute(inputs))
    table = next(b for b in blocks if isinstance(b, Table) and b.caption.startswith("Your share as your patience varies"))
    for patience, share, fraction in table.rows:
        d_you = Fraction(patience)
        d_p, d_r, w_p, w_r = (d_you, d_them, w_you, w_them) if first else (d_them, d_you, w_them, w_you)
        contraction = float(d_p * d_r * (1 - q) ** 2)
        rounds = 2 * math.ceil(math.log(1e-14) / math.log(max(contraction, 0.5))) + 1
        x_p = backward_patience(pie, d_p, d_r, q, w_p, w_r, rounds)
        yours = float(x_p if first else pie - x_p)
        assert abs(float(share.replace(",", "")) - yours) <= 0.5 + 1e-9 * float(pie)
        assert abs(float(fraction.rstrip("%")) - 100 * yours / float(pie)) <= 0.05 + 1e-9
    chart = next(b for b in blocks if isinstance(b, LineChart))
    for x, y in chart.series[0].points:
        d_you = Fraction(x)
        d_p, d_r, w_p, w_r = (d_you, d_them, w_you, w_them) if first else (d_them, d_you, w_them, w_you)
        x_p, _, _ = stationary(pie, d_p, d_r, q, w_p, w_r)
        assert y == pytest.approx(float(x_p if first else pie - x_p), rel=1e-9, abs=1e-9 * float(pie))


def test_the_example_is_the_limit_of_the_game() -> None:
    # 0.8 against 0.95, you first: the game cut off after 2,001 offers is 0.05 / 0.24 of the pie to 30 digits.
    expected = backward_patience(Fraction(100_000), Fraction(4, 5), Fraction(19, 20), Fraction(0), Fraction(0), Fraction(0), 2001)
    assert abs(expected - Fraction(100_000) * Fraction(5, 24)) < Fraction(1, 10**20)
    assert compute(
        dataclasses.replace(Inputs(pie=100_000, you_propose_first=True), your_discount=0.8, their_discount=0.95)
    ).your_share == (pytest.approx(float(expected), rel=1e-12))
