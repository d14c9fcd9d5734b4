"""The guide's build, in two halves that work whichever site generator runs them (MkDocs or Zensical).

- ``sitebuild.extension``, a Python-Markdown extension listed in ``mkdocs.yml``:
  the shortcodes (``<!-- calc:NAME -->`` and the rest, in ``shortcodes``) and
  the maths typeset at build time (``maths``). It writes no files.
- ``python -m sitebuild finish SITE_DIR``, run on the built site: builds the
  calculators wheel, makes the Pyodide memory snapshot, vendors the runtime
  and KaTeX's fonts, names the wheel and snapshot in the pages, hashes the
  inline scripts for the content security policy, then checks the result
  (``finish``). It refuses a site that the extension did not process.

The pages name the wheel and the snapshot by the placeholders below until the
finishing step knows their hashes.
"""

from __future__ import annotations

from pathlib import Path

#: The project: pyproject.toml, node_modules/ and the calculators package live here.
ROOT = Path(__file__).resolve().parents[1]

#: Placeholders the pages carry until ``finish`` replaces them (``overrides/main.html`` writes the first two as well).
WHEEL_PLACEHOLDER = "@@WALKAWAY_WHEEL@@"
SNAPSHOT_PLACEHOLDER = "@@WALKAWAY_SNAPSHOT@@"
#: Written by the hosting page (docs/hosting.md), where the published policy goes.
CSP_PLACEHOLDER = "@@CONTENT_SECURITY_POLICY@@"
#: How every embedded calculator begins (calculators.render.render_widget); main.html looks for it too.
CALCULATOR_MARK = '<div class="calc" data-calc="'


class BuildError(Exception):
    """The site cannot be built as it stands; the message says what to fix."""
