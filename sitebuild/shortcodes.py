"""The guide's shortcodes: HTML comments in a page's Markdown, expanded from the code at build time.

- ``<!-- calc:NAME -->``: the calculator, its form and results rendered now by
  CPython with the same code Pyodide runs later in the browser;
- ``<!-- calc-fields:NAME -->``: Markdown tables of its input fields;
- ``<!-- calc-index -->``: a table of every calculator and the question it answers;
- ``<!-- calc-reference -->``: the "Use from Python" sections, one per calculator;
- ``<!-- glossary -->``: a definition list of the abbreviations the page knows
  (``includes/abbreviations.md``, appended to every page by pymdownx.snippets,
  which also makes them tooltips).

The shape is Material for MkDocs' own ``overrides/hooks/shortcodes.py``: one
regex, one dispatcher, a small function per shortcode. Where nothing expands
them (a site generator without the extension), the comments render as nothing,
and ``python -m sitebuild finish`` refuses the site.
"""

from __future__ import annotations

import posixpath
import re
import typing
from collections.abc import Sequence
from dataclasses import dataclass

import calculators
from calculators import web
from calculators.render import field_table, result_fields
from sitebuild import SNAPSHOT_PLACEHOLDER, WHEEL_PLACEHOLDER, BuildError

SHORTCODE = re.compile(r"<!--\s*(calc|calc-fields|calc-index|calc-reference|glossary)(?::([a-z0-9_-]+))?\s*-->")
#: Any comment that looks like one of ours: none may reach a built page (``finish`` checks).
LEFTOVER = re.compile(r"<!--\s*(?:calc\b|glossary\b)")
#: An abbreviation definition, as the ``abbr`` extension reads it: ``*[TERM]: definition``.
ABBREVIATION = re.compile(r"^\*\[([^\]]+)\]:\s*(.+)$", re.MULTILINE)


@dataclass(frozen=True)
class Page:
    """Where the page being converted lives: its Markdown source under docs/, and its URL from the site root."""

    src_uri: str
    url: str

    @property
    def base(self) -> str:
        """The relative path from the page up to the site root: ``../../`` for ``calculators/batna/``."""
        return "../" * self.url.count("/")


def expand(markdown: str, *, page: Page) -> str:
    """Every shortcode in ``markdown`` replaced by what it stands for."""
    abbreviations = ABBREVIATION.findall(markdown)

    def replace(match: re.Match[str]) -> str:
        kind, name = match.groups()
        match kind, name:
            case "calc", str():
                return calculator(name, page=page)
            case "calc-fields", str():
                return calculator_fields(name)
            case "calc-index", None:
                return calculator_index(page=page)
            case "calc-reference", None:
                return calculator_reference(page=page)
            case "glossary", None:
                return glossary(abbreviations)
        raise BuildError(
            f"{page.src_uri}: the shortcode {match.group(0)!r} takes {'a' if name is None else 'no'} calculator name"
        )

    return SHORTCODE.sub(replace, markdown)


def _calculator(name: str) -> calculators.Calculator:
    try:
        return calculators.get(name)
    except KeyError as e:
        raise BuildError(str(e.args[0])) from None


def calculator(name: str, *, page: Page) -> str:
    """The pre-rendered embed; ``finish`` later replaces the placeholders with the wheel and snapshot it publishes."""
    _calculator(name)
    return "\n" + web.widget(name, WHEEL_PLACEHOLDER, base=page.base, snapshot=SNAPSHOT_PLACEHOLDER) + "\n"


def calculator_fields(name: str) -> str:
    return field_table(_calculator(name).inputs)


def _doc_link(doc: str, *, page: Page) -> str:
    """A Markdown link target from the page to ``doc`` (both under docs/), so the site generator checks and maps it."""
    path, _, anchor = doc.partition("#")
    rel = posixpath.relpath(path, posixpath.dirname(page.src_uri) or ".")
    return rel + (f"#{anchor}" if anchor else "")


def calculator_index(*, page: Page) -> str:
    rows = ["| Calculator | The question it answers |", "|---|---|"]
    for calc in calculators.CALCULATORS.values():
        rows.append(f"| [{calc.title}]({_doc_link(calc.doc, page=page)}) | {calc.question} |")
    return "\n".join(rows)


def calculator_reference(*, page: Page) -> str:
    """One section per calculator for the "Use from Python" page: question, link, fields, results."""
    parts = []
    for name, calc in calculators.CALCULATORS.items():
        result_type = typing.get_type_hints(calc.compute)["return"]
        parts.append(
            f"### {name}\n\n{calc.title}: {calc.question} [The calculator]({_doc_link(calc.doc, page=page)}).\n\n"
            f"```sh\npython -m calculators run {name} inputs.json\n```\n\n"
            f"{field_table(calc.inputs)}\n\n{result_fields(result_type)}"
        )
    return "\n\n".join(parts)


def glossary(abbreviations: Sequence[tuple[str, str]]) -> str:
    """A definition list of ``(term, definition)``, sorted by term."""
    if not abbreviations:
        raise BuildError("the glossary has no terms: is includes/abbreviations.md appended to the page (pymdownx.snippets)?")
    terms = sorted(abbreviations, key=lambda t: t[0].lower())
    return "\n\n".join(f"{term}\n:   {definition}" for term, definition in terms)
