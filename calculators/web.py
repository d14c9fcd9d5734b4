"""The page side of a calculator, shared by the site build (CPython) and the browser (Pyodide).

:func:`widget` renders the whole embed at build time; :func:`update` is what
the browser calls after every input change, with the form's flat
``{data-path: text}`` mapping, and it returns JSON text so that nothing but
strings cross the JavaScript boundary. :func:`form_of` reads that mapping back
from a rendered widget, as the browser's form reader does, and
:func:`warm_up` runs every calculator through it once: the build calls it
before it takes the memory snapshot the browser boots from.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Mapping
from html import escape
from html.parser import HTMLParser
from typing import Any, NamedTuple

from . import CALCULATORS, get
from .fields import InputError, Problem, defaults, parse, parse_form, to_json
from .render import json_attr, render_blocks, render_csv, render_errors, render_form, render_markdown, render_widget

__all__ = ["Results", "empty_form", "examples_form", "form_of", "results", "results_html", "update", "warm_up", "widget"]


class Results(NamedTuple):
    """One computation, in every form the page offers it."""

    html: str  #: the results fragment
    result: Any  #: the result as JSON data ("Download JSON")
    markdown: str  #: the results as Markdown ("Download Markdown")
    csv: str  #: the results' tables as CSV ("Download CSV")


def results_html(name: str, inputs: Any, base: str = "") -> tuple[str, Any]:
    """The results fragment, and the result as JSON data, for validated inputs."""
    out = results(name, inputs, base)
    return out.html, out.result


def results(name: str, inputs: Any, base: str = "") -> Results:
    """The results of validated inputs: their HTML, the result as JSON data, their Markdown and their CSV."""
    calc = get(name)
    result = calc.compute(inputs)
    blocks = calc.present(inputs, result)
    return Results(render_blocks(blocks, base), to_json(result), render_markdown(blocks, base), render_csv(blocks))


def widget(name: str, wheel: str, values: Mapping[str, Any] | None = None, base: str = "", snapshot: str = "") -> str:
    """The pre-rendered embed: the form filled with ``values`` (or the page's worked example) and its results.

    ``base`` is the relative path from the page to the site root; ``wheel`` and
    ``snapshot`` are the site paths the browser boots Python from.
    """
    calc = get(name)
    data = dict(to_json(calc.example)) | dict(values or {})
    inputs: Any = parse(calc.inputs, data)
    out = results(name, inputs, base)
    embed = render_widget(
        name, calc.inputs, data, out.html, json_attr(out.result), json_attr(inputs), wheel, base, snapshot, out.markdown, out.csv
    )
    # The examples and the empty form go last in the calculator's opening tag (its attributes are escaped, so
    # the first ">" closes it): the page's template finds a calculator by how that tag begins.
    if not embed.startswith('<div class="calc" data-calc="'):
        raise ValueError("render_widget no longer opens with the calculator's <div>")
    end = embed.index(">")
    starts = f' data-examples="{escape(json.dumps(examples_form(name)), quote=True)}" data-empty="{escape(json.dumps(empty_form(name)), quote=True)}"'
    return embed[:end] + starts + embed[end:]


def examples_form(name: str) -> list[dict[str, Any]]:
    """The calculator's worked examples as the form holds them: ``[{"name", "form"}]``, ``form`` being the flat
    ``{data-path: text}`` values the browser loads into the form (the first is the example the page opens on)."""
    calc = get(name)
    return [{"name": label, "form": form_of(render_form(name, calc.inputs, dict(to_json(example))))} for label, example in calc.examples.items()]


def empty_form(name: str) -> dict[str, str]:
    """The form started empty: each field's neutral default, the fields that have none blank (Python then
    names them as required), every optional section left out."""
    calc = get(name)
    return form_of(render_form(name, calc.inputs, defaults(calc.inputs)))


def update(name: str, form_json: str, base: str = "") -> str:
    """Recompute from the browser form. Returns JSON: ``{"ok", "html", "result", "errors", "inputs", "markdown", "csv"}``.

    ``errors`` is a list of ``{"key", "message"}``, where ``key`` is the form
    field's ``data-path``; ``html`` is then the error summary, not results.
    ``markdown`` is the results as Markdown, ``csv`` their tables as CSV.
    """
    calc = get(name)
    form = json.loads(form_json)
    if not isinstance(form, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in form.items()):
        return json.dumps({"ok": False, "errors": [{"key": "", "message": "The form could not be read."}], "html": ""})
    try:
        inputs: Any = parse_form(calc.inputs, form)
    except InputError as e:
        errors = [{"key": p.key, "message": p.message} for p in e.problems]
        return json.dumps({"ok": False, "errors": errors, "html": render_errors(calc.inputs, e.problems)})
    try:
        out = results(name, inputs, base)
        return json.dumps(
            {
                "ok": True,
                "errors": [],
                "html": out.html,
                "result": out.result,
                "inputs": to_json(inputs),
                "markdown": out.markdown,
                "csv": out.csv,
            },
            allow_nan=False,
        )
    except (ArithmeticError, ValueError):  # a backstop: the models are tested never to get here on valid input
        message = "These inputs are beyond what the model can compute."
        problem = Problem((), message)
        return json.dumps({"ok": False, "errors": [{"key": "", "message": message}], "html": render_errors(calc.inputs, [problem])})


class _FormReader(HTMLParser):
    """The controls a browser's ``form.querySelectorAll("[data-path]")`` finds, with their current values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.form: dict[str, str] = {}
        self._templates = 0  # a <template>'s content is not in the document: "Add" copies it later
        self._select: str | None = None
        self._select_state = "empty"  # then "first" (an option seen, none selected) or "selected"
        self._option: tuple[str | None, bool, list[str]] | None = None  # value attribute, selected, text
        self._textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "template":
            self._templates += 1
        if self._templates:
            return
        a = dict(attrs)
        path = a.get("data-path")
        if tag == "option" and self._select is not None:
            self._close_option()
            self._option = (a.get("value"), "selected" in a, [])
        elif path is None:
            return
        elif tag == "input":
            checkbox = (a.get("type") or "").lower() == "checkbox"
            self.form[path] = ("true" if "checked" in a else "false") if checkbox else a.get("value") or ""
        elif tag == "select":
            self._select, self._select_state = path, "empty"
            self.form[path] = ""  # a select without options has the empty value
        elif tag == "textarea":
            self._textarea = (path, [])

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option[2].append(data)
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "template":
            self._templates = max(0, self._templates - 1)
        elif self._templates:
            return
        elif tag == "option":
            self._close_option()
        elif tag == "select":
            self._close_option()
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            path, text = self._textarea
            self.form[path] = "".join(text).removeprefix("\n")  # as browsers do, a newline right after <textarea> is dropped
            self._textarea = None

    def _close_option(self) -> None:
        """The select's value: its last option marked selected, else its first; an option's value defaults to its text."""
        if self._option is None or self._select is None:
            return
        value, selected, text = self._option
        self._option = None
        if selected or self._select_state == "empty":
            self.form[self._select] = value if value is not None else " ".join("".join(text).split())
            self._select_state = "selected" if selected else "first"


def form_of(html: str) -> dict[str, str]:
    """The flat ``{data-path: text}`` form the browser sends to :func:`update`, read from rendered HTML.

    What ``readForm`` in ``calculators.mjs`` sees: every ``input``, ``select``
    and ``textarea`` with a ``data-path``, except inside ``<template>`` (the
    blank row that "Add" copies); checkboxes as ``"true"`` or ``"false"``; a
    select's selected option, or its first when none is marked.

    >>> form_of('<input data-path="a" value="1,5"><input type="checkbox" data-path="b" checked>')
    {'a': '1,5', 'b': 'true'}
    """
    reader = _FormReader()
    reader.feed(html)
    reader.close()
    return reader.form


def warm_up() -> None:
    """Run every calculator once as a page does, so that a memory snapshot taken next has nothing left to do.

    For each calculator: render its widget from its worked example, read the
    form back with :func:`form_of`, recompute it with :func:`update`, then take
    the error path with an empty form. Every module a page needs, ours and the
    standard library's, is then imported and every cache filled, so the first
    update after a snapshot boot is as quick as the next. Raises
    ``RuntimeError`` naming each calculator whose example does not compute
    from its own form.
    """
    failures = []
    for name in CALCULATORS:
        answer = json.loads(update(name, json.dumps(form_of(widget(name, "warm-up")))))
        if not answer["ok"]:
            problems = "; ".join(f"{e['key'] or 'form'}: {e['message']}" for e in answer["errors"])
            failures.append(f"{name} ({problems})")
        json.loads(update(name, "{}"))
    gc.collect()  # the snapshot is the whole heap: leave no garbage in it
    if failures:
        raise RuntimeError("these calculators' worked examples do not compute from their own forms: " + ", ".join(failures))
