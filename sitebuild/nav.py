"""The navigation's Calculators section, made from the registry.

mkdocs.yml names this function where the section goes::

    - Calculators: !!python/object/apply:sitebuild.nav.calculators []

MkDocs and Zensical both read mkdocs.yml with PyYAML's full loader, which calls it while reading the
file (the same mechanism as the ``!!python/name:`` tags of the emoji extension): no plugin and no hook,
so a new calculator with a page of its own under ``calculators/`` is in the navigation, under its
registry title, with nothing to add to mkdocs.yml. Calculators embedded in another page (the plan, the
diagnosis, the cases') are reached through that page.
"""

from __future__ import annotations

from calculators import CALCULATORS

#: Where the calculators' own pages live, under docs/.
SECTION = "calculators/"


def calculators() -> list[str | dict[str, str]]:
    """The section's index page, then each calculator with a page of its own, in the registry's order."""
    own: list[str | dict[str, str]] = [
        {calc.title: calc.doc} for calc in CALCULATORS.values() if calc.doc.startswith(SECTION) and "#" not in calc.doc
    ]
    return [SECTION + "index.md", *own]
