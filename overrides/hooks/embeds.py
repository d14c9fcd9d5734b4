"""MkDocs hook: embed the calculators and vendor the browser runtime.

- ``<!-- calc:NAME -->`` in a page becomes the calculator's form and its
  results, rendered here by CPython with the same code Pyodide runs later;
- ``<!-- calc-fields:NAME -->`` becomes Markdown tables of its input fields,
  generated from the input description;
- the ``calculators`` package is built into a pure-Python wheel with the
  project's standard build backend (hatchling), and copied with Pyodide's
  runtime files from ``node_modules/pyodide`` into the site;
- a Pyodide memory snapshot with the calculators already imported is made in
  Node (``snapshot.mjs``) and shipped gzipped, with a gzipped copy of
  ``pyodide.asm.wasm``; the browser worker boots from it and falls back to a
  normal boot when it cannot.

The shortcode pattern follows Material for MkDocs' own
``overrides/hooks/shortcodes.py``: without this hook the comments render as
nothing.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import typing
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # build from the source tree, never from a stale install
    sys.path.insert(0, str(ROOT))

import calculators  # noqa: E402
from calculators import web  # noqa: E402
from calculators.render import field_table, result_fields  # noqa: E402

PYODIDE_DIR = ROOT / "node_modules" / "pyodide"
#: The files ``loadPyodide()`` fetches; the rest of the npm package (source maps, consoles) stays out.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")

SNAPSHOT_MAKER = Path(__file__).with_name("snapshot.mjs")

KATEX_DIR = ROOT / "node_modules" / "katex" / "dist"
KATEX_RENDER = Path(__file__).with_name("katex_render.mjs")
#: What pymdownx.arithmatex (generic mode) writes for inline and display maths.
MATH = re.compile(r'<span class="arithmatex">\\\((.+?)\\\)</span>|<div class="arithmatex">\\\[(.+?)\\\]</div>', re.DOTALL)

SHORTCODE = re.compile(r"<!--\s*calc(-fields)?:([a-z0-9_-]+)\s*-->")
GLOSSARY = re.compile(r"<!--\s*glossary\s*-->")
CALC_INDEX = re.compile(r"<!--\s*calc-index\s*-->")
CALC_REFERENCE = re.compile(r"<!--\s*calc-reference\s*-->")
ABBREVIATIONS = ROOT / "includes" / "abbreviations.md"
ABBREVIATION = re.compile(r"^\*\[([^\]]+)\]:\s*(.+)$", re.MULTILINE)


def glossary_terms() -> list[tuple[str, str]]:
    """(term, definition) from includes/abbreviations.md, the one source of the tooltips and the glossary."""
    return ABBREVIATION.findall(ABBREVIATIONS.read_text(encoding="utf-8"))


def _glossary() -> str:
    terms = sorted(glossary_terms(), key=lambda t: t[0].lower())
    return "\n\n".join(f"{term}\n:   {definition}" for term, definition in terms)


def _node(script: Path, *args: str, failure: str, stdin: str | None = None, timeout: float = 120) -> str:
    """Run one of the hook's Node scripts from the project root; its stdout, or a build error naming ``failure``."""
    try:
        done = subprocess.run(
            ["node", str(script), *args],
            input=stdin,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            timeout=timeout,
        )
    except (OSError, subprocess.SubprocessError) as e:  # includes a non-zero exit and a timeout
        detail = getattr(e, "stderr", "") or str(e)
        raise PluginError(f"{failure}: {str(detail).strip()[-800:]}") from None
    return done.stdout


_wheel: dict[str, Any] = {}


def _build_wheel() -> Path:
    """Build the wheel with hatchling's PEP 517 hook, in-process and offline."""
    from hatchling.build import build_wheel

    out = Path(tempfile.mkdtemp(prefix="walkaway-wheel-"))
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        name = build_wheel(str(out))
    finally:
        os.chdir(cwd)
    wheel = out / name
    if not name.endswith("-py3-none-any.whl"):
        raise PluginError(f"the calculators wheel must be pure Python (py3-none-any), got {name}")
    return wheel


def on_config(config: Any) -> Any:
    missing = [f for f in PYODIDE_FILES if not (PYODIDE_DIR / f).is_file()]
    if missing:
        raise PluginError(f"Pyodide's files are missing from {PYODIDE_DIR.name}: {', '.join(missing)}. Run `npm ci` first.")
    wheel = _build_wheel()
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    # The content hash in the folder name makes a new build a new URL, so no cache serves a stale package;
    # the full hash lets the browser check the bytes before installing them.
    site_path = f"assets/wheels/{digest[:16]}/{wheel.name}"
    _wheel.update(path=wheel, site_path=site_path, ref=f"{site_path}#sha256={digest}")
    _wheel.update(_snapshot(wheel, digest))
    return config


_snapshots: dict[str, dict[str, Any]] = {}


def _snapshot(wheel: Path, wheel_digest: str) -> dict[str, Any]:
    """Make the memory snapshot for this wheel (once per wheel in a ``mkdocs serve`` session).

    The browser checks the SHA-256 of the uncompressed snapshot, whatever the
    server does to the transfer; the folder is named by that hash, and the file
    by the Pyodide version it belongs to.
    """
    version = json.loads((PYODIDE_DIR / "package.json").read_text(encoding="utf-8"))["version"]
    key = f"{wheel_digest}:{version}"
    if key not in _snapshots:
        raw = Path(tempfile.mkdtemp(prefix="walkaway-snapshot-")) / "snapshot.bin"
        args = (str(PYODIDE_DIR), str(wheel), str(raw))
        _node(SNAPSHOT_MAKER, *args, failure="the Pyodide memory snapshot could not be made", timeout=300)
        data = raw.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        packed = raw.with_suffix(".gz")
        packed.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
        site_path = f"assets/snapshots/{digest[:16]}/pyodide-{version}-calculators.snapshot.gz"
        _snapshots[key] = {"snapshot_path": packed, "snapshot_site_path": site_path, "snapshot_ref": f"{site_path}#sha256={digest}"}
    return _snapshots[key]


def _expand(match: re.Match[str], base: str) -> str:
    fields, name = match.group(1), match.group(2)
    try:
        calc = calculators.get(name)
    except KeyError as e:
        raise PluginError(str(e.args[0])) from None
    if fields:
        return field_table(calc.inputs)
    return "\n" + web.widget(name, _wheel["ref"], base=base, snapshot=_wheel["snapshot_ref"]) + "\n"


def _doc_link(doc: str, src_uri: str) -> str:
    """A Markdown link target from the page ``src_uri`` to ``doc`` (both under docs/), so MkDocs checks it."""
    path, _, anchor = doc.partition("#")
    rel = posixpath.relpath(path, posixpath.dirname(src_uri) or ".")
    return rel + (f"#{anchor}" if anchor else "")


def _calc_index(src_uri: str) -> str:
    rows = ["| Calculator | The question it answers |", "|---|---|"]
    for calc in calculators.CALCULATORS.values():
        rows.append(f"| [{calc.title}]({_doc_link(calc.doc, src_uri)}) | {calc.question} |")
    return "\n".join(rows)


def _calc_reference(src_uri: str) -> str:
    """One section per calculator for the "Use from Python" page: question, link, fields, results."""
    parts = []
    for name, calc in calculators.CALCULATORS.items():
        result_type = typing.get_type_hints(calc.compute)["return"]
        parts.append(
            f"### {name}\n\n{calc.title}: {calc.question} [The calculator]({_doc_link(calc.doc, src_uri)}).\n\n"
            f"```sh\npython -m calculators run {name} inputs.json\n```\n\n"
            f"{field_table(calc.inputs)}\n\n{result_fields(result_type)}"
        )
    return "\n\n".join(parts)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    base = "../" * page.url.count("/")  # from this page's folder up to the site root
    src = page.file.src_uri
    markdown = GLOSSARY.sub(lambda m: _glossary(), markdown)
    markdown = CALC_INDEX.sub(lambda m: _calc_index(src), markdown)
    markdown = CALC_REFERENCE.sub(lambda m: _calc_reference(src), markdown)
    if any(not m.group(1) for m in SHORTCODE.finditer(markdown)):
        # main.html then starts Python from the <head>, before the page body has even been parsed.
        page.meta["calculator_wheel"] = _wheel["ref"]
        page.meta["calculator_snapshot"] = _wheel["snapshot_ref"]
    return SHORTCODE.sub(lambda m: _expand(m, base), markdown)


def on_page_content(content: str, page: Any, config: Any, files: Any) -> str:
    """Typeset the page's maths now, so readers download no maths JavaScript."""
    found = list(MATH.finditer(content))
    if not found:
        return content
    items = [{"tex": html.unescape(m.group(1) or m.group(2)).strip(), "display": m.group(2) is not None} for m in found]
    done = _node(KATEX_RENDER, stdin=json.dumps(items), failure=f"KaTeX could not typeset the maths on {page.file.src_uri}")
    rendered = iter(json.loads(done))
    return MATH.sub(lambda m: f'<div class="math">{next(rendered)}</div>' if m.group(2) is not None else next(rendered), content)


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.DOTALL)
CSP_PLACEHOLDER = "@@CONTENT_SECURITY_POLICY@@"
_inline_hashes: set[str] = set()


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Hash the theme's inline scripts, so the published policy can allow exactly them and no other."""
    for attrs, body in INLINE_SCRIPT.findall(output):
        if "application/json" not in attrs and body.strip():
            _inline_hashes.add("'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'")
    return output


def content_security_policy() -> str:
    """The tightest policy the built site works under: tested in the browser, published on the hosting page."""
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *sorted(_inline_hashes)])
    return (
        f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
    )


def on_post_build(config: Any) -> None:
    site = Path(config["site_dir"])
    policy = content_security_policy()
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if CSP_PLACEHOLDER in text:
            page.write_text(text.replace(CSP_PLACEHOLDER, html.escape(policy, quote=False)), encoding="utf-8")
    shutil.copytree(KATEX_DIR / "fonts", site / "assets" / "katex" / "fonts", dirs_exist_ok=True)
    shutil.copy2(KATEX_DIR / "katex.min.css", site / "assets" / "katex" / "katex.min.css")
    target = site / "assets" / "pyodide"
    target.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copy2(PYODIDE_DIR / name, target / name)
    _write_gzip(PYODIDE_DIR / "pyodide.asm.wasm", target / "pyodide.asm.wasm.gz")
    snapshot_target = site / _wheel["snapshot_site_path"]
    snapshot_target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(_wheel["snapshot_path"], snapshot_target)
    wheel_target = site / _wheel["site_path"]
    wheel_target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(_wheel["path"], wheel_target)


_gzipped: dict[tuple[str, float], bytes] = {}


def _write_gzip(source: Path, target: Path) -> None:
    """A gzipped copy any static server sends as is: the worker inflates it with DecompressionStream."""
    key = (str(source), source.stat().st_mtime)
    if key not in _gzipped:
        _gzipped[key] = gzip.compress(source.read_bytes(), compresslevel=9, mtime=0)
    target.write_bytes(_gzipped[key])
