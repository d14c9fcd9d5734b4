"""Charts, trees and result markup: text that keeps its size at any width, whole labels, the tornado's rows,
the decision trees' values against the tables, and the pieces the narrow-screen layout needs."""

from __future__ import annotations

import math
import re
from html import unescape
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculators import CALCULATORS, batna, jv_postmortem, web
from calculators.charts import BarChart, LineChart, Marker, Series, Tornado, nice_ticks, render_chart, wrap
from calculators.numbers import money
from calculators.render import Heading, Summary, Table, Tree, TreeNode, render_blocks, sensitivity_blocks


def blocks_of(name: str, inputs: Any = None) -> list[Any]:
    calc = CALCULATORS[name]
    inputs = calc.example if inputs is None else inputs
    return list(calc.present(inputs, calc.compute(inputs)))


class _Svg(HTMLParser):
    """Where each piece of chart text sits: in the outer SVG (drawn at CSS pixels) or inside a scaled one."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[dict[str, str | None]] = []
        self.texts: list[tuple[str, bool]] = []  # (text, inside an <svg> with a viewBox)
        self.outer: list[dict[str, str | None]] = []
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg":
            self.stack.append(dict(attrs))
            if len(self.stack) == 1:
                self.outer.append(dict(attrs))
        elif tag == "text":
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self.stack.pop()
        elif tag == "text" and self._text is not None:
            scaled = any("viewbox" in svg for svg in self.stack)
            self.texts.append(("".join(self._text), scaled))
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


def parse(html: str) -> _Svg:
    p = _Svg()
    p.feed(html)
    return p


# -- text that does not shrink with the chart ------------------------------------------------------


@pytest.mark.parametrize("name", list(CALCULATORS))
def test_chart_text_is_never_inside_a_scaled_drawing(name: str) -> None:
    # A viewBox scales everything inside it with the page: 11-unit text drawn 640 units wide is about 5 px on a
    # 360 px phone. So no text may sit inside an <svg viewBox>, and the outer SVG, which holds it, has no viewBox.
    html = render_blocks(blocks_of(name))
    svg = parse(html)
    assert svg.outer, f"{name} draws no chart"
    assert all("viewbox" not in attrs for attrs in svg.outer)
    assert svg.texts and not [t for t, scaled in svg.texts if scaled]


@pytest.mark.parametrize("name", list(CALCULATORS))
def test_every_chart_has_a_title_a_description_and_no_ellipsis(name: str) -> None:
    html = render_blocks(blocks_of(name))
    for figure in re.findall(r'<figure class="calc-chart">.*?</figure>', html):
        assert 'role="img"' in figure and re.search(r"<title id=[^>]+>[^<]+</title><desc id=[^>]+>[^<]+</desc>", figure)
    assert not [t for t, _ in parse(html).texts if "\u2026" in t or "..." in t]


def test_long_labels_wrap_whole_with_the_name_as_tooltip() -> None:
    # The old chart cut "Wait for a strategic buyer › Outcome 1 › Value" to "Wait for a … Outcome 1 › Value".
    label = "Wait for a strategic buyer \u203a Outcome 1 \u203a Value"
    chart = BarChart("t", "d", (label, "Short"), (("Value", (1.0, 2.0)),))
    html = render_chart(chart)
    groups = re.findall(r'<g class="calc-chart__name"><title>(.*?)</title>(.*?)</g>', html)
    assert [unescape(title) for title, _ in groups] == [label, "Short"]
    lines = [unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", groups[0][1])]
    assert lines == ["Wait for a strategic buyer \u203a", "Outcome 1 \u203a Value"]
    assert " ".join(lines) == label


words = st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=50)


@given(st.lists(st.one_of(words, st.just("\u203a")), min_size=1, max_size=25), st.integers(min_value=8, max_value=60))
def test_wrap_keeps_every_character_and_the_width(parts: list[str], width: int) -> None:
    text = " ".join(parts)
    lines = wrap(text, width)
    assert all(len(line) <= width for line in lines)
    # Nothing is lost or reordered: only spaces change (and a word longer than a line is split).
    assert "".join("".join(lines).split()) == "".join(text.split())


# -- the tornado ----------------------------------------------------------------------------------------


def test_tornado_puts_each_inputs_low_and_high_on_one_row_around_the_base() -> None:
    r = batna.compute(batna.EXAMPLE)
    blocks = sensitivity_blocks(r.sensitivity, 20.0, "Value of no deal", "Decision changes", r.walk_away_value)
    (tornado,) = [b for b in blocks if isinstance(b, Tornado)]
    assert tornado.base == r.walk_away_value == 1_160_000
    finite = [s for s in r.sensitivity if s.low is not None and s.high is not None]
    assert tornado.rows == tuple((s.input, s.low, s.high) for s in finite)  # widest swing first, as computed
    html = render_chart(tornado)
    # The first row, "Wait for a strategic buyer › Outcome 1 › Value": 1,050,000 at -20%, 1,310,000 at +20%.
    # Both bars are in one row (one y), one each side of the base line.
    first = re.search(r"<g><title>Wait for a strategic buyer \u203a Outcome 1 \u203a Value: (.*?)</title>(.*?)</g></g>", html)
    assert first and first.group(1).startswith("1.05M (Input moved down 20%), 1.31M (Input moved up 20%)")
    ys = set(re.findall(r'<rect x="[^"]+" y="([^"]+)"', first.group(2)))
    assert len(ys) == 1
    base_x = float(re.search(r'class="calc-chart__base" x1="([^"]+)"', html).group(1))  # type: ignore[union-attr]
    spans = [
        (float(x), float(x) + float(w)) for x, w in re.findall(r'<rect x="([^"]+)" y="[^"]+" width="([^"]+)"', first.group(2))
    ]
    assert min(a for a, _ in spans) < base_x < max(b for _, b in spans)
    # The values at the row's ends are written beside them, and inputs that move nothing are named once below.
    assert ">1.05M</text>" in html and ">1.31M</text>" in html
    assert "No change with: Harbor Corp&#x27;s offer" in html


def test_a_chart_reads_the_same_from_cpython_and_pyodide() -> None:
    # No randomness, no environment: the same result renders to the same bytes, every time.
    chart = LineChart(
        "L",
        "d",
        "x",
        "y",
        (Series("a", ((0.0, 1.0), (1.0, 3.0))), Series("b", ((0.0, 2.0), (1.0, 0.5)))),
        (Marker("m", "x", 0.5), Marker("n", "y", 1.5)),
    )
    assert render_chart(chart) == render_chart(chart)
    assert 'preserveAspectRatio="none"' in render_chart(chart)
    assert len(re.findall('class="calc-chart__legend"', render_chart(chart))) == 2


# -- the decision trees ---------------------------------------------------------------------------------


def amounts(html: str) -> list[tuple[str, float]]:
    return [(unescape(text), float(value)) for value, text in re.findall(r'<data value="([^"]+)">([^<]+)</data>', html)]


def test_batna_tree_rolls_back_to_the_tables_values() -> None:
    inputs = batna.EXAMPLE
    result = batna.compute(inputs)
    blocks = batna.present(inputs, result)
    (tree,) = [b for b in blocks if isinstance(b, Tree)]
    table = next(b for b in blocks if isinstance(b, Table) and b.caption.startswith("Your alternatives"))
    root = tree.root
    assert (root.kind, root.values) == ("decision", (("Worth", result.walk_away_value),))
    assert [n.kind for n in root.children] == ["chance", "chance"]
    for node, row, alt, rolled in zip(root.children, table.rows, inputs.alternatives, result.alternatives, strict=True):
        # The table's row and the node: the same alternative, and the same three numbers to the last digit.
        assert node.label == row[0]
        assert [money(v) for _, v in node.values] == list(row[1:])
        assert [v for _, v in node.values] == [rolled.expected_value, rolled.certainty_equivalent, rolled.present_value]
        # Cost and delay on the branch; each outcome's probability and value at a leaf.
        assert node.note == f"Cost {money(alt.cost)}, paid now; outcomes in {alt.delay_months:g} months"
        assert [(leaf.kind, leaf.label, leaf.values) for leaf in node.children] == [
            ("end", f"{o.probability * 100:.1f}% chance", (("", o.value),)) for o in alt.outcomes
        ]
    assert [(n.chosen, n.badge) for n in root.children] == [(True, "your BATNA"), (False, "")]
    # Rendered: the exact value in <data>, the text as the table prints it.
    html = render_blocks([tree])
    assert amounts(html)[:5] == [
        ("1,160,000", 1_160_000.0),
        ("1,160,000", 1_160_000.0),
        ("1,160,000", 1_160_000.0),
        ("1,160,000", 1_160_000.0),
        ("1,500,000", 1_500_000.0),
    ]


def test_batna_tree_marks_the_second_alternative_when_it_is_the_best() -> None:
    # A risk tolerance of 500,000 brings "Wait" down to a certainty equivalent of 1,074,932 (worked in
    # test_browser_batna; no discounting here, so that is its present value too). A sure 1,100,000 beats it.
    keep = batna.Alternative("Keep running the business", (batna.Outcome(1.0, 1_100_000.0),))
    inputs = batna.Inputs(batna.EXAMPLE.offers, (batna.EXAMPLE.alternatives[0], keep), risk_tolerance=500_000.0)
    result = batna.compute(inputs)
    assert result.batna_index == 1
    (tree,) = [b for b in batna.present(inputs, result) if isinstance(b, Tree)]
    assert [n.badge for n in tree.root.children] == ["", "your BATNA"]
    assert tree.root.children[0].values[1] == ("Certainty equivalent", result.alternatives[0].certainty_equivalent)
    assert round(result.alternatives[0].certainty_equivalent) == 1_074_932


def test_jv_tree_is_the_sequence_of_decisions_with_the_best_plan_marked() -> None:
    inputs = jv_postmortem.EXAMPLE
    result = jv_postmortem.compute(inputs)
    # V_2 = max(D_2, B) = 12,500,000; V_1 = max(stop_2 = 11,500,000, reopen_2 = 4M + 0.6 * 8.5M = 9,100,000);
    # V_0 = max(stop_1 = 10M, reopen_1 = 4M + 0.9 * 7.5M = 10,750,000).
    assert result.decision_values == (10_750_000, 11_500_000, 12_500_000)
    blocks = jv_postmortem.present(inputs, result)
    (tree,) = [b for b in blocks if isinstance(b, Tree)]
    chain = []
    node: TreeNode | None = tree.root
    while node is not None:
        chain.append(node)
        node = next((c for c in node.children if c.children), None)
    assert [(n.kind, n.label, n.values[0][1], n.chosen) for n in chain] == [
        ("decision", "Now: walk away, close, or go back to the table", 10_750_000, False),
        ("chance", "Go back for trip 1", 10_750_000, True),
        ("decision", "They stay: after trip 1", 11_500_000, True),
        ("chance", "Go back for trip 2", 9_100_000, False),
        ("decision", "They stay: after trip 2", 12_500_000, False),
    ]
    best = [leaf for n in chain for leaf in n.children if leaf.badge]
    assert [(leaf.label, leaf.values[0][1]) for leaf in best] == [("Close after trip 1", 11_500_000)]
    # The plans table says the same: going back once, then closing, is worth 10,750,000.
    plans = blocks[1]
    assert isinstance(plans, Table) and plans.rows[2] == ("Go back 1 time, then close", money(chain[0].values[0][1]))
    # Drawn as one sequence: every decision and trip at the first level, each with its end branches below it.
    html = render_blocks([tree])
    top = html[html.index('<ul class="calc-tree__root">') :]
    assert top.count("<ul>") == len(chain)


def test_jv_tree_walk_away_now() -> None:
    inputs = jv_postmortem.Inputs(deal_value=1e6, walk_away_value=4e6, rounds=(jv_postmortem.Round(5e5, 0.5),))
    result = jv_postmortem.compute(inputs)
    (tree,) = [b for b in jv_postmortem.present(inputs, result) if isinstance(b, Tree)]
    marked = [c for c in tree.root.children if c.badge]
    assert [(c.label, c.values) for c in marked] == [("Walk away now", (("", 4e6),))]
    # After the trip the deal (1,500,000) is still below walking away: walking is offered there too.
    after = tree.root.children[-1].children[-1]
    assert [c.label for c in after.children] == ["Walk away", "Close after trip 1"]


# -- the results' markup for narrow screens -------------------------------------------------------------


def test_table_cells_name_their_column_for_the_card_layout() -> None:
    html = render_blocks([Table("Cap", ("Offer", "Value", "Decision"), (("A", "1", "accept"),), numeric=(1,))])
    assert '<th scope=row>A</th><td class=calc-num data-label="Value">1</td><td data-label="Decision">accept</td>' in html
    assert '<div class="calc-table" tabindex="0" role="region" aria-label="Cap"><table class="calc-grid">' in html


@pytest.mark.parametrize("name", list(CALCULATORS))
def test_the_pinned_summary_is_the_results_summary_hidden_from_screen_readers(name: str) -> None:
    html = web.widget(name, "w.whl")
    pin = re.search(
        r'<div class="calc-pin" aria-hidden="true"><p class="calc-pin__title">Key results</p>(<dl .*?</dl>)</div>', html
    )
    # The summary opens the results, after at most one heading (the plan's "The plan on one page").
    results = re.search(r'<div class="calc-results"[^>]*>(?:<h3 class="calc-heading"[^>]*>.*?</h3>)?(<dl class="calc-summary">.*?</dl>)', html)
    assert pin and results and pin.group(1) == results.group(1)
    blocks = blocks_of(name)
    first = blocks[1] if isinstance(blocks[0], Heading) else blocks[0]
    assert isinstance(first, Summary)
    # Beside the form: right after it, before the tools.
    assert html.index("</form>") < html.index('<div class="calc-pin"') < html.index('<div class="calc-toolbar"')


def test_tree_text_is_escaped() -> None:
    tree = Tree("<t>", "<d>", TreeNode("decision", "<script>x</script>", (("<n>", 1.5),), "<note>", badge="<b>"))
    html = render_blocks([tree])
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;" in html


@pytest.mark.parametrize(("lo", "hi"), [(0.0, 1e-13), (1e14, 1e14 + 0.02), (0.0, 5e-324), (-5e-324, 0.0), (7.0, 7.0), (1e15, 1e15)])
def test_ticks_never_collapse(lo: float, hi: float) -> None:
    """Tiny or subnormal spans used to collapse into one tick (round to 12 decimals), and charts divided by zero."""
    ticks = nice_ticks(lo, hi)
    assert len(ticks) >= 2 and len(set(ticks)) == len(ticks) and ticks == sorted(ticks)
    assert ticks[0] <= lo and ticks[-1] >= hi and all(math.isfinite(t) for t in ticks)


def test_ticks_are_the_nice_numbers() -> None:
    # Heckbert: span 1, 4 intervals, raw step 0.25, the nice step 0.25; 1,160,000..1,310,000: raw 37,500, nice 50,000.
    assert nice_ticks(0, 1) == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert nice_ticks(1_160_000, 1_310_000) == [1_150_000, 1_200_000, 1_250_000, 1_300_000, 1_350_000]
    assert nice_ticks(0.1, 0.7) == [0.0, 0.2, 0.4, 0.6, 0.8]
