"""HTML for the calculators: the form, the results and the field tables.

This module is the only place calculator HTML is written. It runs in CPython
at build time (the pre-rendered page) and in Pyodide in the browser (after
every input change), so both produce byte-identical fragments for the same
inputs. Every piece of text that comes from input is escaped.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import json
import re
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from .charts import BarChart, LineChart, Tornado, render_chart
from .fields import Choice, Description, Field, Flag, Number, Numbers, Problem, Records, Section, Text, describe, place, to_json
from .numbers import money, number

__all__ = [
    "Heading",
    "Links",
    "Note",
    "Summary",
    "Table",
    "Tree",
    "TreeNode",
    "csv_cell",
    "field_table",
    "render_blocks",
    "render_csv",
    "render_markdown",
    "render_form",
    "render_widget",
]


# -- result blocks -------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """The headline: a few labelled values, shown large."""

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    #: Column indexes holding numbers, right-aligned.
    numeric: tuple[int, ...] = ()
    #: Optional per-row CSS tone: "good", "bad" or "".
    tones: tuple[str, ...] = ()


@dataclass(frozen=True)
class Note:
    text: str
    tone: str = "info"  # "info" or "warning"


@dataclass(frozen=True)
class Links:
    """Links to pages of the guide; each path is relative to the site root, e.g. ``tactics/use-time/``."""

    title: str
    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class TreeNode:
    """One node of a decision tree, and the branch that leads to it."""

    kind: str  # "decision" (drawn as a square), "chance" (a circle) or "end" (a triangle)
    label: str  # the branch: the choice made, or the outcome and its chance
    #: The node's amounts, each with its name: the values rolled back to it, or what an end is worth.
    values: tuple[tuple[str, float], ...] = ()
    note: str = ""  # more about the branch, such as its cost and delay
    children: tuple[TreeNode, ...] = ()
    chosen: bool = False  # the branch the roll-back takes
    badge: str = ""  # a word that marks the node for every reader, such as "your BATNA"


@dataclass(frozen=True)
class Tree:
    """A decision tree, drawn top-down so that it reads at any width; its ``description`` says how to read it."""

    title: str
    description: str
    root: TreeNode


@dataclass(frozen=True)
class Heading:
    """A heading inside the results, for results in parts (the plan's steps). ``level`` 3 sits under a page's h2."""

    text: str
    level: int = 3


Block = Summary | Table | Note | Links | LineChart | BarChart | Tornado | Tree | Heading


def _amounts(values: tuple[tuple[str, float], ...]) -> str:
    """A node's amounts, formatted as the tables format them, each with its exact value in ``<data>``."""
    named = "".join(
        f'<div><dt>{escape(name)}</dt><dd><data value="{amount!r}">{escape(money(amount))}</data></dd></div>'
        for name, amount in values
        if name
    )
    bare = "".join(
        f'<span class="calc-tree__amount"><data value="{amount!r}">{escape(money(amount))}</data></span>'
        for name, amount in values
        if not name
    )
    return bare + (f'<dl class="calc-tree__values">{named}</dl>' if named else "")


def _tree_items(node: TreeNode) -> str:
    """A node as a list item, its children nested below it.

    A node whose only child with children of its own comes last (a sequence of decisions, as in "go back, then
    decide again") is followed by that child at the same level, not inside it, so that a long sequence does
    not march off a narrow screen.
    """
    inner = [c for c in node.children if c.children]
    chain = len(inner) == 1 and node.children[-1] is inner[0]
    shown = node.children[:-1] if chain else node.children
    kids = f"<ul>{''.join(_tree_items(c) for c in shown)}</ul>" if shown else ""
    classes = f"calc-tree__node calc-tree__node--{escape(node.kind)}" + (" calc-tree__node--chosen" if node.chosen else "")
    badge = f' <strong class="calc-tree__badge">{escape(node.badge)}</strong>' if node.badge else ""
    note = f'<span class="calc-tree__note">{escape(node.note)}</span>' if node.note else ""
    box = (
        f'<div class="calc-tree__box"><span class="calc-tree__shape" aria-hidden="true"></span>'
        f'<span class="calc-tree__label">{escape(node.label)}{badge}</span>{note}{_amounts(node.values)}</div>'
    )
    return f'<li class="{classes}">{box}{kids}</li>' + (_tree_items(node.children[-1]) if chain else "")


def _tree(tree: Tree) -> str:
    return (
        f'<figure class="calc-tree"><figcaption>{escape(tree.title)}</figcaption>'
        f'<p class="calc-tree__how">{escape(tree.description)}</p>'
        f'<ul class="calc-tree__root">{_tree_items(tree.root)}</ul></figure>'
    )


@functools.singledispatch
def _block(block: Any, base: str) -> str:
    """A result block's HTML, by its type (:func:`_markdown` is its Markdown)."""
    raise TypeError(f"no HTML for {type(block).__name__}")  # pragma: no cover - every Block kind is registered


@_block.register
def _(block: Heading, base: str) -> str:
    return f'<h{block.level} class="calc-heading">{escape(block.text)}</h{block.level}>'


def _chart_html(block: LineChart | BarChart | Tornado, base: str) -> str:
    return render_chart(block)


for _chart_kind in (LineChart, BarChart, Tornado):
    _block.register(_chart_kind, _chart_html)


@_block.register
def _(block: Tree, base: str) -> str:
    return _tree(block)


@_block.register
def _(block: Links, base: str) -> str:
    items = "".join(f'<li><a href="{escape(base + path)}">{escape(text)}</a></li>' for text, path in block.items)
    return f'<div class="calc-links"><p>{escape(block.title)}</p><ul>{items}</ul></div>'


@_block.register
def _(block: Summary, base: str) -> str:
    cells = "".join(f'<div class="calc-summary__item"><dt>{escape(k)}</dt><dd>{escape(v)}</dd></div>' for k, v in block.items)
    return f'<dl class="calc-summary">{cells}</dl>'


@_block.register
def _(block: Note, base: str) -> str:
    return f'<p class="calc-note calc-note--{escape(block.tone)}">{escape(block.text)}</p>'


@_block.register
def _(block: Table, base: str) -> str:
    head = "".join(
        f'<th scope="col"{" class=calc-num" if i in block.numeric else ""}>{escape(c)}</th>' for i, c in enumerate(block.columns)
    )
    body: list[str] = []
    for r, row in enumerate(block.rows):
        tone = block.tones[r] if r < len(block.tones) else ""
        row_cells: list[str] = []
        for i, cell in enumerate(row):
            cls = " class=calc-num" if i in block.numeric else ""
            if i == 0:
                row_cells.append(f"<th scope=row{cls}>{escape(cell)}</th>")
            else:
                # On a narrow screen each row is a card, and each cell says which column it is (see the stylesheet).
                label = escape(block.columns[i]) if i < len(block.columns) else ""
                row_cells.append(f'<td{cls} data-label="{label}">{escape(cell)}</td>')
        tr = f'<tr class="calc-tone--{tone}">' if tone else "<tr>"
        body.append(tr + "".join(row_cells) + "</tr>")
    return (
        # A class on the table keeps Material from wrapping it in its own scroll box; the box is ours, and a
        # box that scrolls must be reachable by keyboard (axe: scrollable-region-focusable), so it is a named region.
        f'<div class="calc-table" tabindex="0" role="region" aria-label="{escape(block.caption)}">'
        f'<table class="calc-grid"><caption>{escape(block.caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def sensitivity_blocks(swings: Sequence[Any], percent_range: float, output: str, flip: str, base: float | None) -> list[Block]:
    """A tornado chart of the changes from ``base``, and its table, for any calculator with a sensitivity analysis."""
    if not swings:
        return []
    rows = []
    for s in swings:
        flips = "" if s.flips_at_percent is None else f"at \u00b1{s.flips_at_percent:.1f}%"
        low = _money_or_none(s.low) if s.low_in_range else "out of range"
        high = _money_or_none(s.high) if s.high_in_range else "out of range"
        rows.append((s.input, number(round(s.value, 6)), low, high, flips or "no"))
    finite = [s for s in swings if s.low is not None and s.high is not None]
    blocks: list[Block] = []
    if base is not None and finite:
        blocks.append(
            Tornado(
                f"Tornado: {output.lower()} with each input moved \u00b1{percent_range:g}%",
                f"One row per input, moved down and up by {percent_range:g}% on its own: each row's bars run from the "
                f"{output.lower()} now ({money(base)}, the vertical line) to what it becomes with the input moved down "
                "and up. The widest rows, at the top, are the inputs that matter most.",
                "Now",
                base,
                tuple((s.input, s.low, s.high) for s in finite),
                f"Input moved down {percent_range:g}%",
                f"Input moved up {percent_range:g}%",
            )
        )
    table = Table(
        f"Sensitivity: each input moved \u00b1{percent_range:g}% on its own",
        ("Input", "Now", f"{output} at \u2212{percent_range:g}%", f"at +{percent_range:g}%", f"{flip}?"),
        tuple(rows),
        numeric=(1, 2, 3),
    )
    return [*blocks, table]


def _money_or_none(x: float | None) -> str:
    return "none" if x is None else money(x)


def render_blocks(blocks: Sequence[Block], base: str = "") -> str:
    """The results HTML. ``base`` is the relative path from the page to the site root, for links."""
    return "".join(_block(b, base) for b in blocks)


# -- Markdown ---------------------------------------------------------------------

#: Characters that would turn a reader's text into Markdown or HTML; each is escaped with a backslash.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def _md(text: str) -> str:
    """Text as one line of Markdown that shows exactly that text: special characters escaped, line breaks joined."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


@functools.singledispatch
def _markdown(block: Any, base: str) -> str:
    raise TypeError(f"no Markdown for {type(block).__name__}")  # pragma: no cover - every Block kind is registered


@_markdown.register
def _(block: Heading, base: str) -> str:
    return f"{'#' * block.level} {_md(block.text)}"


@_markdown.register
def _(block: Summary, base: str) -> str:
    return "\n".join(f"- {_md(k)}: **{_md(v)}**" for k, v in block.items)


@_markdown.register
def _(block: Note, base: str) -> str:
    return f"> **Warning:** {_md(block.text)}" if block.tone == "warning" else _md(block.text)


@_markdown.register
def _(block: Links, base: str) -> str:
    return _md(block.title) + "\n\n" + "\n".join(f"- [{_md(text)}]({base}{path})" for text, path in block.items)


@_markdown.register
def _(block: Table, base: str) -> str:
    width = len(block.columns)
    rule = ["---:" if i in block.numeric else "---" for i in range(width)]
    lines = [
        f"**{_md(block.caption)}**",
        "",
        "| " + " | ".join(_md(c) for c in block.columns) + " |",
        "| " + " | ".join(rule) + " |",
    ]
    for row in block.rows:
        cells = [_md(c) for c in row] + [""] * (width - len(row))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _chart_markdown(block: LineChart | BarChart | Tornado, base: str) -> str:
    """A chart as its title and its description: the numbers it draws are in the tables beside it."""
    return f"**{_md(block.title)}**\n\n{_md(block.description)}"


for _chart in (LineChart, BarChart, Tornado):
    _markdown.register(_chart, _chart_markdown)


def _tree_lines(node: TreeNode, depth: int) -> list[str]:
    words = node.label + (f" ({node.badge})" if node.badge else "") + (" (chosen)" if node.chosen else "")
    amounts = "; ".join(f"{name}: {money(amount)}" if name else money(amount) for name, amount in node.values)
    extra = "; ".join(p for p in (node.note, amounts) if p)
    line = "  " * depth + f"- {_md(words)}" + (f": {_md(extra)}" if extra else "")
    return [line, *(x for c in node.children for x in _tree_lines(c, depth + 1))]


@_markdown.register
def _(block: Tree, base: str) -> str:
    return f"**{_md(block.title)}**\n\n{_md(block.description)}\n\n" + "\n".join(_tree_lines(block.root, 0))


def render_markdown(blocks: Sequence[Block], base: str = "") -> str:
    """The results as Markdown, to paste into notes: the same blocks as :func:`render_blocks`, each in its Markdown form.

    Headings, summaries (a list), tables (pipe tables), notes (warnings quoted), links, decision trees (nested lists);
    a chart is its title and its description. Every piece of text is escaped, so a name typed in the form cannot
    become Markdown or HTML. ``base`` is put before each link's site path.
    """
    return "\n\n".join(_markdown(b, base) for b in blocks) + "\n"


# -- CSV ----------------------------------------------------------------------------
# A spreadsheet runs a cell that starts with = + - @ (or a tab, carriage return or null character before one)
# as a formula, and a name the reader typed, or one from a shared link, reaches the CSV as it is. Such a cell
# gets a leading apostrophe, which spreadsheets read as "this is text" (OWASP's advice on CSV injection, and
# its ASVS requirement 1.2.10). The one exception is a plain number, such as -5, -200,000 or -12.5%, in a
# table's number column: it stays a number.

#: What a spreadsheet may run as a formula: a cell that starts with one of these.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\0")
#: A number as the tables write it (ASCII digits only), which a spreadsheet reads as that number.
_PLAIN_NUMBER = re.compile(r"[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?%?")


def csv_cell(text: str, number: bool = False) -> str:
    """One cell's text as the CSV holds it: typographic minus signs made ASCII, so that spreadsheets read the
    numbers, and a cell that would start a formula behind an apostrophe, unless ``number`` (a cell of a number
    column) and it is a plain number. A text cell, such as a name, is always text: "-5" typed as a name stays "-5"."""
    text = text.replace("\u2212", "-")
    if text.startswith(_FORMULA_START) and not (number and _PLAIN_NUMBER.fullmatch(text)):
        return "'" + text
    return text


def render_csv(blocks: Sequence[Block]) -> str:
    """The results' tables as CSV, for a spreadsheet: the same :class:`Table` blocks the page shows, in order.

    Each table is its caption on a row of its own, its column names, then its rows, as the page writes them
    (amounts with their thousands separators); an empty line separates two tables. Lines end with CRLF, as
    RFC 4180 has it. Every cell goes through :func:`csv_cell`, so no cell can run as a formula. Other blocks
    (summaries, notes, charts, trees) are not tables and are left out: the Markdown has them.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for i, table in enumerate(b for b in blocks if isinstance(b, Table)):
        if i:
            writer.writerow([])
        if table.caption:
            writer.writerow([csv_cell(table.caption)])
        writer.writerow([csv_cell(c) for c in table.columns])
        writer.writerows([csv_cell(c, j in table.numeric) for j, c in enumerate(row)] for row in table.rows)
    return out.getvalue()


def json_attr(result: object) -> str:
    """Data as JSON for a ``data-*`` attribute (escaped for HTML)."""
    return escape(json.dumps(to_json(result), separators=(",", ":"), allow_nan=False), quote=True)


# -- the form --------------------------------------------------------------------


def _typed(value: object) -> str:
    """A value as a form field holds it: empty for none, JSON's words for true and false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def _ident(calc: str, key: str) -> str:
    return f"calc-{calc}-{key.replace('.', '-')}"


def _input(calc: str, meta: Description, key: str, control: Callable[[str], str], unit: str = "") -> str:
    """One labelled field: ``control`` makes its input from the attributes every input carries (id, name, path)."""
    ident = _ident(calc, key)
    unit_html = f' <span class="calc-unit">({escape(unit)})</span>' if unit else ""
    described = f"{ident}-help {ident}-error" if meta.help else f"{ident}-error"
    common = f'id="{ident}" name="{escape(key)}" data-path="{escape(key)}" aria-describedby="{described}"'
    help_html = f'<small class="calc-help" id="{ident}-help">{escape(meta.help)}</small>' if meta.help else ""
    return (
        f'<div class="calc-field calc-field--{type(meta).__name__.lower()}">'
        f'<label for="{ident}">{escape(meta.label)}{unit_html}</label>{control(common)}{help_html}'
        f'<p class="calc-error" id="{ident}-error" data-error-for="{escape(key)}" hidden></p></div>'
    )


def _text_box(common: str, text: str, placeholder: str, mode: str = "") -> str:
    ph = f' placeholder="{escape(placeholder)}"' if placeholder else ""
    return f'<input type="text"{mode} {common} value="{escape(text)}"{ph} spellcheck="false">'


def _fields(calc: str, cls: type, values: dict[str, Any], prefix: str) -> str:
    parts: list[str] = []
    for f in describe(cls):
        key = prefix + f.name
        value = values.get(f.name, to_json(f.default) if f.has_default else None)
        parts.append(_control(f.meta, calc, f, key, value))
    return "".join(parts)


@functools.singledispatch
def _control(meta: Any, calc: str, f: Field | None, key: str, value: Any) -> str:
    """The form's HTML for one field, by the kind of its description: one input, a list, or a section.

    ``f`` is the described field; an entry of a list of numbers has none of its own (its description is the list's
    ``item``), and needs none: only lists and sections read it.
    """
    raise TypeError(f"no form control for {type(meta).__name__}")  # pragma: no cover - every kind is registered


@_control.register
def _number(meta: Number, calc: str, f: Field | None, key: str, value: Any) -> str:
    numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
    text = number(value) if numeric else _typed(value)
    return _input(calc, meta, key, lambda common: _text_box(common, text, meta.placeholder, ' inputmode="decimal"'), meta.unit)


@_control.register
def _text(meta: Text, calc: str, f: Field | None, key: str, value: Any) -> str:
    # The printed copy: on paper a text box cuts off a value wider than itself, where text wraps (print.css).
    # The browser keeps it equal to the box (form.mjs, syncSections).
    def box(common: str) -> str:
        text = _typed(value)
        printed = f'<span class="calc-printed" aria-hidden="true">{escape(text)}</span>'
        return _text_box(common, text, meta.placeholder) + printed

    return _input(calc, meta, key, box)


@_control.register
def _choice(meta: Choice, calc: str, f: Field | None, key: str, value: Any) -> str:
    options = "".join(
        f'<option value="{escape(o)}"{" selected" if o == value else ""}>{escape(o)}</option>' for o in meta.options
    )
    return _input(calc, meta, key, lambda common: f"<select {common}>{options}</select>")


@_control.register
def _flag(meta: Flag, calc: str, f: Field | None, key: str, value: Any) -> str:
    checked = " checked" if value is True else ""
    return _input(calc, meta, key, lambda common: f'<input type="checkbox" {common} value="true"{checked}>')


@_control.register(Records)
@_control.register(Numbers)
def _list_control(meta: Records | Numbers, calc: str, f: Field | None, key: str, value: Any) -> str:
    """A list field: its rows, an add button, and a ``<template>`` row that add uses when the list is empty."""
    items = value if isinstance(value, list) else []
    rows = "".join(_row(meta, calc, f, f"{key}.{i}", i, item) for i, item in enumerate(items))
    blank = _row(meta, calc, f, f"{key}.0", 0, None)
    ident = _ident(calc, key)
    item_label = meta.entry_label()
    help_html = f'<small class="calc-help">{escape(meta.help)}</small>' if meta.help else ""
    return (
        f'<fieldset class="calc-list" data-list="{escape(key)}" data-item-label="{escape(item_label)}"'
        f' data-min="{meta.min_items}" data-max="{meta.max_items}">'
        f'<legend>{escape(meta.label)}</legend>{help_html}<div class="calc-list__items">{rows}</div>'
        f'<template class="calc-list__template">{blank}</template>'
        f'<p class="calc-error" id="{ident}-error" data-error-for="{escape(key)}" hidden></p>'
        f'<button type="button" class="calc-add" data-action="add">Add {escape(item_label.lower())}</button></fieldset>'
    )


@_control.register(Section)
def _section(meta: Section, calc: str, f: Field | None, key: str, value: Any) -> str:
    """A ``<fieldset>``; an optional section starts with its checkbox, and shows its fields even when left out
    (with their defaults), so that ticking the box is all it takes to fill them in."""
    assert f is not None and f.record is not None
    ident = _ident(calc, key)
    help_html = f'<small class="calc-help" id="{ident}-help">{escape(meta.help)}</small>' if meta.help else ""
    include = ""
    if f.optional:
        checked = "" if value is None else " checked"
        include = (
            f'<div class="calc-field calc-field--include"><input type="checkbox" id="{ident}" name="{escape(key)}"'
            f' data-path="{escape(key)}" data-section-toggle value="true"{checked} aria-describedby="{ident}-error">'
            f'<label for="{ident}">{escape(meta.include_label)}</label></div>'
        )
    inner = _fields(calc, f.record, value if isinstance(value, dict) else {}, key + ".")
    state = "out" if value is None else "in"
    return (
        f'<fieldset class="calc-section" data-section="{escape(key)}" data-state="{state}">'
        f"<legend>{escape(meta.label)}</legend>{help_html}{include}"
        f'<div class="calc-section__fields">{inner}</div>'
        f'<p class="calc-error" id="{ident}-error" data-error-for="{escape(key)}" hidden></p></fieldset>'
    )


def _remove_button(item_label: str) -> str:
    label = escape(item_label.lower())
    return f'<button type="button" class="calc-remove" data-action="remove" aria-label="Remove this {label}">Remove</button>'


@functools.singledispatch
def _row(meta: Any, calc: str, f: Field | None, path: str, i: int, item: Any) -> str:
    """One entry of a list field, at ``path``: a record's fields, or one number."""
    raise TypeError(f"no list rows for {type(meta).__name__}")  # pragma: no cover - every list kind is registered


@_row.register
def _number_row(meta: Numbers, calc: str, f: Field | None, path: str, i: int, item: Any) -> str:
    inner = _control(meta.item, calc, None, path, item)
    return f'<div class="calc-record calc-record--number" data-path="{path}">{inner}{_remove_button(meta.item.label)}</div>'


@_row.register
def _record_row(meta: Records, calc: str, f: Field | None, path: str, i: int, item: Any) -> str:
    assert f is not None and f.record is not None
    title = f'<p class="calc-record__title">{escape(meta.item_label)} {i + 1}</p>'
    inner = _fields(calc, f.record, item if isinstance(item, dict) else {}, path + ".")
    return f'<div class="calc-record" data-path="{path}">{title}{inner}{_remove_button(meta.item_label)}</div>'


def render_form(calc: str, cls: type, values: dict[str, Any]) -> str:
    """The input form for ``cls``, filled with ``values`` (JSON data; defaults where missing)."""
    return f'<form class="calc-form" novalidate autocomplete="off" aria-label="Inputs">{_fields(calc, cls, values, "")}</form>'


def render_errors(cls: type, problems: Sequence[Problem]) -> str:
    def item(p: Problem) -> str:
        where = place(cls, p.path)
        return f"<li>{escape(where + ': ' if where else '')}{escape(p.message)}</li>"

    items = "".join(item(p) for p in problems)
    return (
        '<div class="calc-note calc-note--warning" role="alert"><p>The results below are for the last valid inputs. '
        f"Fix these to update them:</p><ul>{items}</ul></div>"
    )


#: The summary block as ``_block`` writes it; its text is escaped, so it holds no other ``</dl>``.
_SUMMARY = re.compile(r'<dl class="calc-summary">.*?</dl>')
#: A heading the results may open with (the plan's "on one page"); the pin takes the summary after it.
_HEADING = re.compile(r'(?:<h[1-6] class="calc-heading">[^<]*</h[1-6]>)?')


def _pin(results_html: str) -> str:
    """The results' summary again, kept in view while the form is edited: beside it on a wide screen, pinned
    under the header on a narrow one (see the stylesheet). Hidden from screen readers, which hear the results
    themselves, and from print; the browser copies each new summary into it."""
    heading = _HEADING.match(results_html)
    found = _SUMMARY.match(results_html, heading.end() if heading else 0)
    if not found:
        return ""
    return f'<div class="calc-pin" aria-hidden="true"><p class="calc-pin__title">Key results</p>{found.group(0)}</div>'


def _attr_text(text: str) -> str:
    """Text for an attribute, escaped, its carriage returns kept: a browser reads a bare CR, or a CR LF pair, in
    the page's source as LF, but not a CR written as a character reference."""
    return escape(text, quote=True).replace("\r", "&#13;")


def render_widget(
    calc: str,
    cls: type,
    values: dict[str, Any],
    results_html: str,
    result_json: str,
    inputs_json: str,
    wheel: str,
    base: str,
    snapshot: str = "",
    markdown: str = "",
    csv_text: str = "",
) -> str:
    """The whole embed: form, tools, loading status and pre-rendered results, in one ``div``.

    ``wheel`` and ``snapshot`` are the site paths (with ``#sha256=``) the browser boots Python from; ``markdown`` is
    the results as Markdown (:func:`render_markdown`), for the "Download Markdown" tool, and ``csv_text`` its
    tables as CSV (:func:`render_csv`), for "Download CSV".
    """
    tools = (
        '<div class="calc-toolbar" role="group" aria-label="Calculator tools">'
        '<button type="button" class="calc-reset" data-tool="reset">Reset to example</button>'
        '<button type="button" data-tool="link">Copy link</button>'
        '<button type="button" data-tool="json">Download JSON</button>'
        '<button type="button" data-tool="csv">Download CSV</button>'
        '<button type="button" data-tool="print">Print</button>'
        "</div>"
    )
    return (
        f'<div class="calc" data-calc="{escape(calc)}" data-wheel="{escape(wheel)}" data-snapshot="{escape(snapshot)}"'
        f' data-base="{escape(base)}" data-inputs="{inputs_json}">'
        f"{render_form(calc, cls, values)}{_pin(results_html)}{tools}"
        '<p class="calc-status" role="status" data-state="static">'
        "These results were computed when the page was built. The live calculator needs JavaScript.</p>"
        '<div class="calc-messages" aria-live="polite"></div>'
        f'<div class="calc-results" aria-live="polite" elementtiming="calc-results" data-result="{result_json}"'
        f' data-markdown="{escape(markdown, quote=True)}" data-csv="{_attr_text(csv_text)}">{results_html}</div>'
        "</div>"
    )


# -- field tables for the documentation ------------------------------------------


def _kind(f: Field) -> str:
    return f.meta.kind_words(f) + (" or `null`" if f.optional else "")


def _bounds(f: Field) -> str:
    return f.meta.bounds_words()


def result_fields(result_type: type) -> str:
    """The result's fields, nested ones included, as a Markdown sentence."""
    parts = []
    hints = typing.get_type_hints(result_type)
    for f in dataclasses.fields(result_type):
        inner = [a for a in typing.get_args(hints[f.name]) if dataclasses.is_dataclass(a)]
        if dataclasses.is_dataclass(hints[f.name]):
            inner = [hints[f.name]]
        sub = f" (with {', '.join(f'`{g.name}`' for g in dataclasses.fields(inner[0]))})" if inner else ""
        parts.append(f"`{f.name}`{sub}")
    return "Result fields: " + ", ".join(parts) + "."


def field_table(cls: type, title: str = "") -> str:
    """A Markdown table of the fields of ``cls`` and, after it, of each nested record."""
    out = []
    seen: list[type] = []

    def one(c: type, heading: str) -> None:
        seen.append(c)
        rows = ["| Field | Type | Unit | Bounds | Default | Meaning |", "|---|---|---|---|---|---|"]
        for f in describe(c):
            unit = f.meta.unit_words()
            if f.has_default:
                d = json.dumps(to_json(f.default))
                default = f"`{d}`" if len(d) <= 40 else "see `schema`"
                if f.meta.default_note:
                    default = f"{f.meta.default_note} (`{d}`)" if len(d) <= 40 else f.meta.default_note
            else:
                default = "**required**"
            cells = [f"`{f.name}`", _kind(f), unit, _bounds(f), default, f.meta.help.replace("|", "\\|")]
            rows.append("| " + " | ".join(cells) + " |")
        out.append((f"**{heading}**\n\n" if heading else "") + "\n".join(rows))
        for f in describe(c):
            if f.record is not None and f.record not in seen:
                one(f.record, f.meta.nested_heading(f))

    one(cls, title)
    return "\n\n".join(out)
