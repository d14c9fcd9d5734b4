"""SVG charts for the results: line charts and horizontal bar charts.

Why not a chart library such as pygal or drawsvg: these charts must be
byte-identical in CPython (the pre-rendered page) and in Pyodide (the live
page), take their colours from the theme's CSS so that the light and dark
palettes both work, carry a ``<title>`` and ``<desc>`` for screen readers, and
add nothing to the Python that the browser loads before the calculator comes
alive. pygal embeds its own styles and, by default, a script from a CDN; both
libraries would add a wheel to download and import on every first visit. Two
chart shapes cover every calculator, in about two hundred lines.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from html import escape

__all__ = ["BarChart", "LineChart", "Marker", "Series", "render_chart"]

WIDTH = 640
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP = 70, 20, 20


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
    """Horizontal bars, one group per category, one bar per series in each group."""

    title: str
    description: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    markers: tuple[Marker, ...] = ()  # vertical lines at a value
    value_format: str = "money"


def _fmt(x: float, kind: str) -> str:
    if kind == "percent":
        return f"{x * 100:.0f}%"
    ax = abs(x)
    sign = "\u2212" if x < 0 else ""
    if kind == "money":
        for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
            if ax >= size:
                return f"{sign}{ax / size:.3g}{suffix}"
        return f"{sign}{ax:.3g}"
    return f"{sign}{ax:.3g}"


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering [lo, hi] (Heckbert's nice numbers)."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return [0.0, 1.0]
    if hi <= lo:
        lo, hi = (lo - 1, hi + 1) if lo == 0 else (lo - abs(lo) * 0.1, hi + abs(hi) * 0.1)
    raw = (hi - lo) / max(1, count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(lo / step) * step
    ticks: list[float] = []
    t = start
    while len(ticks) < 50:
        ticks.append(round(t, 12))
        if t >= hi - step * 1e-9:
            break
        t += step
    return ticks


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "chart"


def _frame(chart_id: str, title: str, description: str, height: int, body: str) -> str:
    return (
        f'<figure class="calc-chart"><svg viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(description)}</desc>'
        f"{body}</svg><figcaption>{escape(title)}</figcaption></figure>"
    )


def _line(chart: LineChart, chart_id: str) -> str:
    height = chart.height
    bottom = height - 50
    xs = [x for s in chart.series for x, _ in s.points] + [m.value for m in chart.markers if m.axis == "x"]
    ys = [y for s in chart.series for _, y in s.points] + [m.value for m in chart.markers if m.axis == "y"]
    xt, yt = nice_ticks(min(xs), max(xs)), nice_ticks(min(min(ys), 0.0), max(max(ys), 0.0))
    x0, x1, y0, y1 = xt[0], xt[-1], yt[0], yt[-1]

    def px(x: float) -> float:
        return PLOT_LEFT + (x - x0) / (x1 - x0) * (WIDTH - PLOT_LEFT - PLOT_RIGHT)

    def py(y: float) -> float:
        return bottom - (y - y0) / (y1 - y0) * (bottom - PLOT_TOP)

    parts = []
    for t in yt:
        parts.append(
            f'<line class="calc-chart__grid" x1="{PLOT_LEFT}" x2="{WIDTH - PLOT_RIGHT}" y1="{py(t):.1f}" y2="{py(t):.1f}"/>'
            f'<text class="calc-chart__tick" x="{PLOT_LEFT - 6}" y="{py(t) + 4:.1f}" text-anchor="end">{_fmt(t, chart.y_format)}</text>'
        )
    for t in xt:
        parts.append(
            f'<text class="calc-chart__tick" x="{px(t):.1f}" y="{bottom + 16}" text-anchor="middle">{_fmt(t, chart.x_format)}</text>'
        )
    parts.append(f'<line class="calc-chart__axis" x1="{PLOT_LEFT}" x2="{WIDTH - PLOT_RIGHT}" y1="{bottom}" y2="{bottom}"/>')
    parts.append(
        f'<text class="calc-chart__label" x="{(PLOT_LEFT + WIDTH - PLOT_RIGHT) / 2:.0f}" y="{height - 8}" text-anchor="middle">'
        f"{escape(chart.x_label)}</text>"
        f'<text class="calc-chart__label" x="14" y="{(PLOT_TOP + bottom) / 2:.0f}" text-anchor="middle" '
        f'transform="rotate(-90 14 {(PLOT_TOP + bottom) / 2:.0f})">{escape(chart.y_label)}</text>'
    )
    for m in chart.markers:
        if m.axis == "x":
            x = px(m.value)
            parts.append(
                f'<line class="calc-chart__marker" x1="{x:.1f}" x2="{x:.1f}" y1="{PLOT_TOP}" y2="{bottom}"/>'
                f'<text class="calc-chart__marker-label" x="{x + 4:.1f}" y="{PLOT_TOP + 10}">{escape(m.label)}</text>'
            )
        else:
            y = py(m.value)
            parts.append(
                f'<line class="calc-chart__marker" x1="{PLOT_LEFT}" x2="{WIDTH - PLOT_RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
                f'<text class="calc-chart__marker-label" x="{WIDTH - PLOT_RIGHT - 4}" y="{y - 4:.1f}" text-anchor="end">{escape(m.label)}</text>'
            )
    for i, s in enumerate(chart.series):
        path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in s.points)
        dots = "".join(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="2.5"/>' for x, y in s.points) if len(s.points) <= 30 else ""
        parts.append(f'<g class="calc-chart__series calc-chart__series--{i % 4}"><polyline points="{path}"/>{dots}</g>')
    if len(chart.series) > 1:
        for i, s in enumerate(chart.series):
            x = PLOT_LEFT + 10 + i * 180
            parts.append(
                f'<g class="calc-chart__series calc-chart__series--{i % 4}"><rect x="{x}" y="{height - 22}" width="12" height="4"/></g>'
                f'<text class="calc-chart__legend" x="{x + 16}" y="{height - 17}">{escape(s.name)}</text>'
            )
    return _frame(chart_id, chart.title, chart.description, height + (14 if len(chart.series) > 1 else 0), "".join(parts))


def _bars(chart: BarChart, chart_id: str) -> str:
    groups, per = len(chart.categories), max(1, len(chart.series))
    bar_h, gap = 16, 12
    label_w = 190
    top = PLOT_TOP + 6
    height = top + groups * (per * bar_h + gap) + 40 + (16 if per > 1 else 0)
    values = [v for _, vs in chart.series for v in vs] + [m.value for m in chart.markers] + [0.0]
    ticks = nice_ticks(min(values), max(values))
    x0, x1 = ticks[0], ticks[-1]
    left, right = label_w, WIDTH - PLOT_RIGHT

    def px(x: float) -> float:
        return left + (x - x0) / (x1 - x0) * (right - left)

    bottom = top + groups * (per * bar_h + gap)
    parts = []
    for t in ticks:
        parts.append(
            f'<line class="calc-chart__grid" x1="{px(t):.1f}" x2="{px(t):.1f}" y1="{top - 6}" y2="{bottom}"/>'
            f'<text class="calc-chart__tick" x="{px(t):.1f}" y="{bottom + 16}" text-anchor="middle">{_fmt(t, chart.value_format)}</text>'
        )
    zero = px(0.0)
    for g, category in enumerate(chart.categories):
        y = top + g * (per * bar_h + gap)
        name = (
            category if len(category) <= 30 else category[:11] + "\u2026" + category[-18:]
        )  # keep the end: "… › Outcome 1 › Value"
        parts.append(
            f'<text class="calc-chart__category" x="{left - 8}" y="{y + per * bar_h / 2 + 4:.1f}" text-anchor="end">{escape(name)}</text>'
        )
        for i, (_, vs) in enumerate(chart.series):
            v = vs[g]
            a, b = sorted((zero, px(v)))
            parts.append(
                f'<g class="calc-chart__series calc-chart__series--{i % 4}"><rect x="{a:.1f}" y="{y + i * bar_h:.1f}" '
                f'width="{max(b - a, 1.0):.1f}" height="{bar_h - 3}"><title>{escape(category)}: {_fmt(v, chart.value_format)}</title></rect></g>'
            )
    parts.append(f'<line class="calc-chart__axis" x1="{zero:.1f}" x2="{zero:.1f}" y1="{top - 6}" y2="{bottom}"/>')
    for m in chart.markers:
        x = px(m.value)
        parts.append(
            f'<line class="calc-chart__marker" x1="{x:.1f}" x2="{x:.1f}" y1="{top - 10}" y2="{bottom}"/>'
            f'<text class="calc-chart__marker-label" x="{x + 4:.1f}" y="{top - 10}">{escape(m.label)}</text>'
        )
    if per > 1:
        for i, (series_name, _) in enumerate(chart.series):
            x = left + i * 160
            parts.append(
                f'<g class="calc-chart__series calc-chart__series--{i % 4}"><rect x="{x}" y="{height - 20}" width="12" height="10"/></g>'
                f'<text class="calc-chart__legend" x="{x + 16}" y="{height - 11}">{escape(series_name)}</text>'
            )
    return _frame(chart_id, chart.title, chart.description, height, "".join(parts))


def render_chart(chart: LineChart | BarChart) -> str:
    chart_id = "chart-" + _slug(chart.title)
    return _line(chart, chart_id) if isinstance(chart, LineChart) else _bars(chart, chart_id)
