"""The command line: list, schema, run; every bad input exits 2 with one plain line per problem."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from calculators import CALCULATORS


def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "calculators", *args], input=stdin, capture_output=True, text=True, timeout=60)


def test_list_names_every_calculator() -> None:
    out = cli("list")
    assert out.returncode == 0
    assert [line.split()[0] for line in out.stdout.splitlines()] == list(CALCULATORS)


def test_schema_is_json_schema_with_defaults_bounds_and_required_fields() -> None:
    out = cli("schema", "batna")
    assert out.returncode == 0
    data = json.loads(out.stdout)
    assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert data["title"] == CALCULATORS["batna"].title
    assert data["required"] == ["offers", "alternatives"]
    props = data["properties"]
    assert props["risk_tolerance"]["default"] is None
    assert props["risk_tolerance"]["type"] == ["number", "null"]
    assert props["risk_tolerance"]["exclusiveMinimum"] == 0
    assert props["offers"]["items"] == {"$ref": "#/$defs/Offer"}
    outcome = data["$defs"]["Outcome"]["properties"]["probability"]
    assert (outcome["minimum"], outcome["maximum"]) == (0, 1)
    # Money has a documented limit: a thousand trillion either way.
    assert (props["annual_discount_rate"]["minimum"], data["$defs"]["Offer"]["properties"]["value"]["maximum"]) == (0, 1e15)


def test_schema_says_what_a_linked_default_means() -> None:
    target = json.loads(cli("schema", "concessions").stdout)["properties"]["target"]
    assert target["default"] is None and "Left out: the walk-away value." in target["description"]


def test_run_example_prints_the_pages_worked_example() -> None:
    out = cli("run", "batna", "--example")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    # Harbor Corp's example: waiting for a strategic buyer is worth 0.5 * 1.5M + 0.5 * 0.9M - 40,000 = 1,160,000.
    assert result["batna"] == "Wait for a strategic buyer"
    assert result["alternatives"][0]["present_value"] == 1_160_000
    assert cli("run", "batna", "--example", "-").returncode == 2


def test_empty_object_is_not_the_example() -> None:
    """{} used to compute Harbor Corp's example silently; the offers and alternatives are now required."""
    out = cli("run", "batna", stdin="{}")
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.splitlines() == ["offers: Offers is required.", "alternatives: Alternatives is required."]


def test_run_from_file(tmp_path: Path) -> None:
    f = tmp_path / "in.json"
    # One offer of 60 against a sure 50 (cost 0): surplus 10, accept.
    f.write_text(
        json.dumps(
            {
                "offers": [{"name": "o", "value": 60}],
                "alternatives": [{"name": "a", "outcomes": [{"probability": 1, "value": 50}]}],
            }
        )
    )
    out = cli("run", "batna", str(f))
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["offers"][0] == {
        "name": "o",
        "value": 60.0,
        "walk_away_value": 50.0,
        "judged_against": "a",
        "judged_against_offer": False,
        "surplus": 10.0,
        "decision": "accept",
    }


@pytest.mark.parametrize(
    ("stdin", "needle"),
    [
        ("{not json", "not valid JSON"),
        ("", "no input"),
        ('{"annual_discount_rate": NaN}', "NaN"),
        ('{"annual_discount_rate": Infinity}', "Infinity"),
        ('{"offers": [{"value": 1e999}]}', "offers[0].value: Value must be a finite number"),
        ('{"offers": [{"value": "ten"}]}', "offers[0].value: Value must be a number"),
        ('{"offers": []}', "offers: Offers needs at least one entry"),
        ('{"alternatives": [{"outcomes": [{"probability": 2, "value": 1}]}]}', "alternatives[0].outcomes[0].probability"),
        ('{"alternatives": [{"outcomes": [{"probability": 0.3, "value": 1}]}]}', "must add up to 1"),
        ('{"alternatives": [{"outcomes": []}]}', "alternatives[0].outcomes: Outcomes needs at least one entry"),
        ('{"risk": 1}', "risk: Unknown field"),
        ("[]", "must be a JSON object"),
        ('"batna"', "must be a JSON object"),
    ],
)
def test_bad_input_exits_2_without_traceback(stdin: str, needle: str) -> None:
    out = cli("run", "batna", stdin=stdin)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert needle in out.stderr
    assert out.stdout == ""


def test_every_problem_gets_its_own_line() -> None:
    out = cli("run", "batna", stdin='{"offers": [], "annual_discount_rate": -1, "risk_tolerance": 0}')
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == ["offers", "alternatives", "annual_discount_rate", "risk_tolerance"]


@pytest.mark.parametrize(
    "args", [("run", "nope"), ("schema", "nope"), ("run", "batna", "/no/such/file.json"), ("frobnicate",), ()]
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    out = cli(*args, stdin="{}")
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert out.stderr.strip()
