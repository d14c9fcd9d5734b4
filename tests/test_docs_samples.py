"""The "Use from Python" page's samples run as written: every command, the plan's contract check, the error
output it shows, and the Python snippet. A sample that goes stale fails here, not in a reader's terminal."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "docs" / "python.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", PAGE, re.S | re.M)


def _bash(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # `python` on the page is whichever Python has the calculators installed: here, the one running the tests.
    shim = cwd / "bin"
    if not shim.exists():
        shim.mkdir()
        (shim / "python").symlink_to(sys.executable)
    env = {"PATH": f"{shim}:/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(cwd)}
    return subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_the_page_has_the_samples_this_file_runs() -> None:
    assert len(_blocks("sh")) >= 3 and len(_blocks("text")) >= 1 and len(_blocks("python")) >= 1


def test_every_command_line_sample_runs(tmp_path: Path) -> None:
    # The files the samples read: in.json is the BATNA calculator's worked example.
    example = subprocess.run(
        [sys.executable, "-m", "calculators", "run", "batna", "--example", "--full"], capture_output=True, text=True, check=True
    )
    (tmp_path / "in.json").write_text(json.dumps(json.loads(example.stdout)["inputs"]), encoding="utf-8")
    ran = 0
    for block in _blocks("sh"):
        if "pip install" in block:
            continue  # installing is the one step the test environment has already taken
        out = _bash(block, tmp_path)
        assert out.returncode == 0, f"{block}\n{out.stderr}"
        assert "Traceback" not in out.stderr
        ran += 1
    assert ran >= 2


def test_the_plan_sample_checks_every_section(tmp_path: Path) -> None:
    (block,) = [b for b in _blocks("sh") if "run plan" in b]
    # The sample must fail when a section's result differs: break one in the file it reads, and it must notice.
    broken = block.replace(
        "python - <<'PY'",
        "python -c \"import json; d = json.load(open('plan.json')); d['result']['sections']['zopa']['result']['best_ultimatum_price'] += 1; json.dump(d, open('plan.json', 'w'))\"\npython - <<'PY'",
    )
    assert _bash(block, tmp_path).returncode == 0
    out = _bash(broken, tmp_path)
    assert out.returncode != 0 and "AssertionError: zopa" in out.stderr


@pytest.mark.parametrize("block", _blocks("text"))
def test_the_error_output_shown_is_what_the_command_prints(block: str, tmp_path: Path) -> None:
    command, *shown = block.strip().splitlines()
    assert command.startswith("$ ")
    out = _bash(command[2:], tmp_path)
    assert out.returncode == 2
    assert (out.stdout + out.stderr).strip().splitlines() == shown


def test_the_python_sample_runs() -> None:
    (block,) = _blocks("python")
    namespace: dict[str, object] = {}
    exec(compile(block, "docs/python.md", "exec"), namespace)  # noqa: S102 - the page's own sample
    assert "result" in namespace and "inputs" in namespace
