"""tools/lighthouse.py without Lighthouse: several runs of a page keep the median one, and say every run's score."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("walkaway_lighthouse_tool", ROOT / "tools" / "lighthouse.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fake_audit(scores: list[int]) -> Any:
    calls = iter(scores)

    def audit(url: str, report: Path) -> dict[str, Any]:
        performance = next(calls)
        report.write_text(json.dumps({"performance": performance}), encoding="utf-8")
        return {"scores": {"performance": performance}, "metrics": {}, "failing": []}

    return audit


def test_several_runs_keep_the_median_run_and_its_report(tool: ModuleType, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(tool, "audit", _fake_audit([71, 96, 88]))
    report = tmp_path / "index.json"
    row = tool.audit_median("http://127.0.0.1:1/", report, 3)
    assert row["scores"]["performance"] == 88
    assert row["runs"] == [71, 96, 88]
    assert json.loads(report.read_text(encoding="utf-8")) == {"performance": 88}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.json", "index.run1.json", "index.run2.json", "index.run3.json"]


def test_one_run_is_the_run(tool: ModuleType, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(tool, "audit", _fake_audit([64]))
    row = tool.audit_median("http://127.0.0.1:1/", tmp_path / "index.json", 1)
    assert row["scores"]["performance"] == 64 and "runs" not in row
    assert [p.name for p in tmp_path.iterdir()] == ["index.json"]
