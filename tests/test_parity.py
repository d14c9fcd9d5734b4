"""Parity: the same cases through the command line (CPython 3.11) and the browser page (Pyodide, CPython 3.14), equal to 1e-9."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from calculators import CALCULATORS
from calculators.fields import to_json
from tests.test_browser_features import url_of, wait_ready

pytestmark = pytest.mark.browser
#: Each case is the page's worked example with some fields changed. Every calculator gets its worked examples
#: from the registry ({} is the first, the others in full); tests/cases/parity.json may add changed copies.
EXTRA = json.loads((Path(__file__).parent / "cases" / "parity.json").read_text())
CASES = {
    name: [{}, *(to_json(example) for example in list(calc.examples.values())[1:]), *EXTRA.get(name, [])]
    for name, calc in CALCULATORS.items()
}


def flatten(data: Any, prefix: str = "") -> dict[str, str]:
    """Inputs as the form's flat text fields; numbers with every digit (repr), so nothing is rounded on the way."""
    out: dict[str, str] = {}
    if isinstance(data, dict):
        for k, v in data.items():
            out.update(flatten(v, f"{prefix}{k}."))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out.update(flatten(v, f"{prefix}{i}."))
    elif isinstance(data, bool):
        out[prefix[:-1]] = "true" if data else "false"
    elif data is None:
        out[prefix[:-1]] = ""
    else:
        out[prefix[:-1]] = repr(data) if isinstance(data, float) else str(data)
    return out


def close(a: Any, b: Any, where: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return [f"{where}: keys {sorted(a)} != {sorted(b)}"]
        return [p for k in a for p in close(a[k], b[k], f"{where}.{k}")]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{where}: {len(a)} items != {len(b)}"]
        return [p for i, (x, y) in enumerate(zip(a, b, strict=True)) for p in close(x, y, f"{where}[{i}]")]
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
        return [] if math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9) else [f"{where}: {a!r} != {b!r}"]
    return [] if a == b else [f"{where}: {a!r} != {b!r}"]


@pytest.mark.parametrize(("name", "index"), [(n, i) for n, cases in CASES.items() for i in range(len(cases))])
def test_cli_and_browser_agree(page: Any, server: str, name: str, index: int) -> None:
    case = to_json(CALCULATORS[name].example) | CASES[name][index]
    cli = subprocess.run(
        [sys.executable, "-m", "calculators", "run", name, "--full"],
        input=json.dumps(case),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert cli.returncode == 0, cli.stderr
    full = json.loads(cli.stdout)
    page.goto(server + url_of(name) + f"#{name}=" + quote(json.dumps(flatten(full["inputs"]))))
    wait_ready(page, name)
    # Recompute in the browser even when the link matches the pre-rendered example exactly.
    page.dispatch_event(f'.calc[data-calc="{name}"] .calc-form [data-path]', "change")
    page.wait_for_function(f"() => Number(document.querySelector('.calc[data-calc=\"{name}\"]').dataset.updates || 0) >= 1")
    browser = json.loads(page.get_attribute(f'.calc[data-calc="{name}"] .calc-results', "data-result"))
    assert close(browser, full["result"]) == []
