"""The page side: form parsing, escaping, and the update protocol the browser uses."""

from __future__ import annotations

import json

from calculators import web
from calculators.batna import Inputs
from calculators.fields import InputError, parse_form
from calculators.numbers import money
from calculators.render import field_table


def default_form() -> dict[str, str]:
    return {
        "offers.0.name": "A",
        "offers.0.value": "1,200",
        "alternatives.0.name": "B",
        "alternatives.0.outcomes.0.probability": "0.5",
        "alternatives.0.outcomes.0.value": "1000",
        "alternatives.0.outcomes.1.probability": "0.5",
        "alternatives.0.outcomes.1.value": "2,000",
        "alternatives.0.cost": "0",
        "alternatives.0.delay_months": "0",
        "annual_discount_rate": "0",
        "risk_tolerance": "",
    }


def test_form_text_is_read_like_a_person_writes_it() -> None:
    inputs = parse_form(Inputs, default_form())
    assert inputs.offers[0].value == 1200.0
    assert inputs.alternatives[0].outcomes[1].value == 2000.0
    assert inputs.risk_tolerance is None  # empty optional field


def test_form_errors_carry_the_form_key() -> None:
    form = default_form() | {"alternatives.0.outcomes.1.value": "lots", "annual_discount_rate": "-1"}
    try:
        parse_form(Inputs, form)
    except InputError as e:
        keys = {p.key: p.message for p in e.problems}
    else:  # pragma: no cover
        raise AssertionError("bad form accepted")
    assert keys["alternatives.0.outcomes.1.value"] == "Value must be a number, not 'lots'."
    assert "between 0 and" in keys["annual_discount_rate"]


def test_update_protocol() -> None:
    ok = json.loads(web.update("batna", json.dumps(default_form())))
    # 0.5 * 1,000 + 0.5 * 2,000 = 1,500 walk-away; the offer of 1,200 is 300 short.
    assert ok["ok"] and ok["result"]["walk_away_value"] == 1500
    assert ok["result"]["offers"][0]["surplus"] == -300
    bad = json.loads(web.update("batna", json.dumps(default_form() | {"offers.0.value": "x"})))
    assert not bad["ok"] and bad["errors"][0]["key"] == "offers.0.value"
    junk = json.loads(web.update("batna", json.dumps(["not", "a", "form"])))
    assert not junk["ok"]


def test_hostile_text_is_escaped_everywhere() -> None:
    evil = '<img src=x onerror="alert(1)">'
    html = web.widget("batna", "w.whl", {"offers": [{"name": evil, "value": 1}]})
    assert "<img" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    form = default_form() | {"offers.0.name": evil}
    out = json.loads(web.update("batna", json.dumps(form)))
    assert "<img" not in out["html"]


def test_money_formatting() -> None:
    assert money(1_160_000) == "1,160,000"
    assert money(-180_000) == "\u2212180,000"
    assert money(12.5) == "12.50"
    assert money(-0.001) == "0"


def test_field_table_lists_every_field() -> None:
    table = field_table(Inputs)
    for name in ("offers", "alternatives", "annual_discount_rate", "risk_tolerance", "outcomes", "probability", "delay_months"):
        assert f"`{name}`" in table


def test_nice_ticks_cover_the_data() -> None:
    from calculators.charts import nice_ticks

    # -20,000 .. 25,714: steps of 20,000 must reach 40,000, past the top.
    ticks = nice_ticks(-20_000, 25_714)
    assert ticks[0] <= -20_000 and ticks[-1] >= 25_714
    for lo, hi in ((0, 1), (0.3, 0.99), (-5, -1), (1e6, 1.16e6), (7, 7)):
        t = nice_ticks(lo, hi)
        assert t[0] <= lo and t[-1] >= hi and len(t) <= 12


def test_charts_are_accessible_svg() -> None:
    html = web.widget("batna", "w.whl")
    assert '<svg viewBox="0 0 640' in html and 'role="img"' in html
    assert "<title id=" in html and "<desc id=" in html
