"""The built site names no other origin, except as unused constants inside two vendored scripts."""

from __future__ import annotations

import re
from pathlib import Path

#: Where a CDN host name appears as a string constant in vendored code that we never let run that path:
#: Material's Mermaid loader (no page has a diagram) and Pyodide's default indexURL (we always pass our own).
KNOWN_CONSTANTS = {
    "unpkg.com": {"assets/javascripts/bundle"},
    "cdn.jsdelivr": {"assets/pyodide/pyodide.mjs", "assets/javascripts/bundle"},
}
#: Tags and rules that make the browser fetch something, pointing at another origin.
#: (<a href> is a link the reader may follow; <link rel="canonical"> is metadata, never fetched.)
LOADS_ELSEWHERE = re.compile(
    r"""<(?:script|img|iframe|source|audio|video|embed|object)\b[^>]*\b(?:src|data)\s*=\s*["']?(?:https?:)?//"""
    r"""|<link\b(?![^>]*\brel=["']?(?:canonical|alternate)\b)[^>]*\bhref\s*=\s*["']?(?:https?:)?//"""
    r"""|url\(\s*["']?(?:https?:)?//|@import\s+["']?(?:https?:)?//""",
    re.IGNORECASE,
)
CDN = re.compile(r"fonts\.googleapis|fonts\.gstatic|cdn\.jsdelivr|unpkg\.com|cdnjs|googletagmanager")


def test_pages_and_stylesheets_load_nothing_from_another_origin(site_dir: Path) -> None:
    bad = []
    for path in [*site_dir.rglob("*.html"), *site_dir.rglob("*.css")]:
        text = path.read_text(encoding="utf-8", errors="replace")
        bad += [f"{path.relative_to(site_dir)}: {text[m.start() : m.end() + 60]!r}" for m in LOADS_ELSEWHERE.finditer(text)]
    assert bad == []


def test_cdn_names_appear_only_as_known_unused_constants(site_dir: Path) -> None:
    found: dict[str, set[str]] = {}
    for path in site_dir.rglob("*"):
        if path.suffix in (".html", ".css", ".js", ".mjs", ".json") and path.is_file():
            for m in CDN.finditer(path.read_text(encoding="utf-8", errors="replace")):
                found.setdefault(m.group(0), set()).add(str(path.relative_to(site_dir)))
    unexpected = {
        name: {p for p in paths if not any(p.startswith(prefix) for prefix in KNOWN_CONSTANTS.get(name, ()))}
        for name, paths in found.items()
    }
    assert {k: v for k, v in unexpected.items() if v} == {}
