"""The page side of a calculator, shared by the site build (CPython) and the browser (Pyodide).

:func:`widget` renders the whole embed at build time; :func:`update` is what
the browser calls after every input change, with the form's flat
``{data-path: text}`` mapping, and it returns JSON text so that nothing but
strings cross the JavaScript boundary.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from . import get
from .fields import InputError, Problem, parse, parse_form, to_json
from .render import json_attr, render_blocks, render_errors, render_widget

__all__ = ["results_html", "update", "widget"]


def results_html(name: str, inputs: Any, base: str = "") -> tuple[str, Any]:
    """The results fragment, and the result as JSON data, for validated inputs."""
    calc = get(name)
    result = calc.compute(inputs)
    return render_blocks(calc.present(inputs, result), base), to_json(result)


def widget(name: str, wheel: str, values: Mapping[str, Any] | None = None, base: str = "", snapshot: str = "") -> str:
    """The pre-rendered embed: the form filled with ``values`` (or the page's worked example) and its results.

    ``base`` is the relative path from the page to the site root; ``wheel`` and
    ``snapshot`` are the site paths the browser boots Python from.
    """
    calc = get(name)
    data = dict(to_json(calc.example)) | dict(values or {})
    inputs = parse(calc.inputs, data)
    html, result = results_html(name, inputs, base)
    return render_widget(name, calc.inputs, data, html, json_attr(result), json_attr(inputs), wheel, base, snapshot)


def update(name: str, form_json: str, base: str = "") -> str:
    """Recompute from the browser form. Returns JSON: ``{"ok", "html", "result", "errors", "inputs"}``.

    ``errors`` is a list of ``{"key", "message"}``, where ``key`` is the form
    field's ``data-path``; ``html`` is then the error summary, not results.
    """
    calc = get(name)
    form = json.loads(form_json)
    if not isinstance(form, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in form.items()):
        return json.dumps({"ok": False, "errors": [{"key": "", "message": "The form could not be read."}], "html": ""})
    try:
        inputs = parse_form(calc.inputs, form)
    except InputError as e:
        errors = [{"key": p.key, "message": p.message} for p in e.problems]
        return json.dumps({"ok": False, "errors": errors, "html": render_errors(calc.inputs, e.problems)})
    try:
        html, result = results_html(name, inputs, base)
        return json.dumps(
            {"ok": True, "errors": [], "html": html, "result": result, "inputs": to_json(inputs)},
            allow_nan=False,
        )
    except (ArithmeticError, ValueError):  # a backstop: the models are tested never to get here on valid input
        message = "These inputs are beyond what the model can compute."
        problem = Problem((), message)
        return json.dumps({"ok": False, "errors": [{"key": "", "message": message}], "html": render_errors(calc.inputs, [problem])})
