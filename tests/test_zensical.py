"""The Zensical build (``nox -s zensical``, zensical.yml) and what the README says of it.

Zensical reads mkdocs.yml but drops, without a word, every MkDocs plugin it does not know: these tests
read the configuration as Zensical itself reads it, so that such a loss is named in the README's
"Building with Zensical" section instead of being found by a reader.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def readme_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"^## Building with Zensical\n(.*?)(?=^##+ )", text, re.MULTILINE | re.DOTALL)
    assert found, "the README has no '## Building with Zensical' section"
    return " ".join(found.group(1).split())  # as read: line breaks are spaces


def pinned_version() -> str:
    found = re.search(r'^ZENSICAL = "zensical==([^"]+)"', (ROOT / "noxfile.py").read_text(encoding="utf-8"), re.MULTILINE)
    assert found, "noxfile.py pins no Zensical version"
    return found.group(1)


class _AnyTag(yaml.SafeLoader):
    """mkdocs.yml as data: its !!python/name tags (the emoji functions) read as plain strings."""


_AnyTag.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: suffix)


def mkdocs_plugins() -> list[str]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTag)  # noqa: S506 (a SafeLoader)
    return [next(iter(item)) if isinstance(item, dict) else str(item) for item in config.get("plugins", [])]


def zensical_config() -> dict[str, Any]:
    """zensical.yml as the pinned Zensical reads it (its own parser: INHERIT, defaults, plugins it keeps)."""
    config = pytest.importorskip("zensical.config", reason="Zensical is installed by `nox -s zensical` only")
    parsed: dict[str, Any] = config.parse_config(str(ROOT / "zensical.yml"))
    return parsed


def test_the_readme_names_the_zensical_version_the_session_installs() -> None:
    assert f"Zensical {pinned_version()}" in readme_section()


def test_the_readme_says_what_passed_under_that_version() -> None:
    section = readme_section()
    assert re.search(r"\b\d+ of \d+ browser tests\b", section), "say how many browser tests passed under Zensical"


def test_zensical_builds_the_same_site_from_mkdocs_yml_into_its_own_folder() -> None:
    own = yaml.safe_load((ROOT / "zensical.yml").read_text(encoding="utf-8"))
    assert own["INHERIT"] == "mkdocs.yml"
    # Only what Zensical must be told differently: never the pages, the extensions or the scripts a second time.
    assert set(own) <= {"INHERIT", "site_dir", "theme", "validation", "extra"}, sorted(own)
    assert own["site_dir"] not in ("site", "", ".")


def test_the_installed_zensical_is_the_pinned_one() -> None:
    pytest.importorskip("zensical", reason="Zensical is installed by `nox -s zensical` only")
    from importlib.metadata import version

    assert version("zensical") == pinned_version()


def test_every_plugin_zensical_drops_is_named_in_the_readme() -> None:
    kept = set(zensical_config()["plugins"])
    dropped = [name for name in mkdocs_plugins() if name.removeprefix("material/") not in kept]
    section = readme_section()
    # (Today: print-site, the one-page guide to print.)
    assert all(f"`{name}`" in section for name in dropped), (dropped, "name each in the README's Zensical section")


def test_zensical_reads_what_the_site_needs() -> None:
    config = zensical_config()
    assert config["theme"]["variant"] == "classic"
    assert config["theme"]["custom_dir"].endswith("overrides")
    # Our extension and the maths reach every page; our scripts are listed.
    assert "sitebuild.extension" in config["markdown_extensions"] and "pymdownx.arithmatex" in config["markdown_extensions"]
    assert [script["path"] for script in config["extra_javascript"]] == ["assets/javascripts/calculators.mjs"]
    # Links that carry a calculator's inputs in the fragment name no heading: not an error (as with MkDocs).
    assert config["validation"]["invalid_link_anchors"] is False
    assert config["validation"]["invalid_links"] is True
