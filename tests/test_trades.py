"""trades: validation in the reader's words, what the page says, the scatter chart, speed and the command line.

The scores, the frontier and the trades themselves are worked by hand, and against an exact reference, in
``test_trades_reference.py``.
"""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys
import time
from html import unescape
from typing import Any

import pytest

from calculators.charts import LineChart, Marker, Point, Scatter, Series, render_chart
from calculators.fields import InputError, parse, to_json
from calculators.render import Note, Summary, Table, render_blocks, render_markdown
from calculators.trades import EXAMPLE, MAX_PACKAGES, TABLE_ROWS, Inputs, Issue, Option, compute, present


def problems_of(raw: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(InputError) as e:
        parse(Inputs, raw)
    return {p.where: p.message for p in e.value.problems}


def issue(name: str, *options: tuple[str, float, float]) -> dict[str, Any]:
    return {"name": name, "options": [{"name": n, "value_to_you": y, "value_to_them": t} for n, y, t in options]}


TWO = (("a", 0, 0), ("b", 1, -1))


# -- validation ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "where", "message"),
    [
        (
            {"issues": [issue("Price", *TWO), issue("Price", *TWO)]},
            "issues",
            "Two issues are called 'Price'; give each its own name, so that the results can tell them apart.",
        ),
        (
            {"issues": [issue(" ", *TWO), issue("", *TWO)]},
            "issues",
            "Two issues have no name; give each its own name, so that the results can tell them apart.",
        ),
        (
            {"issues": [issue("Price", ("low", 0, 0), ("high", 1, -1), ("low", 2, -2))]},
            "issues[0].options",
            "Two options of 'Price' are called 'low'; give each its own name, so that the results can tell them apart.",
        ),
        ({"issues": [issue("Price", ("only", 0, 0))]}, "issues[0].options", "Options needs at least 2 entries."),
        (
            {"issues": [issue("Price", *((f"o{k}", 0, 0) for k in range(7)))]},
            "issues[0].options",
            "Options can have at most 6 entries.",
        ),
        ({"issues": []}, "issues", "Issues needs at least one entry."),
        ({"issues": [issue(f"I{k}", *TWO) for k in range(9)]}, "issues", "Issues can have at most 8 entries."),
        (
            # 3 ** 8 = 6,561 packages.
            {"issues": [issue(f"I{k}", *TWO, ("c", 0, 0)) for k in range(8)]},
            "issues",
            "These issues make 6,561 packages (their numbers of options multiplied together); the calculator scores "
            "at most 4,096. Drop or merge some options or issues.",
        ),
        (
            {"issues": [issue("Price", ("a", "lots", 0), ("b", 1, 1))]},
            "issues[0].options[0].value_to_you",
            "Value to you must be a number",
        ),
        (
            {"issues": [issue("Price", ("a", 0, 1e16), ("b", 1, 1))]},
            "issues[0].options[0].value_to_them",
            "Value to them must be between",
        ),
        ({"your_walk_away": "x"}, "your_walk_away", "Your walk-away must be a number"),
        ({"their_walk_away": float("inf")}, "their_walk_away", "Their walk-away (your guess) must be a finite number"),
    ],
)
def test_bad_inputs_name_the_field(raw: dict[str, Any], where: str, message: str) -> None:
    messages = problems_of(raw)
    assert where in messages, messages
    assert message in messages[where]


def test_the_package_cap_is_inclusive() -> None:
    # 4 ** 6 = 4,096 packages: exactly the cap, accepted and scored.
    four = issue("x", ("a", 0, 0), ("b", 1, -1), ("c", 2, -3), ("d", 3, -2))
    inputs = parse(Inputs, {"issues": [four | {"name": f"I{k}"} for k in range(6)]})
    assert len(compute(inputs).packages) == MAX_PACKAGES == 4**6
    # One more option anywhere (5 * 4 ** 5 = 5,120) is refused.
    five = issue("I0", ("a", 0, 0), ("b", 1, -1), ("c", 2, -3), ("d", 3, -2), ("e", 4, -4))
    messages = problems_of({"issues": [five] + [four | {"name": f"I{k}"} for k in range(1, 6)]})
    assert "5,120 packages" in messages["issues"]


def test_the_same_option_name_in_two_issues_is_fine() -> None:
    inputs = parse(Inputs, {"issues": [issue("A", ("yes", 1, 0), ("no", 0, 0)), issue("B", ("yes", 0, 1), ("no", 0, 0))]})
    assert [p.choices for p in compute(inputs).packages] == [("yes", "yes"), ("yes", "no"), ("no", "yes"), ("no", "no")]


def test_defaults_are_one_neutral_issue_with_no_limits() -> None:
    inputs = parse(Inputs, {})
    assert inputs == Inputs(issues=(Issue("Issue", (Option("Option 1"), Option("Option 2"))),))
    r = compute(inputs)
    # Two packages worth (0, 0) each: a tie, so both are on the frontier, and the first is recommended.
    assert [(p.choices, p.efficient, p.acceptable) for p in r.packages] == [
        (("Option 1",), True, True),
        (("Option 2",), True, True),
    ]
    assert r.recommended == r.best_joint == r.packages[0]
    assert not r.your_walk_away_given and not r.their_walk_away_given


# -- what the page says -------------------------------------------------------------------------------------------


def test_example_summary_and_advice() -> None:
    blocks = present(EXAMPLE, compute(EXAMPLE))
    (summary,) = [b for b in blocks if isinstance(b, Summary)]
    assert summary.items == (
        ("Packages scored", "32"),
        ("On the efficient frontier", "10"),
        ("Both sides accept", "4"),
        ("Most joint value", "1,800,000"),
        ("Aim for: value to you", "975,000"),
        ("Aim for: value to them", "825,000"),
    )
    notes = [b.text for b in blocks if isinstance(b, Note)]
    assert notes[0] == (
        "Aim for Wage increase: 3.0%; Medical plan: Company plan; 401K: Yes; Attendance rule: As now. Of the packages "
        "both sides accept, none creates more value together (1,800,000), and none that creates as much is worth more "
        "to you: 975,000 to you, 825,000 to them."
    )
    # The best joint package is the accepted one's equal (1,800,000): no warning that it fails a walk-away.
    assert not [b for b in blocks if isinstance(b, Note) and b.tone == "warning"]
    assert notes[1] == (
        "Give on 401K and Attendance rule: they matter more to them than to you. Ask for Medical plan in return: it "
        "matters more to you. Wage increase only moves value: every unit one side gains there, the other loses; use "
        "it to balance the deal, not to create value."
    )


def test_example_tables() -> None:
    r = compute(EXAMPLE)
    tables = [b for b in present(EXAMPLE, r) if isinstance(b, Table)]
    frontier, issues, moves = tables
    assert frontier.columns == ("Package", "Value to you", "Value to them", "Joint value", "Both accept?")
    assert frontier.numeric == (1, 2, 3)
    assert len(frontier.rows) == 10
    # The recommended package is the frontier's 6th, and the only row marked, in words and in tone.
    assert frontier.rows[5] == (
        "Wage increase: 3.0%; Medical plan: Company plan; 401K: Yes; Attendance rule: As now",
        "975,000",
        "825,000",
        "1,800,000",
        "yes: aim for this one",
    )
    assert [row[-1] for row in frontier.rows] == ["no", "no", "no", "yes", "yes", "yes: aim for this one", "no", "no", "no", "no"]
    assert frontier.tones == ("", "", "", "", "", "good", "", "", "", "")
    assert issues.rows == (
        ("Wage increase", "675,000", "675,000", "equally", "2.5%", "balance the deal (it only moves value)"),
        ("Medical plan", "1,500,000", "600,000", "you", "Company plan", "ask for, in return"),
        ("401K", "300,000", "1,200,000", "them", "Yes", "give, for something you value more"),
        ("Attendance rule", "150,000", "400,000", "them", "As now", "give, for something you value more"),
    )
    assert moves.rows[0] == ("Wage increase: 2.5% \u2192 3.0%", "\u2212225,000", "225,000", "0", "only moves value")
    assert moves.rows[-1] == (
        "Attendance rule: As now \u2192 Stricter",
        "150,000",
        "\u2212400,000",
        "\u2212250,000",
        "destroys value",
    )
    assert moves.tones == ("", "", "", "good", "good", "bad")


def test_no_package_both_accept_is_a_warning() -> None:
    inputs = Inputs(issues=EXAMPLE.issues, your_walk_away=2_000_000.0)
    r = compute(inputs)
    assert r.recommended is None
    blocks = present(inputs, r)
    warnings = [b.text for b in blocks if isinstance(b, Note) and b.tone == "warning"]
    assert len(warnings) == 1 and warnings[0].startswith("No package is worth at least your walk-away to you")
    summary = next(b for b in blocks if isinstance(b, Summary))
    assert ("Both sides accept", "0") in summary.items and not [k for k, _ in summary.items if k.startswith("Aim for")]
    # The chart rings the best joint package instead, and says so.
    chart = next(b for b in blocks if isinstance(b, Scatter))
    assert chart.highlights == (Point("Most joint value", 1_200_000.0, 600_000.0),)


def test_a_best_joint_package_that_fails_a_walk_away_is_named() -> None:
    # They need 1,300,000. With the company plan they get at most 675,000 - 600,000 + 1,200,000 = 1,275,000: none.
    # With the union plan and the 401K: 1,200,000 + raise (- 400,000 if stricter): as now with 3.0%, 3.5% or 4.0%
    # (1,425,000, 1,650,000, 1,875,000), stricter only with 4.0% (1,475,000): 4 packages.
    # Joint: 0 + 900,000 + 0 = 900,000 as now (stricter 650,000); of the three that tie, 3.0% is worth most to you.
    inputs = Inputs(issues=EXAMPLE.issues, their_walk_away=1_300_000.0)
    r = compute(inputs)
    assert r.recommended is not None and r.recommended.choices == ("3.0%", "Union plan", "Yes", "As now")
    assert (r.recommended.joint, r.recommended.value_to_you, r.recommended.value_to_them) == (900_000, -525_000, 1_425_000)
    warnings = [b.text for b in present(inputs, r) if isinstance(b, Note) and b.tone == "warning"]
    assert warnings == [
        "The package that creates the most, Wage increase: 2.5%; Medical plan: Company plan; 401K: Yes; Attendance rule: "
        "As now (1,800,000 together), fails a walk-away. A payment or another issue that moves value to the side below "
        "its walk-away could make it acceptable."
    ]
    summary = next(b for b in present(inputs, r) if isinstance(b, Summary))
    assert ("Both sides accept", "4") in summary.items


def test_without_walk_aways_nothing_is_said_of_them() -> None:
    inputs = Inputs(issues=EXAMPLE.issues)
    blocks = present(inputs, compute(inputs))
    summary = next(b for b in blocks if isinstance(b, Summary))
    assert "Both sides accept" not in dict(summary.items)
    assert next(b for b in blocks if isinstance(b, Note)).text.startswith("Aim for Wage increase: 2.5%;")
    assert "Of all the packages" in next(b for b in blocks if isinstance(b, Note)).text
    chart = next(b for b in blocks if isinstance(b, Scatter))
    assert chart.markers == () and "dashed" not in chart.description


def test_an_issue_best_for_both_is_settled_without_a_trade() -> None:
    inputs = Inputs(issues=(Issue("Delivery", (Option("slow", 0.0, 0.0), Option("fast", 5.0, 2.0))),))
    blocks = present(inputs, compute(inputs))
    notes = [b.text for b in blocks if isinstance(b, Note)]
    assert "On Delivery, fast is best for both sides: settle it without a trade." in notes
    issues = [b for b in blocks if isinstance(b, Table)][1]
    assert issues.rows[0][-1] == "agree: one option is best for both"


def test_a_long_frontier_is_listed_in_part_and_said_so() -> None:
    # Four issues of pure transfers with steps 1, 5, 25 and 125 (to you minus, to them plus): 6 ** 4 = 1,296
    # packages, every one with a different value and all on the frontier.
    issues = tuple(Issue(f"I{i}", tuple(Option(f"o{k}", -float(k * 5**i), float(k * 5**i)) for k in range(6))) for i in range(4))
    inputs = Inputs(issues=issues)
    r = compute(inputs)
    assert len(r.frontier) == 1296
    blocks = present(inputs, r)
    frontier = next(b for b in blocks if isinstance(b, Table))
    assert len(frontier.rows) == TABLE_ROWS
    assert (
        f"The table lists the first {TABLE_ROWS} of the 1,296 packages on the frontier, by value to you; the chart draws "
        "them all, and Download JSON has every package."
    ) in [b.text for b in blocks if isinstance(b, Note)]


# -- the chart ----------------------------------------------------------------------------------------------------


def test_example_chart_draws_every_package_the_frontier_and_the_walk_aways() -> None:
    r = compute(EXAMPLE)
    chart = next(b for b in present(EXAMPLE, r) if isinstance(b, Scatter))
    assert chart.series == (Series("Package", tuple((p.value_to_you, p.value_to_them) for p in r.packages)),)
    assert chart.lines == (Series("Efficient frontier", tuple((p.value_to_you, p.value_to_them) for p in r.frontier)),)
    assert chart.markers == (Marker("Your walk-away", "x", 250_000.0), Marker("Their walk-away", "y", 700_000.0))
    assert chart.highlights == (Point("Aim for", 975_000.0, 825_000.0),)
    assert chart.description.startswith("Each dot is a package, 32 in all")
    html = render_chart(chart)
    assert 'role="img"' in html and "<title id=" in html and "<desc id=" in html
    # Every package is a dot; 32 packages land on 32 different spots.
    dots = re.search(r'<g class="calc-chart__series calc-chart__series--0"><path class="calc-chart__dot" d="([^"]+)"/>', html)
    assert dots and dots.group(1).count("h0") == 32
    # The frontier: one line through its 10 packages, by value to you.
    line = re.search(r'calc-chart__series--1"><polyline points="([^"]+)"', html)
    assert line and len(line.group(1).split()) == 10
    xs = [float(p.split(",")[0]) for p in line.group(1).split()]
    assert xs == sorted(xs)
    # Both walk-aways are dashed reference lines with their names; the ring and its name are drawn.
    assert html.count('class="calc-chart__marker"') == 2
    assert ">Your walk-away</text>" in html and ">Their walk-away</text>" in html
    assert html.count('class="calc-chart__ring"') == 2  # on the chart and in the legend
    legend = [unescape(t) for t in re.findall(r'<text class="calc-chart__legend"[^>]*>([^<]+)</text>', html)]
    assert legend == ["Package", "Efficient frontier", "Aim for"]


def plot_of(html: str) -> str:
    """The drawing inside the scaled inner SVG, without the legend and the text around it."""
    found = re.search(r"<svg viewBox=.*?</svg>", html)
    assert found
    return found.group(0)


def scatter(**change: Any) -> Scatter:
    base: dict[str, Any] = {
        "title": "S",
        "description": "d",
        "x_label": "x",
        "y_label": "y",
        "series": (Series("cloud", ((0.0, 0.0), (0.0, 0.0), (1.0, 1.0))),),
    }
    return Scatter(**(base | change))


def test_scatter_draws_points_on_one_spot_once() -> None:
    html = render_chart(scatter())
    (d,) = re.findall(r'<path class="calc-chart__dot" d="([^"]+)"/>', plot_of(html))
    assert d.count("h0") == 2


def test_scatter_places_points_on_its_own_scale() -> None:
    # x runs 0..1 over plot units 4..636; y runs 0..1 over pixels 280..36 (height 320: bottom 280, top 36).
    html = render_chart(scatter(height=320))
    (d,) = re.findall(r'<path class="calc-chart__dot" d="([^"]+)"/>', plot_of(html))
    assert d == "M4.0 280.0h0M636.0 36.0h0"


def test_scatter_range_need_not_include_zero_but_a_line_chart_does() -> None:
    points = ((10.0, 10.0), (20.0, 20.0))
    s = render_chart(scatter(series=(Series("p", points),)))
    line = render_chart(LineChart("L", "d", "x", "y", (Series("p", points),)))
    ticks = lambda html: [unescape(t) for t in re.findall(r'<text class="calc-chart__tick"[^>]*>([^<]+)</text>', html)]  # noqa: E731
    assert "0" not in ticks(s)[:3]  # the vertical ticks (drawn first) start at 10
    assert "0" in ticks(line)


def test_scatter_ring_is_round_at_any_width() -> None:
    # The ring sits in the outer SVG (no viewBox), where a circle stays a circle however wide the chart is drawn.
    html = render_chart(scatter(highlights=(Point("Here", 1.0, 1.0),)))
    inner = re.search(r"<svg viewBox=.*?</svg>", html)
    assert inner and "calc-chart__ring" not in inner.group(0)
    assert re.search(r'<circle class="calc-chart__ring" cx="99\.38%" cy="36\.0" r="7"', html)
    # Near the right edge its name is written to its left, below it.
    assert re.search(r'<text class="calc-chart__marker-label" x="99\.38%" y="58\.0" dx="-6" text-anchor="end">Here</text>', html)


def test_scatter_text_escapes_names() -> None:
    html = render_chart(scatter(series=(Series("<b>", ((0.0, 0.0), (1.0, 1.0))),), highlights=(Point("&", 0.0, 0.0),)))
    assert "<b>" not in html
    assert "&lt;b&gt;" in html and ">&amp;</text>" in html


# -- speed, the command line, the browser's path ------------------------------------------------------------------


def test_example_computes_and_renders_in_well_under_20_ms() -> None:
    times = []
    for _ in range(15):
        start = time.perf_counter()
        render_blocks(present(EXAMPLE, compute(EXAMPLE)))
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.020


def test_the_largest_case_stays_finite_and_renders() -> None:
    # 4,096 packages with values at the limits of the validator: every number finite, the page renders.
    issues = tuple(
        Issue(f"I{i}", tuple(Option(f"o{k}", (-1) ** k * 1e15, (-1) ** (k + i) * 1e15 if k else 5e-324) for k in range(4)))
        for i in range(6)
    )
    inputs = Inputs(issues=issues, your_walk_away=-1e15, their_walk_away=1e15)
    r = compute(inputs)
    assert len(r.packages) == 4096
    json.dumps(to_json(r), allow_nan=False)
    assert "<svg" in render_blocks(present(inputs, r))


def test_markdown_of_the_chart_is_its_title_and_description() -> None:
    # Pasted into notes, the chart is its title and the description a screen reader hears, not 32 coordinates.
    chart = next(b for b in present(EXAMPLE, compute(EXAMPLE)) if isinstance(b, Scatter))
    assert render_markdown([chart]) == f"**{chart.title}**\n\n{chart.description}\n"


def test_command_line_runs_the_example() -> None:
    from calculators import CALCULATORS

    if "trades" not in CALCULATORS:
        pytest.skip("trades is not registered yet")
    doc = json.dumps(to_json(EXAMPLE))
    out = subprocess.run(
        [sys.executable, "-m", "calculators", "run", "trades"], input=doc, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["recommended"]["choices"] == ["3.0%", "Company plan", "Yes", "As now"]
    bad = json.dumps({"issues": [issue("P", *TWO), issue("P", *TWO)]})
    out = subprocess.run(
        [sys.executable, "-m", "calculators", "run", "trades"], input=bad, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 2 and "Two issues are called 'P'" in out.stderr and "Traceback" not in out.stderr


def test_scatter_names_horizontal_reference_lines_at_the_left_past_the_ticks() -> None:
    # The ringed package, accepted by both sides, lies right of "Your walk-away" and above "Their walk-away": their
    # walk-away is named at the left end of its line, 44 px in (past the tick labels), not at the right where the
    # ring tends to be. A line chart keeps naming its lines at the right end.
    html = render_chart(scatter(markers=(Marker("Theirs", "y", 0.5), Marker("Yours", "x", 0.5))))
    assert re.search(r'<text class="calc-chart__marker-label" x="0\.00%" y="[\d.]+" dx="44">Theirs</text>', html)
    line = render_chart(LineChart("L", "d", "x", "y", (Series("p", ((0.0, 0.0), (1.0, 1.0))),), (Marker("Theirs", "y", 0.5),)))
    assert re.search(r'<text class="calc-chart__marker-label" x="100\.00%" y="[\d.]+" text-anchor="end">Theirs</text>', line)


def test_advice_for_issues_no_one_cares_about_and_asks_without_gives() -> None:
    # The defaults: one issue whose options are all worth 0 to both sides. Nothing to give, ask or settle.
    inputs = parse(Inputs, {})
    blocks = present(inputs, compute(inputs))
    notes = [b.text for b in blocks if isinstance(b, Note)]
    assert notes[-1] == "No option of Issue is worth more than another to either side, as the values stand."
    assert [b for b in blocks if isinstance(b, Table)][1].rows[0][-1] == "nothing yet: no option is worth more than another"
    # Only an issue you care more about: "ask for" it, with no "in return".
    inputs = Inputs(issues=(Issue("Site", (Option("theirs", 0.0, 0.0), Option("ours", 5.0, -2.0))),))
    notes = [b.text for b in present(inputs, compute(inputs)) if isinstance(b, Note)]
    assert "Ask for Site: it matters more to you." in notes
