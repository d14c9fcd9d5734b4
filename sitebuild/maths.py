"""Typeset a page's maths at build time with the vendored KaTeX, so readers download no maths JavaScript.

pymdownx.arithmatex (generic mode) marks the TeX; ``katex_render.mjs`` turns
it into HTML and MathML in one Node process per page that has maths. The page
ships only KaTeX's stylesheet and fonts, which ``finish`` copies into the site.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from sitebuild.node import run_node

KATEX_RENDER = Path(__file__).with_name("katex_render.mjs")
#: What pymdownx.arithmatex (generic mode) writes for inline and display maths.
MATH = re.compile(r'<span class="arithmatex">\\\((.+?)\\\)</span>|<div class="arithmatex">\\\[(.+?)\\\]</div>', re.DOTALL)
#: Any maths left untypeset: none may reach a built page (``finish`` checks).
LEFTOVER = re.compile(r'class="arithmatex"')


def typeset(content: str, *, where: str) -> str:
    """``content`` (a page's HTML) with every arithmatex span and div replaced by KaTeX's HTML; ``where`` names the page in errors."""
    found = list(MATH.finditer(content))
    if not found:
        return content
    items = [{"tex": html.unescape(m.group(1) or m.group(2)).strip(), "display": m.group(2) is not None} for m in found]
    done = run_node(KATEX_RENDER, stdin=json.dumps(items), failure=f"KaTeX could not typeset the maths on {where}")
    rendered = iter(json.loads(done))
    return MATH.sub(lambda m: f'<div class="math">{next(rendered)}</div>' if m.group(2) is not None else next(rendered), content)
