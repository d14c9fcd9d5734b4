"""zopa against a second, deliberately naive implementation in exact fractions, on random inputs.

The reference does not share the model's algebra. It takes the definitions (Raiffa 1982, ch. 4; Raiffa &
Schlaifer 1961) at face value:

- their reservation price is uniform on [L, H]; a price is accepted when it is on their side of it;
- the expected gain of a price is the gain times the chance of acceptance, and the best price is found by
  comparing candidates (both edges and the stationary point of the quadratic, clamped), then checked against a
  grid of other prices;
- the value of perfect information is the integral of max(gain, 0) over their range, minus the best expected gain;
- revealing your limit: they pick, from the prices you would accept, the one best for them, and your surplus there
  is what you keep; the cost is your best expected gain minus that;
- the tornado: every input moved by the same float arithmetic as the shared tornado, checked for being a state a
  reader could type (|x| <= 1e15, low <= high), and the point where a deal starts or stops being possible solved
  exactly.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from calculators.fields import MAX_MAGNITUDE
from calculators.zopa import Inputs, Result, compute

F = Fraction


def naive_accept(role: str, price: F, low: F, high: F) -> F:
    """P(their reservation is on the accepting side of ``price``) for a uniform belief on [low, high]."""
    if low == high:  # a point: accepted when the point is on the accepting side
        return F(1) if (price <= high if role == "seller" else price >= low) else F(0)
    # Seller: the buyer accepts when b >= price; the accepted part of [L, H] is [max(L, price), H].
    # Buyer: the seller accepts when r <= price; the accepted part is [L, min(H, price)].
    lo, hi = (max(low, price), high) if role == "seller" else (low, min(high, price))
    return max(F(0), hi - lo) / (high - low)


def naive_gain(role: str, price: F, walk_away: F) -> F:
    return price - walk_away if role == "seller" else walk_away - price


def naive_expected(role: str, price: F, walk_away: F, low: F, high: F) -> F:
    return naive_gain(role, price, walk_away) * naive_accept(role, price, low, high)


def naive_best(role: str, w: F, low: F, high: F) -> tuple[F, F] | None:
    """(best price, its expected gain), or None when no deal is possible."""
    if naive_accept(role, w, low, high) == 0:
        return None
    # (p - s)(H - p) and (b - p)(p - L) are concave quadratics with their top at (H + s)/2 and (b + L)/2.
    top = (high + w) / 2 if role == "seller" else (w + low) / 2
    candidates = [low, high, min(high, max(low, top))]
    return max(((p, naive_expected(role, p, w, low, high)) for p in candidates), key=lambda c: c[1])


def naive_perfect_information(role: str, w: F, low: F, high: F) -> F:
    """E[max(gain, 0)]: the integral of the gain over the part of [L, H] where it is positive, divided by H - L."""
    if low == high:
        return max(F(0), naive_gain(role, high, w))
    # Seller: (1/D) * integral of (b - s) db over [max(L, s), H]; buyer: (1/D) * integral of (b - r) dr over [L, min(H, b)].
    if role == "seller":
        lo, hi = max(low, w), high
        return (hi - w) ** 2 / 2 / (high - low) - (lo - w) ** 2 / 2 / (high - low) if hi > lo else F(0)
    lo, hi = low, min(high, w)
    return (w - lo) ** 2 / 2 / (high - low) - (w - hi) ** 2 / 2 / (high - low) if hi > lo else F(0)


def naive_their_price(role: str, w: F) -> F:
    """Knowing your limit, they pick the price best for them among those you accept: your limit itself."""
    # You accept (as a seller) any price >= s and they, buying, want it low; as a buyer any price <= b, they want it high.
    return w


class Reference:
    def __init__(self, role: str, w: float, low: float, high: float) -> None:
        self.role = role
        wf, lf, hf = F(w), F(low), F(high)
        self.deal = naive_accept(role, wf, lf, hf)
        best = naive_best(role, wf, lf, hf)
        self.best_price, self.gain = (None, F(0)) if best is None else best
        self.accept = F(0) if self.best_price is None else naive_accept(role, self.best_price, lf, hf)
        self.evpi = naive_perfect_information(role, wf, lf, hf) - self.gain
        self.their_price = None if best is None else naive_their_price(role, wf)
        self.cost = F(0) if self.their_price is None else self.gain - naive_gain(role, self.their_price, wf)
        self.scale = abs(hf - wf) + abs(wf - lf) + (hf - lf)  # the gaps, not the magnitudes
        self.magnitude = max(abs(wf), abs(lf), abs(hf))
        if best is not None:  # the candidates' winner beats every price on a grid across the range
            for k in range(21):
                p = lf + (hf - lf) * k / 20
                assert naive_expected(role, p, wf, lf, hf) <= self.gain


def close(model: float, exact: F, tolerance: F) -> bool:
    return abs(F(model) - exact) <= tolerance


def assert_matches(r: Result, ref: Reference) -> None:
    # Money: within 1e-13 of the gaps (exact for the model's differences), plus a subnormal floor.
    money = ref.scale * F(1, 10**13) + F(1e-300)
    assert close(r.deal_probability, ref.deal, F(1, 10**12))
    assert close(r.acceptance_probability, ref.accept, F(1, 10**12))
    assert close(r.expected_gain, ref.gain, money)
    assert close(r.value_of_information, ref.evpi, money)
    assert close(r.cost_of_revealing, ref.cost, money)
    if ref.best_price is None:
        assert r.best_ultimatum_price is None and r.their_price_if_revealed is None
    else:
        # A price is a magnitude: it can be no closer than its float spacing (2**-52 of it).
        assert r.best_ultimatum_price is not None
        assert close(r.best_ultimatum_price, ref.best_price, ref.magnitude * F(1, 2**51) + money)
        assert r.their_price_if_revealed is not None and F(r.their_price_if_revealed) == ref.their_price


ROLES = st.sampled_from(["seller", "buyer"])
#: Large offsets with small gaps, where averaging prices loses the gaps; and ordinary prices.
BASES = st.sampled_from([0.0, 1e6, 1e12, -1e14, 9.99e14])
GAPS = st.one_of(st.floats(min_value=-1e3, max_value=1e3, allow_nan=False), st.integers(-50, 50).map(float))


@settings(max_examples=200, deadline=None)
@given(ROLES, BASES, GAPS, GAPS, GAPS)
@example("buyer", 0.0, 600_000.0, 500_000.0, 640_000.0)  # the buyer inside the range: EVPI 17,857
@example("seller", 0.0, 540_000.0, 500_000.0, 640_000.0)  # its mirror
@example("buyer", 1e12, 2.0**-13, 0.0, 8 * 2.0**-13)  # gaps of one float spacing at 1e12
@example("seller", 1e12, 7 * 2.0**-13, 0.0, 8 * 2.0**-13)
@example("seller", 0.0, 5.0, 7.0, 7.0)  # a point belief
def test_model_matches_the_reference(role: str, base: float, dw: float, a: float, b: float) -> None:
    w, low, high = base + dw, base + min(a, b), base + max(a, b)
    assume(max(abs(w), abs(low), abs(high)) <= MAX_MAGNITUDE)
    assert_matches(
        compute(Inputs(role=role, your_walk_away=w, their_walk_away_low=low, their_walk_away_high=high)),
        Reference(role, w, low, high),
    )


@settings(max_examples=200, deadline=None)
@given(ROLES, st.floats(min_value=-1e15, max_value=1e15, allow_nan=False), st.floats(-1e15, 1e15), st.floats(-1e15, 1e15))
@example("seller", -1e15, 0.0, 5e-324)  # a subnormal width beside a huge reach
@example("buyer", 0.0, -1e-320, 1e-320)
def test_model_matches_the_reference_anywhere(role: str, w: float, a: float, b: float) -> None:
    low, high = min(a, b), max(a, b)
    assert_matches(
        compute(Inputs(role=role, your_walk_away=w, their_walk_away_low=low, their_walk_away_high=high)),
        Reference(role, w, low, high),
    )


# -- the tornado ---------------------------------------------------------------------------------------------------

LABELS = {"your_walk_away": "Your walk-away price", "their_walk_away_low": "Their walk-away, low estimate"} | {
    "their_walk_away_high": "Their walk-away, high estimate"
}


def valid(state: dict[str, float]) -> bool:
    return all(abs(v) <= MAX_MAGNITUDE for v in state.values()) and state["their_walk_away_low"] <= state["their_walk_away_high"]


def last_valid_move(state: dict[str, F], name: str, sign: int) -> F | None:
    """The largest move (a fraction of the value) in direction ``sign`` that still gives inputs a reader could type:
    every amount within 1e15 in size, and the low estimate at most the high one. None: no limit."""
    v = state[name]
    slope = sign * v  # the moved value is v + slope * x
    bounds = [((F(MAX_MAGNITUDE) if slope > 0 else -F(MAX_MAGNITUDE)) - v) / slope]
    if name == "their_walk_away_low" and slope > 0:
        bounds.append((state["their_walk_away_high"] - v) / slope)
    if name == "their_walk_away_high" and slope < 0:
        bounds.append((state["their_walk_away_low"] - v) / slope)
    return min(bounds)


def naive_flip(role: str, state: dict[str, float], name: str, sign: int, share: float) -> F | None:
    """The smallest move (a fraction of the value) in direction ``sign``, up to ``share``, after which a deal
    starts or stops being possible, in a state a reader could type; None if there is none.

    A deal is possible when the reach (H - s for a seller, b - L for a buyer) is above 0; with the three inputs
    distinct, the reach crosses 0 at one move, where the moved input meets the other end of the reach. A deal that
    exists stops at the crossing itself (reach 0); one that does not starts just past it.
    """
    exact = {k: F(v) for k, v in state.items()}
    v = exact[name]
    reach_ends = ("their_walk_away_high", "your_walk_away") if role == "seller" else ("your_walk_away", "their_walk_away_low")
    if name not in reach_ends:
        return None  # the other estimate only widens or narrows the range: the reach, and the deal, stay
    other = exact[reach_ends[1] if name == reach_ends[0] else reach_ends[0]]
    x = (other / v - 1) * sign  # v * (1 + sign * x) == other
    limit = min(F(share), last_valid_move(exact, name, sign))
    # A crossing at the very edge of what can be typed is a single point, too fine for any search to find.
    assume(abs(x - limit) > F(share) / 10**6)
    return x if 0 < x < limit else None


DISTINCT = st.lists(st.integers(-(10**6), 10**6).filter(lambda n: n != 0), min_size=3, max_size=3, unique=True)


@settings(max_examples=150, deadline=None)
@given(ROLES, DISTINCT, st.sampled_from([1e-3, 1.0, 1e6, 1e9]), st.sampled_from([20.0, 50.0, 100.0, 5.5]))
@example("buyer", [100, 90, 105], 1.0, 20.0)  # the reproducer
@example("seller", [520_000, 500_000, 640_000], 1.0, 20.0)  # the page's example
def test_tornado_matches_the_reference(role: str, values: list[int], scale: float, percent: float) -> None:
    w, a, b = (v * scale for v in values)
    state = {"your_walk_away": w, "their_walk_away_low": min(a, b), "their_walk_away_high": max(a, b)}
    r = compute(Inputs(role=role, **state, sensitivity_percent=percent))
    rows = {s.input: s for s in r.sensitivity}
    assert set(rows) == set(LABELS.values())
    for name, label in LABELS.items():
        row = rows[label]
        assert row.value == state[name]
        for sign, out, in_range in ((-1, row.low, row.low_in_range), (1, row.high, row.high_in_range)):
            moved = state | {name: state[name] * (1 + sign * percent / 100)}  # the shared tornado's own arithmetic
            assert in_range == valid(moved), (label, sign)
            if not in_range:
                assert out is None
                continue
            ref = Reference(role, moved["your_walk_away"], moved["their_walk_away_low"], moved["their_walk_away_high"])
            if ref.best_price is None:
                assert out is None
            else:
                assert out is not None and close(out, ref.best_price, ref.magnitude * F(1, 2**50) + ref.scale * F(1, 10**12))
        flips = [x for sign in (-1, 1) if (x := naive_flip(role, state, name, sign, percent / 100)) is not None]
        if not flips:
            assert row.flips_at_percent is None, label
        else:
            # Bisection to (percent / 100) / 2**24 of the move, reported in percent; it lands just past the crossing.
            assert row.flips_at_percent is not None, label
            assert row.flips_at_percent == pytest.approx(float(100 * min(flips)), abs=percent / 2**23 + 1e-9)
