"""Sensitivity (tornado) and the BATNA break-even probabilities, hand-worked on the default example."""

from __future__ import annotations

import pytest

from calculators import batna, zopa
from calculators.sensitivity import label_for, replace_at


def swing(result: batna.Result | zopa.Result, label: str) -> object:
    return next(s for s in result.sensitivity if s.input == label)


def test_batna_tornado_flip_points() -> None:
    r = batna.compute(batna.Inputs())
    # Harbor's 1,180,000 against a walk-away of 1,160,000: it flips to "walk away" once cut by
    # 20,000 / 1,180,000 = 1.695%.
    harbor = swing(r, "Harbor Corp's offer \u203a Value")
    assert harbor.flips_at_percent == pytest.approx(100 * 20_000 / 1_180_000, abs=1e-4)
    # The strategic buyer's good outcome v: walk-away = 0.5 v + 450,000 - 40,000. It passes Harbor's
    # 1,180,000 at v = 1,540,000, i.e. +2.667%; at +-20% (1.2M, 1.8M) the walk-away is 1,010,000 (then
    # the other alternative, 1,050,000, is the BATNA) and 1,310,000.
    good = swing(r, "Wait for a strategic buyer \u203a Outcome 1 \u203a Value")
    assert good.flips_at_percent == pytest.approx(100 * 40_000 / 1_500_000, abs=1e-4)
    assert (good.low, good.high) == pytest.approx((1_050_000, 1_310_000))
    # Delays do not matter at a 0% discount rate: no swing, no flip.
    delay = swing(r, "Keep running the business \u203a Delay")
    assert delay.low == delay.high == r.walk_away_value and delay.flips_at_percent is None
    # Probabilities are never moved alone (they must add up to 1).
    assert not [s for s in r.sensitivity if "Probability" in s.input]


def test_batna_break_even() -> None:
    # BATNA: 1.5M with p, 0.9M with 1 - p, cost 40,000: 860,000 + 600,000 p; the other alternative is 1,050,000.
    # Harbor (1,180,000) stops being worth accepting when 860,000 + 600,000 p = 1,180,000, p = 0.5333.
    # Lakeside (980,000) is below 1,050,000 whatever p is: no break-even.
    r = batna.compute(batna.Inputs())
    harbor, lakeside = r.break_even
    assert harbor.current_probability == 0.5
    assert harbor.break_even_probability == pytest.approx(320 / 600, abs=1e-6)
    assert lakeside.break_even_probability is None


def test_zopa_tornado() -> None:
    # Best price max((640,000 + s) / 2, 500,000). Moving s by +-20% (416,000 / 624,000): 528,000 and 632,000.
    # Moving H up 20% (768,000): (768,000 + 520,000) / 2 = 644,000. Moving it down 20% (512,000) puts H below
    # s = 520,000: no deal at all, no price. That happens once H falls below 520,000: a cut of 120/640 = 18.75%.
    r = zopa.compute(zopa.Inputs())
    walk = swing(r, "Your walk-away price")
    assert (walk.low, walk.high) == pytest.approx((528_000, 632_000))
    high = swing(r, "Their walk-away, high estimate")
    assert high.low is None and high.high == pytest.approx(644_000)
    assert high.flips_at_percent == pytest.approx(18.75, abs=1e-4)
    # Of the inputs with a price at both ends, your walk-away moves it most (104,000): it leads the tornado.
    assert r.sensitivity[0].input == "Your walk-away price"


def test_replace_and_label_follow_the_description() -> None:
    inputs = batna.Inputs()
    moved = replace_at(inputs, ("alternatives", 1, "outcomes", 0, "value"), 1.0)
    assert moved.alternatives[1].outcomes[0].value == 1.0 and inputs.alternatives[1].outcomes[0].value == 1_200_000
    assert label_for(inputs, ("annual_discount_rate",)) == "Annual discount rate"
