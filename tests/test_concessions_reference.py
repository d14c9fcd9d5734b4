"""concessions against a second, deliberately naive implementation, on random inputs.

The reference works from the definitions, not from the model's closed forms:
- geometric: the steps are proportional to 1, r, r^2, ..., r^(n-1) and add up to the plan; summed term by term in
  exact fractions (the model uses c_1 = P (1 - r) / (1 - r^n) with expm1 and log);
- time-dependent: the offer after round k is opening - sign * P * (k/n)^(1/beta) (Faratin, Sierra and Jennings 1998),
  in 50-digit decimals, each step the difference of two such offers (the model avoids that difference);
- the judgement of the steps (steep, gentle, small) by the documented lines 1/4, 3/4 and 5%;
- reciprocity: their steps towards you over the rounds both sides have, divided by yours, in exact fractions.
"""

from __future__ import annotations

import math
from decimal import Decimal, localcontext
from fractions import Fraction

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from calculators.concessions import Inputs, compute
from calculators.fields import InputError, parse, to_json


def naive_shares(n: int, pattern: str, ratio: float, beta: float) -> list[Fraction]:
    if pattern == "geometric":
        r = Fraction(ratio)
        terms = [r**k for k in range(n)]
        total = sum(terms, Fraction(0))
        return [t / total for t in terms]
    with localcontext() as ctx:
        ctx.prec = 50
        a = Decimal(1) / Decimal(beta)
        done = [(Decimal(k) / Decimal(n)) ** a if k else Decimal(0) for k in range(n + 1)]
        return [Fraction(done[k + 1] - done[k]) for k in range(n)]


def naive_pattern(steps: list[Fraction]) -> str | None:
    if len(steps) < 2:
        return None
    tol = Fraction(1, 10**9) * (max(abs(s) for s in steps) or 1)
    diffs = [b - a for a, b in zip(steps, steps[1:], strict=False)]
    if all(abs(d) <= tol for d in diffs):
        return "constant"
    if all(d < -tol for d in diffs):
        return "decreasing"
    if all(d > tol for d in diffs):
        return "increasing"
    return "mixed"


def between(model: tuple[int, ...], sure: set[int], possible: set[int]) -> bool:
    """The model's rounds include every clear case and nothing the exact numbers rule out (a step within 1e-7 of a
    line may fall either way: the model judges a step on the line, to 1e-9, as on the line)."""
    return sure <= set(model) <= possible


money = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False)
gap = st.floats(min_value=0.01, max_value=1e12) | st.sampled_from([0.01, 1.0, 100.0])
offers = st.lists(
    st.integers(min_value=-(10**6), max_value=10**6).map(float) | st.floats(min_value=-1e15, max_value=1e15),
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(
    role=st.sampled_from(["seller", "buyer"]),
    pattern=st.sampled_from(["geometric", "time-dependent"]),
    n=st.integers(min_value=1, max_value=100),
    ratio=st.floats(min_value=0.01, max_value=1.0) | st.sampled_from([0.25, 0.5, 0.75, 1.0]),
    beta=st.floats(min_value=0.01, max_value=100.0) | st.sampled_from([0.5, 1.0, 2.0]),
    target=money,
    planned=gap,
    reserve=st.just(0.0) | st.floats(min_value=0, max_value=1e12),
    target_given=st.booleans(),
    theirs=offers,
)
def test_schedule_and_reciprocity_match_the_reference(
    role: str,
    pattern: str,
    n: int,
    ratio: float,
    beta: float,
    target: float,
    planned: float,
    reserve: float,
    target_given: bool,
    theirs: list[float],
) -> None:
    sign = 1 if role == "seller" else -1
    opening = target + sign * planned
    walk_away = target - sign * reserve if target_given else target
    raw = {
        "role": role,
        "opening": opening,
        "walk_away": walk_away,
        "rounds": n,
        "pattern": pattern,
        "ratio": ratio,
        "beta": beta,
        "their_offers": theirs,
    }
    if target_given:
        raw["target"] = target
    try:
        inputs = parse(Inputs, raw)
    except InputError:
        assume(False)
        return
    r = compute(inputs)

    # Budget, plan and reserve, exactly from the inputs.
    t = Fraction(inputs.resolved_target)
    P = abs(Fraction(opening) - t)
    assert math.isclose(r.planned, float(P), rel_tol=1e-15)
    assert math.isclose(r.budget, float(abs(Fraction(opening) - Fraction(walk_away))), rel_tol=1e-15)
    assert math.isclose(r.reserve, float(abs(t - Fraction(walk_away))), rel_tol=1e-15, abs_tol=0)

    # The schedule.
    share = naive_shares(n, pattern, ratio, beta)
    assert len(r.concessions) == n
    for model, s in zip(r.concessions, share, strict=True):
        assert math.isclose(model, float(P * s), rel_tol=1e-11), (model, float(P * s))
    scale = max(abs(opening), abs(float(t)), float(P))
    done = Fraction(0)
    for k, offer in enumerate(r.offers):
        want = Fraction(opening) - sign * P * done
        assert abs(Fraction(offer) - want) <= Fraction(scale) / 10**11, (k, offer, float(want))
        if k < n:
            done += share[k]
    assert r.offers[0] == opening and r.offers[-1] == inputs.resolved_target

    # Each step against the one before, and the shape of the steps.
    q = [b / a for a, b in zip(share, share[1:], strict=False)]
    assert len(r.step_ratios) == len(q)
    for model, exact in zip(r.step_ratios, q, strict=True):
        assert math.isclose(model, float(exact), rel_tol=1e-10)
    if pattern == "geometric":
        assert r.step_ratios == (ratio,) * (n - 1)
    if n == 1:
        assert r.shape is None
    # (50-digit decimals give k/n to 1e-50, so "equal" is equal to 1e-30; beta = 1 + 1e-15 still shrinks by 1e-16.)
    elif all(abs(x - 1) < Fraction(1, 10**30) for x in q):
        assert r.shape == "equal"
    elif all(x < 1 for x in q):
        assert r.shape == "shrinking"
    else:
        assert all(x > 1 for x in q) and r.shape == "growing"

    # Our lines: steep under 1/4 of the step before, gentle over 3/4 (while shrinking), small under 5% of the plan.
    margin = Fraction(1, 10**7)
    quarter, three, five = Fraction(1, 4), Fraction(3, 4), Fraction(1, 20)
    rounds_q = list(range(2, n + 1))
    if r.shape == "shrinking":
        assert between(
            r.steep_rounds,
            {k for k, x in zip(rounds_q, q, strict=True) if x < quarter * (1 - margin)},
            {k for k, x in zip(rounds_q, q, strict=True) if x < quarter},
        )
        assert between(
            r.gentle_rounds,
            {k for k, x in zip(rounds_q, q, strict=True) if x > three * (1 + margin)},
            {k for k, x in zip(rounds_q, q, strict=True) if x > three},
        )
    else:
        assert r.steep_rounds == () and r.gentle_rounds == ()
    assert between(
        r.small_rounds,
        {k + 1 for k, s in enumerate(share) if s < five * (1 - margin)},
        {k + 1 for k, s in enumerate(share) if s < five},
    )
    assert any(w.startswith("No reserve") for w in r.warnings) == (t == Fraction(walk_away))

    # Their side: each step towards you (up towards a seller, down towards a buyer), and reciprocity.
    if not theirs:
        assert r.their_concessions is None and r.reciprocity is None and r.their_pattern is None
        return
    exact = [
        Fraction(b) - Fraction(a) if role == "seller" else Fraction(a) - Fraction(b)
        for a, b in zip(theirs, theirs[1:], strict=False)
    ]
    assert r.their_concessions is not None
    for model, e in zip(r.their_concessions, exact, strict=True):
        assert math.isclose(model, float(e), rel_tol=1e-15, abs_tol=0)
    assert r.their_pattern == naive_pattern(exact)
    m = min(len(exact), n)
    if m == 0:
        assert r.reciprocity is None
    else:
        yours = P * sum(share[:m], Fraction(0))
        want = sum(exact[:m], Fraction(0)) / yours
        assert r.reciprocity is not None and math.isfinite(r.reciprocity)
        slack = sum(abs(e) for e in exact[:m]) / yours
        # (plus 1e-300: a subnormal result, from offers like 2e-311, keeps only a few digits)
        tol = slack / 10**10 + abs(want) / 10**10 + Fraction(1, 10**300)
        assert abs(Fraction(r.reciprocity) - want) <= tol, (r.reciprocity, float(want))
    assert any(w.startswith("They have moved away") for w in r.warnings) == any(e < 0 for e in exact)
    assert to_json(r)  # plain data
