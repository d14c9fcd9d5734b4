"""SVG charts for the results: line charts, scatters, horizontal bar charts and tornado diagrams.

Why not a chart library such as pygal or drawsvg: these charts must be
byte-identical in CPython (the pre-rendered page) and in Pyodide (the live
page), take their colours from the theme's CSS so that the light and dark
palettes both work, carry a ``<title>`` and ``<desc>`` for screen readers, and
add nothing to the Python that the browser loads before the calculator comes
alive. pygal embeds its own styles and, by default, a script from a CDN; both
libraries would add a wheel to download and import on every first visit. Four
chart shapes cover every calculator, in about five hundred lines.

Why the text does not scale with the chart: a chart drawn in one ``viewBox``
and scaled to the page shrinks its text with it: 11-unit text measured 4.9 px
on a 360 px wide phone in Chromium. So each chart is two layers. The
shapes are drawn in a plot 640 units wide that stretches to the page's width
(``preserveAspectRatio="none"``, with strokes that keep their width); the text
sits in the outer SVG, which has no ``viewBox``: its ``x`` is a percentage of
the width and its ``y`` and font size are CSS pixels, so text is the same size
at every width. Names never sit beside a bar, where a phone leaves them no
room: they go above it, wrapped at word boundaries for the narrowest chart
(Python cannot measure text), whole, with the whole name as a tooltip.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

from .numbers import short

__all__ = ["BarChart", "LineChart", "Marker", "Point", "Scatter", "Series", "Tornado", "nice_ticks", "render_chart", "wrap"]

#: The plot's width in units: x = 0 is the left edge of the chart, x = WIDTH the right edge, at any width on screen.
WIDTH = 640
#: Characters per line of a wrapped label: what fits the narrowest chart (about 290 px at 360 px) at 12 px.
WRAP = 36
#: Line height of chart text, in pixels.
LINE = 15
BAR = 12
#: Pixels left free at the left of a plot for its vertical axis's tick labels ("\u22121.5M" is about 36 px at 12 px).
TICK_ROOM = 44


@dataclass(frozen=True)
class Series:
    name: str
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Marker:
    """A reference line: ``axis="x"`` is vertical at x = value, ``"y"`` horizontal."""

    label: str
    axis: str
    value: float


@dataclass(frozen=True)
class LineChart:
    title: str
    description: str
    x_label: str
    y_label: str
    series: tuple[Series, ...]
    markers: tuple[Marker, ...] = ()
    x_format: str = "number"  # "money", "percent" or "number"
    y_format: str = "number"
    height: int = 300


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one group per category, one bar per series in each group; each category's name above its bars."""

    title: str
    description: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    markers: tuple[Marker, ...] = ()  # vertical lines at a value
    value_format: str = "money"


@dataclass(frozen=True)
class Tornado:
    """A tornado diagram: one row per input, its low and high ends as bars either side of the base value.

    ``rows`` are ``(input, output with the input moved down, output with it moved up)``, widest swing first.
    """

    title: str
    description: str
    base_label: str
    base: float
    rows: tuple[tuple[str, float, float], ...]
    low_name: str
    high_name: str
    value_format: str = "money"


@dataclass(frozen=True)
class Point:
    """A point to single out in a scatter, ringed and labelled, such as a recommended package."""

    label: str
    x: float
    y: float


@dataclass(frozen=True)
class Scatter(LineChart):
    """A scatter: a line chart whose ``series`` are clouds of dots, not joined; ``lines`` are joined, dots and all.

    It shares the line chart's axes, ticks and reference lines (``markers``), but its vertical range need not
    include 0. ``highlights`` are single points, each ringed and named. Every part has a line in the legend.
    """

    lines: tuple[Series, ...] = ()
    highlights: tuple[Point, ...] = ()
    x_format: str = "money"
    y_format: str = "money"


Chart = LineChart | BarChart | Tornado | Scatter


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering [lo, hi] (Heckbert's nice numbers), always at least two distinct ones.

    A span too small to tell apart from its own values (a billionth of their size, or below 1e-290) is widened
    around its middle first, so that ticks never collapse into one value and a chart never divides by zero.
    """
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return [0.0, 1.0]
    if hi <= lo:
        lo, hi = (lo - 1, hi + 1) if lo == 0 else (lo - abs(lo) * 0.1, hi + abs(hi) * 0.1)
    least = max(max(abs(lo), abs(hi)) * 1e-9, 1e-290)
    if hi - lo < least:
        middle = lo / 2 + hi / 2
        lo, hi = middle - least, middle + least
    raw = (hi - lo) / max(1, count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(lo / step)
    digits = 3 - math.floor(math.log10(step))  # round away float noise, far below the step
    ticks: list[float] = []
    for k in range(50):
        t = (first + k) * step
        ticks.append(round(t, digits) if digits > 0 else t)
        if t >= hi - step * 1e-9:
            break
    return ticks


def wrap(text: str, width: int = WRAP, by_parts: bool = True) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken at spaces (a word longer than a line is split).

    A label's parts ("Offer › Value") stay whole where they can: a part that does not fit on the line so far
    starts a new one, and a "›" stays at the end of the line before it. ``by_parts=False`` wraps word by word.

    >>> wrap("Wait for a strategic buyer \u203a Outcome 1 \u203a Value", 36)
    ['Wait for a strategic buyer \u203a', 'Outcome 1 \u203a Value']
    """
    lines: list[str] = []
    parts = text.split(" \u203a ") if by_parts else [text]
    for n, part in enumerate(parts):
        piece = part + (" \u203a" if n < len(parts) - 1 else "")
        if lines and len(lines[-1]) + 1 + len(piece) <= width:
            lines[-1] += " " + piece  # a whole part fits on the line so far
            continue
        started = False  # each part that does not fit starts a line of its own, then flows word by word
        for word in piece.split():
            for chunk in (word[i : i + width] for i in range(0, len(word), width)):
                if started and len(lines[-1]) + 1 + len(chunk) <= width:
                    lines[-1] += " " + chunk
                else:
                    lines.append(chunk)
                    started = True
    return lines or [""]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "chart"


def _x(units: float) -> str:
    """A plot position as a share of the chart's width, for text in the outer SVG."""
    return f"{units * 100 / WIDTH:.2f}%"


def _text(units: float, y: float, text: str, cls: str, anchor: str = "start", dx: int = 0) -> str:
    shift = f' dx="{dx}"' if dx else ""
    end = f' text-anchor="{anchor}"' if anchor != "start" else ""
    return f'<text class="{cls}" x="{_x(units)}" y="{y:.1f}"{shift}{end}>{escape(text)}</text>'


def _lines(units: float, y: float, lines: list[str], cls: str) -> str:
    """Wrapped lines, the first with its baseline at ``y``."""
    return "".join(_text(units, y + i * LINE, line, cls) for i, line in enumerate(lines))


def _label(y: float, label: str) -> tuple[str, int]:
    """A category's name above its bars, wrapped, with the whole name as its tooltip; and how many lines it took."""
    lines = wrap(label)
    drawn = _lines(0, y, lines, "calc-chart__category")
    return f'<g class="calc-chart__name"><title>{escape(label)}</title>{drawn}</g>', len(lines)


def _legend(names: list[str], y: float) -> str:
    """One swatch and name per line: a legend that fits any width. ``y`` is the first line's baseline."""
    return "".join(
        f'<g class="calc-chart__series calc-chart__series--{i % 4}"><rect x="0" y="{y + i * 18 - 9:.0f}" width="14" height="10"/></g>'
        f'<text class="calc-chart__legend" x="20" y="{y + i * 18:.0f}">{escape(name)}</text>'
        for i, name in enumerate(names)
    )


def _frame(chart_id: str, title: str, description: str, height: float, plot: str, text: str) -> str:
    h = f"{height:.0f}"
    return (
        f'<figure class="calc-chart"><svg class="calc-chart__svg" width="100%" height="{h}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(description)}</desc>'
        f'<svg viewBox="0 0 {WIDTH} {h}" preserveAspectRatio="none" width="100%" height="{h}" class="calc-chart__plot">'
        f"{plot}</svg>{text}</svg><figcaption>{escape(title)}</figcaption></figure>"
    )


def _x_ticks(ticks: list[float], px: Callable[[float], float], y: float, kind: str) -> str:
    """Tick labels along the bottom: the end ones inside the chart, every other one hidden on a narrow chart."""
    out = []
    for i, t in enumerate(ticks):
        anchor = "start" if i == 0 else "end" if i == len(ticks) - 1 else "middle"
        minor = " calc-chart__tick--minor" if 0 < i < len(ticks) - 1 and i % 2 == 1 and len(ticks) > 5 else ""
        out.append(_text(px(t), y, short(t, kind), "calc-chart__tick" + minor, anchor))
    return "".join(out)


@dataclass(frozen=True)
class _Axes:
    """Where a line chart's or a scatter's values land: plot units across, pixels down."""

    x0: float
    x1: float
    y0: float
    y1: float
    top: float
    bottom: float
    left: float = 4
    right: float = WIDTH - 4

    def px(self, x: float) -> float:
        return self.left + (x - self.x0) / (self.x1 - self.x0) * (self.right - self.left)

    def py(self, y: float) -> float:
        return self.bottom - (y - self.y0) / (self.y1 - self.y0) * (self.bottom - self.top)


def _axes(
    chart: LineChart, xs: list[float], ys: list[float], with_zero: bool, names_left: bool = False
) -> tuple[_Axes, list[str], list[str]]:
    """The axes of a line chart or a scatter: grid, ticks, axis labels and reference lines.

    ``xs`` and ``ys`` are every value to show; ``with_zero`` also keeps 0 in the vertical range. A horizontal
    reference line is named at its right end, or with ``names_left`` at its left end, just past the tick labels.
    Returns the scale, and the plot's and the text's pieces so far.
    """
    xs = xs + [m.value for m in chart.markers if m.axis == "x"]
    ys = ys + [m.value for m in chart.markers if m.axis == "y"]
    low, high = (min(min(ys), 0.0), max(max(ys), 0.0)) if with_zero else (min(ys), max(ys))
    xt, yt = nice_ticks(min(xs), max(xs)), nice_ticks(low, high)
    axes = _Axes(xt[0], xt[-1], yt[0], yt[-1], 36, chart.height - 40)
    px, py, top, bottom = axes.px, axes.py, axes.top, axes.bottom
    plot, text = [], []
    for t in yt:
        plot.append(f'<line class="calc-chart__grid" x1="0" x2="{WIDTH}" y1="{py(t):.1f}" y2="{py(t):.1f}"/>')
        text.append(_text(0, py(t) - 4, short(t, chart.y_format), "calc-chart__tick"))  # above its line, inside the plot
    plot.append(f'<line class="calc-chart__axis" x1="0" x2="{WIDTH}" y1="{bottom}" y2="{bottom}"/>')
    text.append(_x_ticks(xt, px, bottom + 16, chart.x_format))
    text.append(_text(0, 12, chart.y_label, "calc-chart__label"))
    text.append(_text(WIDTH / 2, bottom + 34, chart.x_label, "calc-chart__label", "middle"))
    for i, m in enumerate(chart.markers):
        if m.axis == "x":
            x = px(m.value)
            plot.append(f'<line class="calc-chart__marker" x1="{x:.1f}" x2="{x:.1f}" y1="{top - 8}" y2="{bottom}"/>')
            left_side = x > WIDTH * 0.6
            text.append(
                _text(
                    x,
                    top + 4 + i * LINE,
                    m.label,
                    "calc-chart__marker-label",
                    "end" if left_side else "start",
                    -4 if left_side else 4,
                )
            )
        else:
            y = py(m.value)
            plot.append(f'<line class="calc-chart__marker" x1="0" x2="{WIDTH}" y1="{y:.1f}" y2="{y:.1f}"/>')
            if names_left:
                text.append(_text(0, y - 4, m.label, "calc-chart__marker-label", dx=TICK_ROOM))
            else:
                text.append(_text(WIDTH, y - 4, m.label, "calc-chart__marker-label", "end"))
    return axes, plot, text


def _line(chart: LineChart, chart_id: str) -> str:
    legend = [s.name for s in chart.series] if len(chart.series) > 1 else []
    xs = [x for s in chart.series for x, _ in s.points]
    ys = [y for s in chart.series for _, y in s.points]
    axes, plot, text = _axes(chart, xs, ys, with_zero=True)
    px, py = axes.px, axes.py
    for i, s in enumerate(chart.series):
        path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in s.points)
        # A dot is a zero-length stroke with round caps: it stays round however far the plot stretches.
        dots = (
            "".join(f'<path class="calc-chart__dot" d="M{px(x):.1f} {py(y):.1f}h0"/>' for x, y in s.points)
            if len(s.points) <= 30
            else ""
        )
        plot.append(f'<g class="calc-chart__series calc-chart__series--{i % 4}"><polyline points="{path}"/>{dots}</g>')
    if legend:
        text.append(_legend(legend, chart.height + 4))
    height = chart.height + 18 * len(legend)
    return _frame(chart_id, chart.title, chart.description, height, "".join(plot), "".join(text))


def _dots(points: tuple[tuple[float, float], ...], axes: _Axes) -> str:
    """Many dots as one path of zero-length strokes; points that land on the same spot are drawn once."""
    spots = dict.fromkeys(f"M{axes.px(x):.1f} {axes.py(y):.1f}h0" for x, y in points)
    return f'<path class="calc-chart__dot" d="{"".join(spots)}"/>' if spots else ""


def _scatter(chart: Scatter, chart_id: str) -> str:
    everything = [p for s in (*chart.series, *chart.lines) for p in s.points] + [(h.x, h.y) for h in chart.highlights]
    # Its horizontal reference lines are named at the left: a highlighted point that meets both reference lines (a
    # package both sides accept) lies to the right of the vertical ones, away from those names.
    axes, plot, text = _axes(chart, [x for x, _ in everything], [y for _, y in everything], with_zero=False, names_left=True)
    for i, s in enumerate(chart.series):
        plot.append(f'<g class="calc-chart__series calc-chart__series--{i % 4}">{_dots(s.points, axes)}</g>')
    for j, s in enumerate(chart.lines, start=len(chart.series)):
        path = " ".join(f"{axes.px(x):.1f},{axes.py(y):.1f}" for x, y in s.points)
        plot.append(
            f'<g class="calc-chart__series calc-chart__series--{j % 4}"><polyline points="{path}"/>{_dots(s.points, axes)}</g>'
        )
    # A highlighted point is ringed in the outer SVG, in CSS pixels, so that the ring stays round at any width;
    # it takes the text's colour, so it shows in both colour schemes.
    for h in chart.highlights:
        x, y = axes.px(h.x), axes.py(h.y)
        text.append(_ring(_x(x), f"{y:.1f}"))
        left_side = x > WIDTH * 0.6
        # Its name goes below it, away from the reference lines' names, which sit above their lines.
        text.append(
            _text(x, y + 22, h.label, "calc-chart__marker-label", "end" if left_side else "start", -6 if left_side else 6)
        )
    # The legend: a dot per cloud, a line per joined series, a ring per highlighted point; one per line of text.
    y = chart.height + 4
    for i, s in enumerate(chart.series):
        text.append(
            f'<g class="calc-chart__series calc-chart__series--{i % 4}"><path class="calc-chart__dot" d="M7 {y - 4}h0"/></g>'
            f'<text class="calc-chart__legend" x="20" y="{y}">{escape(s.name)}</text>'
        )
        y += 18
    for j, s in enumerate(chart.lines, start=len(chart.series)):
        text.append(
            f'<g class="calc-chart__series calc-chart__series--{j % 4}"><polyline points="0,{y - 4} 14,{y - 4}"/></g>'
            f'<text class="calc-chart__legend" x="20" y="{y}">{escape(s.name)}</text>'
        )
        y += 18
    for h in chart.highlights:
        text.append(_ring("7", f"{y - 4}") + f'<text class="calc-chart__legend" x="20" y="{y}">{escape(h.label)}</text>')
        y += 18
    return _frame(chart_id, chart.title, chart.description, y - 4, "".join(plot), "".join(text))


def _ring(cx: str, cy: str) -> str:
    return f'<circle class="calc-chart__ring" cx="{cx}" cy="{cy}" r="7" fill="none" stroke="currentColor" stroke-width="2.5"/>'


def _bars(chart: BarChart, chart_id: str) -> str:
    per = max(1, len(chart.series))
    values = [v for _, vs in chart.series for v in vs] + [m.value for m in chart.markers] + [0.0]
    ticks = nice_ticks(min(values), max(values))
    x0, x1 = ticks[0], ticks[-1]
    left, right = 4, WIDTH - 4

    def px(x: float) -> float:
        return left + (x - x0) / (x1 - x0) * (right - left)

    top = 8 + (LINE if chart.markers else 0)  # room for the markers' labels
    y = top
    plot, text = [], []
    zero = px(0.0)
    for g, category in enumerate(chart.categories):
        name, count = _label(y + 12, category)
        text.append(name)
        y += LINE * count + 2
        for i, (series_name, vs) in enumerate(chart.series):
            v = vs[g]
            a, b = sorted((zero, px(v)))
            what = (
                f"{category}: {short(v, chart.value_format)}"
                if per == 1
                else f"{category}, {series_name}: {short(v, chart.value_format)}"
            )
            plot.append(
                f'<g class="calc-chart__series calc-chart__series--{i % 4}"><rect x="{a:.1f}" y="{y:.1f}" '
                f'width="{max(b - a, 1.0):.1f}" height="{BAR}"><title>{escape(what)}</title></rect></g>'
            )
            y += BAR + 2
        y += 10
    bottom = y
    grid = [f'<line class="calc-chart__grid" x1="{px(t):.1f}" x2="{px(t):.1f}" y1="{top}" y2="{bottom}"/>' for t in ticks]
    plot = grid + plot
    plot.append(f'<line class="calc-chart__axis" x1="{zero:.1f}" x2="{zero:.1f}" y1="{top}" y2="{bottom}"/>')
    text.append(_x_ticks(ticks, px, bottom + 16, chart.value_format))
    for m in chart.markers:
        x = px(m.value)
        plot.append(f'<line class="calc-chart__marker" x1="{x:.1f}" x2="{x:.1f}" y1="{top - 4}" y2="{bottom}"/>')
        left_side = x > WIDTH * 0.6
        text.append(_text(x, 12, m.label, "calc-chart__marker-label", "end" if left_side else "start", -4 if left_side else 4))
    height = bottom + 26
    if per > 1:
        text.append(_legend([name for name, _ in chart.series], height + 4))
        height += 18 * per
    return _frame(chart_id, chart.title, chart.description, height, "".join(plot), "".join(text))


def _tornado(chart: Tornado, chart_id: str) -> str:
    values = [chart.base] + [v for _, low, high in chart.rows for v in (low, high)]
    ticks = nice_ticks(min(values), max(values))
    x0, x1 = ticks[0], ticks[-1]
    # The bars keep 15% of the width free on each side for the values written at their ends.
    left, right = WIDTH * 0.15, WIDTH * 0.85

    def px(x: float) -> float:
        return left + (x - x0) / (x1 - x0) * (right - left)

    base = px(chart.base)
    top = 8 + LINE
    y = top
    plot, text = [], []
    moving = [row for row in chart.rows if row[1] != chart.base or row[2] != chart.base]
    for label, low, high in moving:
        name, count = _label(y + 12, label)
        text.append(name)
        y += LINE * count + 2
        what = (
            f"{label}: {short(low, chart.value_format)} ({chart.low_name}), {short(high, chart.value_format)} ({chart.high_name}); "
            f"{chart.base_label.lower()} {short(chart.base, chart.value_format)}"
        )
        ends = sorted(((low, 0), (high, 1)), key=lambda e: -abs(e[0] - chart.base))  # the longer bar first, under the shorter
        bars = []
        for v, series in ends:
            a, b = sorted((base, px(v)))
            bars.append(
                f'<g class="calc-chart__series calc-chart__series--{series}"><rect x="{a:.1f}" y="{y:.1f}" '
                f'width="{max(b - a, 1.0):.1f}" height="{BAR + 2}"/></g>'
            )
        plot.append(f"<g><title>{escape(what)}</title>{''.join(bars)}</g>")
        # The value at each end of the row; when both ends lie on one side, only the outer one has room.
        below = [v for v in (low, high) if v < chart.base]
        above = [v for v in (low, high) if v > chart.base]
        if below:
            text.append(_text(px(min(below)), y + 11, short(min(below), chart.value_format), "calc-chart__value", "end", -4))
        if above:
            text.append(_text(px(max(above)), y + 11, short(max(above), chart.value_format), "calc-chart__value", "start", 4))
        y += BAR + 2 + 10
    bottom = y
    grid = [f'<line class="calc-chart__grid" x1="{px(t):.1f}" x2="{px(t):.1f}" y1="{top}" y2="{bottom}"/>' for t in ticks]
    plot = grid + plot
    plot.append(f'<line class="calc-chart__base" x1="{base:.1f}" x2="{base:.1f}" y1="{top - 6}" y2="{bottom}"/>')
    left_side = base > WIDTH * 0.6
    text.append(
        _text(
            base,
            12,
            f"{chart.base_label}: {short(chart.base, chart.value_format)}",
            "calc-chart__marker-label",
            "end" if left_side else "start",
            -4 if left_side else 4,
        )
    )
    text.append(_x_ticks(ticks, px, bottom + 16, chart.value_format))
    height = bottom + 26
    text.append(_legend([chart.low_name, chart.high_name], height + 4))
    height += 36
    still = [label for label, low, high in chart.rows if low == high == chart.base]
    if still:  # inputs without a bar: named once, below, rather than given empty rows
        lines = wrap("No change with: " + "; ".join(still) + ".", WRAP + 6, by_parts=False)
        text.append(_lines(0, height + 4, lines, "calc-chart__legend"))
        height += LINE * len(lines) + 6
    return _frame(chart_id, chart.title, chart.description, height, "".join(plot), "".join(text))


def render_chart(chart: Chart) -> str:
    """A chart's SVG, drawn by its type (a scatter is a line chart with its own drawing)."""
    return _draw(chart, "chart-" + _slug(chart.title))


@functools.singledispatch
def _draw(chart: Any, chart_id: str) -> str:
    raise TypeError(f"no drawing for {type(chart).__name__}")  # pragma: no cover - every Chart kind is registered


_draw.register(LineChart, _line)
_draw.register(Scatter, _scatter)
_draw.register(BarChart, _bars)
_draw.register(Tornado, _tornado)
