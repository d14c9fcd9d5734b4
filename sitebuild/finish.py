"""The finishing step: make a built site directory the complete, offline guide, whichever site generator built it.

``python -m sitebuild finish SITE_DIR`` runs after ``mkdocs build`` (or
``zensical build``). It

1. refuses a site whose pages still hold a shortcode or untypeset maths (the
   Markdown extension did not run) or whose calculator pages lack the boot tags
   (``overrides/main.html`` did not apply);
2. builds the calculators into a pure-Python wheel with the project's build
   backend, hatchling, in-process;
3. makes the Pyodide memory snapshot in Node (``snapshot.mjs``), with the
   calculators already imported and warmed up;
4. copies the files ``loadPyodide()`` reads from the npm package ``pyodide``,
   gzipped copies of its wasm, JavaScript and lock file, and KaTeX's stylesheet
   and fonts;
5. publishes the wheel and the snapshot (without its all-zero pages, see
   ``sparse.py``, then gzipped) under folders named by their hashes, and names
   them, with their full SHA-256, in the pages;
6. hashes the pages' inline scripts into the content security policy, writes
   the policy where the hosting page asks for it (for hosts that send it as a
   header), and puts it in a ``<meta http-equiv>`` at the top of every page's
   ``<head>``, so that it also holds where no header is sent: ``python -m
   http.server``, a USB stick, most classroom hosts; and gives each drop-down
   list the id its label names where the one-page guide renamed only the label
   (``labels_find_their_lists``);
7. checks the result (``check_site``), as ``python -m sitebuild check`` does;
8. writes the service worker that keeps the guide for offline reading
   (``serviceworker.py``), last, since it lists every file of the site.

Everything is read from the project and the site directory given; nothing is
kept between runs.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import json
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sitebuild import (
    CALCULATOR_MARK,
    CSP_PLACEHOLDER,
    ROOT,
    SNAPSHOT_PLACEHOLDER,
    WHEEL_PLACEHOLDER,
    BuildError,
    maths,
    shortcodes,
    sparse,
)
from sitebuild.node import run_node
from sitebuild.serviceworker import write_service_worker

#: The files ``loadPyodide()`` fetches; the rest of the npm package (source maps, consoles) stays out.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
#: Those the worker fetches gzipped, from a copy next to the original (plain static servers do not compress).
GZIPPED = ("pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide-lock.json")
SNAPSHOT_MAKER = Path(__file__).with_name("snapshot.mjs")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.DOTALL)
BOOT_TAG = '<meta name="walkaway-wheel"'
#: A site path with its SHA-256, as the pages name the wheel and the snapshot.
HASHED_REF = re.compile(r'"([^"#\s]+)#sha256=([0-9a-f]{64})"')
META_CHARSET = re.compile(r"<meta charset=[^>]*>", re.IGNORECASE)
LABEL_FOR = re.compile(r'<label\b[^>]*\bfor="([^"]+)"', re.IGNORECASE)
ELEMENT_ID = re.compile(r'\bid="([^"]+)"')
SELECT_ID = re.compile(r'(<select\b[^>]*\bid=")([^"]+)(")', re.IGNORECASE)
HEAD = re.compile(r"<head[^>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class Published:
    """What a finished site names: the wheel's and the snapshot's references, and the content security policy."""

    wheel: str
    snapshot: str
    policy: str


def _pages(site: Path) -> dict[Path, str]:
    if not (site / "index.html").is_file():
        raise BuildError(f"{site} is not a built site: it has no index.html")
    return {path: path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.html"))}


def _unprocessed(site: Path, pages: dict[Path, str]) -> list[str]:
    """What shows that the Markdown extension or the template override did not run."""
    problems = []
    for path, text in pages.items():
        name = path.relative_to(site).as_posix()
        if found := shortcodes.LEFTOVER.search(text):
            problems.append(f"{name}: the shortcode {text[found.start() : found.start() + 40]!r}... was not expanded")
        if maths.LEFTOVER.search(text):
            problems.append(f"{name}: its maths was not typeset")
        if CALCULATOR_MARK in text and BOOT_TAG not in text:
            problems.append(f"{name}: a page with a calculator lacks {BOOT_TAG}> (overrides/main.html)")
    return problems


def _refuse(problems: list[str], advice: str) -> None:
    if problems:
        shown = "\n  ".join(problems[:20]) + (f"\n  ...and {len(problems) - 20} more" if len(problems) > 20 else "")
        raise BuildError(f"{advice}:\n  {shown}")


def _sources(project: Path) -> tuple[Path, Path]:
    """node_modules' pyodide and katex/dist, or a build error that says to install them."""
    pyodide, katex = project / "node_modules" / "pyodide", project / "node_modules" / "katex" / "dist"
    wanted = [pyodide / name for name in (*PYODIDE_FILES, "package.json")] + [katex / "katex.min.css", katex / "fonts"]
    missing = [str(path.relative_to(project)) for path in wanted if not path.exists()]
    _refuse(missing, "The browser runtime's files are missing: run `npm ci` first")
    return pyodide, katex


def build_wheel(project: Path, out: Path) -> Path:
    """The calculators as a pure-Python wheel, built by hatchling in-process from ``project`` (no change of directory)."""
    from hatchling.builders.wheel import WheelBuilder

    built = [Path(p) for p in WheelBuilder(str(project)).build(directory=str(out), versions=["standard"])]
    if len(built) != 1 or not built[0].name.endswith("-py3-none-any.whl"):
        raise BuildError(f"the calculators wheel must be one pure-Python (py3-none-any) wheel, got {[p.name for p in built]}")
    with zipfile.ZipFile(built[0]) as wheel:
        tops = {name.split("/")[0] for name in wheel.namelist()}
    stray = sorted(top for top in tops if top != "calculators" and not top.endswith(".dist-info"))
    if stray:
        raise BuildError(
            f"the wheel must hold the calculators package only, not {stray} (pyproject.toml, [tool.hatch.build.targets.wheel])"
        )
    return built[0]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _publish(site: Path, site_path: str, data: bytes) -> None:
    target = site / site_path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _gzip(data: bytes) -> bytes:
    """Gzip that any static server sends as is: the worker inflates it with DecompressionStream."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def content_security_policy(pages: Iterable[str]) -> str:
    """The tightest policy the built site works under: its own scripts, wasm, and exactly the inline scripts it has.

    ``blob:`` lets the Python worker import Pyodide's JavaScript from the gzipped copy it inflated (a blob: URL is
    same-origin, and only a script already running here can make one); without it the worker imports the original.
    """
    hashes = set()
    for page in pages:
        for attrs, body in INLINE_SCRIPT.findall(page):
            if "application/json" not in attrs and body.strip():
                hashes.add("'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'")
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *sorted(hashes), "blob:"])
    return (
        f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
    )


def meta_policy(policy: str) -> str:
    """The policy as a ``<meta http-equiv>`` tag: without ``frame-ancestors``, which browsers ignore in a meta tag."""
    directives = [d for d in policy.split("; ") if not d.startswith("frame-ancestors")]
    return f'<meta http-equiv="Content-Security-Policy" content="{html.escape("; ".join(directives), quote=True)}">'


def with_meta_policy(page: str, tag: str) -> str:
    """``page`` with ``tag`` first in its ``<head>`` (after the charset, which must come first), before any script."""
    found = META_CHARSET.search(page) or HEAD.search(page)
    if not found:
        return page
    return page[: found.end()] + tag + page[found.end() :]


def labels_find_their_lists(page: str) -> str:
    """Give each drop-down list back the id its label names, where a page-joining tool renamed one and not the other.

    The one-page guide (mkdocs-print-site-plugin) prefixes the ids of inputs and the ``for`` of labels with the
    page's name, so that two pages' forms do not collide, but leaves ``<select>`` ids as they were: the plan's
    lists then had no label a screen reader could find. A list is renamed only when exactly one dangling label
    ends with ``-`` and its id, and no other element has that new id already.
    """
    ids = set(ELEMENT_ID.findall(page))
    dangling = list(dict.fromkeys(name for name in LABEL_FOR.findall(page) if name not in ids))
    if not dangling:
        return page

    def rename(match: re.Match[str]) -> str:
        found = [name for name in dangling if name.endswith("-" + match.group(2))]
        if len(found) != 1 or found[0] in ids:
            return match.group(0)
        return f"{match.group(1)}{found[0]}{match.group(3)}"

    return SELECT_ID.sub(rename, page)


def finish(site: Path, *, project: Path = ROOT, log: bool = False) -> Published:
    """Complete the site built in ``site`` from the project in ``project``; see the module's docstring."""
    say = print if log else (lambda *args: None)
    pages = _pages(site)
    _refuse(_unprocessed(site, pages), "The site was built without the guide's Markdown extension or template")
    if not any(CSP_PLACEHOLDER in text for text in pages.values()):
        raise BuildError(f"no page asks for the content security policy ({CSP_PLACEHOLDER}): was this site finished already?")
    pyodide, katex = _sources(project)

    with tempfile.TemporaryDirectory(prefix="walkaway-build-") as tmp:
        work = Path(tmp)
        wheel = build_wheel(project, work)
        wheel_bytes = wheel.read_bytes()
        digest = _sha256(wheel_bytes)
        # A folder named by the content makes a new build a new URL, so no cache serves a stale package;
        # the full hash lets the browser check the bytes before using them.
        wheel_path = f"assets/wheels/{digest[:16]}/{wheel.name}"
        _publish(site, wheel_path, wheel_bytes)
        say(f"wheel: {wheel_path}")

        raw = work / "snapshot.bin"
        made = run_node(
            SNAPSHOT_MAKER,
            str(pyodide),
            str(wheel),
            str(raw),
            failure="the Pyodide memory snapshot could not be made",
            timeout=300,
        )
        snapshot = raw.read_bytes()
    version = json.loads((pyodide / "package.json").read_text(encoding="utf-8"))["version"]
    snapshot = sparse.pack(snapshot)  # its all-zero pages left out: the worker puts them back
    snapshot_digest = _sha256(snapshot)
    # The browser checks the SHA-256 of the inflated snapshot, whatever the server does to the transfer.
    snapshot_path = f"assets/snapshots/{snapshot_digest[:16]}/pyodide-{version}-calculators.snapshot.gz"
    _publish(site, snapshot_path, _gzip(snapshot))
    say(f"snapshot: {snapshot_path} {made.strip()}")

    runtime = site / "assets" / "pyodide"
    runtime.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copy2(pyodide / name, runtime / name)
    for name in GZIPPED:
        (runtime / f"{name}.gz").write_bytes(_gzip((pyodide / name).read_bytes()))
    shutil.copytree(katex / "fonts", site / "assets" / "katex" / "fonts", dirs_exist_ok=True)
    shutil.copy2(katex / "katex.min.css", site / "assets" / "katex" / "katex.min.css")

    wheel_ref, snapshot_ref = f"{wheel_path}#sha256={digest}", f"{snapshot_path}#sha256={snapshot_digest}"
    named = {
        path: text.replace(WHEEL_PLACEHOLDER, wheel_ref).replace(SNAPSHOT_PLACEHOLDER, snapshot_ref)
        for path, text in pages.items()
    }
    policy = content_security_policy(named.values())
    tag = meta_policy(policy)
    for path, text in named.items():
        text = with_meta_policy(text.replace(CSP_PLACEHOLDER, html.escape(policy, quote=False)), tag)
        text = labels_find_their_lists(text)
        if text != pages[path]:
            path.write_text(text, encoding="utf-8")
    say(f"policy: {policy}")
    check_site(site)
    write_service_worker(site)  # last: it lists every file the site now has
    return Published(wheel=wheel_ref, snapshot=snapshot_ref, policy=policy)


def check_site(site: Path) -> None:
    """Refuse a site that is not complete: every page processed, every placeholder filled, every named file there and intact."""
    pages = _pages(site)
    problems = _unprocessed(site, pages)
    for path, text in pages.items():
        name = path.relative_to(site).as_posix()
        problems += [
            f"{name}: {p} was not replaced" for p in (WHEEL_PLACEHOLDER, SNAPSHOT_PLACEHOLDER, CSP_PLACEHOLDER) if p in text
        ]
    problems += [
        f"{path.relative_to(site).as_posix()}: no content security policy in its <head>"
        for path, text in pages.items()
        if 'http-equiv="Content-Security-Policy"' not in text.split("</head>", 1)[0]
    ]
    runtime = [f"assets/pyodide/{name}" for name in (*PYODIDE_FILES, *(f"{n}.gz" for n in GZIPPED))]
    runtime.append("assets/katex/katex.min.css")
    problems += [f"{path} is missing" for path in runtime if not (site / path).is_file()]
    if not list((site / "assets" / "katex" / "fonts").glob("*.woff2")):
        problems.append("assets/katex/fonts/ has no fonts")
    refs = {ref for text in pages.values() for ref in HASHED_REF.findall(text)}
    for site_path, digest in sorted(refs):
        target = site / site_path
        if not target.is_file():
            problems.append(f"{site_path} is named by a page but missing")
            continue
        data = target.read_bytes()
        if site_path.endswith(".gz"):
            data = gzip.decompress(data)
        if _sha256(data) != digest:
            problems.append(f"{site_path} does not have the SHA-256 its pages name")
    if any(CALCULATOR_MARK in text for text in pages.values()) and not any(p.endswith(".whl") for p, _ in refs):
        problems.append("the calculator pages name no wheel")
    _refuse(problems, f"{site} is not a complete site")
