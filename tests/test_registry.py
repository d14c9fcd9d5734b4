"""Adding a calculator: what the registry entry promises, checked, with the fix named in each failure.

A new calculator is three files (its module, its page, its tests) and one registry entry; everything else (the form,
the field docs, the schema, the command line, the browser) follows from the registry. These tests say what is
missing when an entry is added without the rest.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.utils.yaml import yaml_load

from calculators import CALCULATORS, fields
from tests.conftest import nav_pages

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


@pytest.mark.parametrize("name", list(CALCULATORS))
def test_the_page_named_in_the_registry_exists_is_in_the_navigation_and_embeds_it(name: str) -> None:
    calc = CALCULATORS[name]
    page = calc.doc.split("#", 1)[0]
    source = DOCS / page
    assert source.is_file(), f"{name}: the registry names docs/{page}; create it, or fix `doc` in calculators/__init__.py"
    assert page in nav_pages(), f"{name}: a page outside calculators/ needs its own entry in the nav: section of mkdocs.yml"
    assert f"<!-- calc:{name} -->" in source.read_text(encoding="utf-8"), f"{name}: put <!-- calc:{name} --> in docs/{page}"


@pytest.mark.parametrize("name", list(CALCULATORS))
def test_the_module_has_what_the_pattern_needs(name: str) -> None:
    module = CALCULATORS[name]._load()
    for attr in ("Inputs", "EXAMPLE", "compute", "present", "__doc__"):
        assert getattr(module, attr, None), f"{name}: calculators/{CALCULATORS[name].module}.py needs `{attr}`"
    assert isinstance(module.EXAMPLE, module.Inputs), f"{name}: EXAMPLE must be an Inputs (the page's worked example)"
    assert fields.check(module.EXAMPLE) == [], f"{name}: EXAMPLE fails its own validation: {fields.check(module.EXAMPLE)}"


@pytest.mark.parametrize("name", list(CALCULATORS))
def test_every_calculator_has_its_own_tests(name: str) -> None:
    module = CALCULATORS[name].module
    assert (ROOT / "tests" / f"test_{module}.py").is_file(), f"{name}: write tests/test_{module}.py"


def test_every_calculator_gets_browser_parity_cases_from_the_registry() -> None:
    """The browser parity test runs every registered calculator on its worked examples; parity.json only adds to them."""
    from tests.test_parity import CASES

    assert set(CASES) == set(CALCULATORS)
    assert all(cases and cases[0] == {} for cases in CASES.values())
    assert len(CASES["plan"]) >= len(CALCULATORS["plan"].examples)


def test_the_readme_lists_the_steps_for_adding_a_calculator() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Add a calculator\n(.*?)(?=^#)", readme, re.S | re.M)
    assert section, "README.md needs its '## Add a calculator' checklist"
    for step in ("calculators/__init__.py", "mkdocs.yml", "<!-- calc:"):
        assert step in section.group(1), f"the README's checklist must name {step}"


def test_the_calculators_section_of_the_navigation_follows_the_registry() -> None:
    """Every calculator with a page of its own under calculators/ is listed, under its registry title, in order."""
    from sitebuild.nav import calculators

    with (ROOT / "mkdocs.yml").open("rb") as f:
        nav = yaml_load(f)["nav"]
    section = next(item["Calculators"] for item in nav if isinstance(item, dict) and "Calculators" in item)
    own = [(c.title, c.doc) for c in CALCULATORS.values() if c.doc.startswith("calculators/")]
    assert len(own) >= 6  # batna, zopa, concessions, time-pressure, trades, repeated
    assert section == ["calculators/index.md", *({title: doc} for title, doc in own)]
    assert section == calculators()
