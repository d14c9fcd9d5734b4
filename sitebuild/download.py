"""The guide as one download: a versioned zip of the whole guide, for opening from disk.

``python -m sitebuild.download OUT_DIR`` builds ``zip.yml`` with MkDocs (the guide's pages, with Material's
offline plugin) into a temporary folder, finishes it (``python -m sitebuild finish``), then packs it.
With ``--site SITE_DIR`` it packs a finished build of ``zip.yml`` that is already there. Packing

1. copies the iframe-worker shim (npm ``iframe-worker``, which Material's offline plugin would otherwise load
   from a CDN) to where ``zip.yml`` lists it, and refuses a page that still names another origin's script;
2. puts, after every calculator's status line, one sentence on making it live from the same folder, and a
   stylesheet that shows that sentence only when the page is opened from disk (``boot.js`` marks the
   calculator ``data-state="file"`` there);
3. copies the calculators' wheel, as the site publishes it, to the folder's top, where one ``pip install`` line
   finds it with no package index;
4. writes ``OUT_DIR/the-walk-away-option-VERSION.zip``, its files under one folder of the same name, in a
   fixed order with fixed dates, so that the same build gives the same bytes.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from sitebuild import CALCULATOR_MARK, ROOT, BuildError
from sitebuild.finish import check_site, finish

NAME = "the-walk-away-option"
SHIM = "assets/javascripts/iframe-worker/shim.js"
NOTE_STYLESHEET = "assets/stylesheets/offline-download.css"
#: How to get the live calculators and the command line from the unzipped folder, with what a classroom has.
SERVE_COMMAND = "python -m http.server"
PIP_COMMAND = "pip install --no-index --find-links . walkaway-calculators"
NOTE = (
    '<p class="calc-offline-note">To make this calculator live, open a terminal in the unzipped folder, run '
    f"<code>{SERVE_COMMAND}</code> and visit <code>http://localhost:8000/</code>; "
    f"for the command line, <code>{PIP_COMMAND}</code> in the same folder.</p>"
)
STYLE = """/* Written by sitebuild.download: the note on making a calculator live, shown only when opened from disk. */
.calc-offline-note { display: none; margin: 0.5em 0; }
.calc[data-state="file"] .calc-offline-note { display: block; }
"""
STATUS = re.compile(r'<p class="calc-status"[^>]*>.*?</p>', re.DOTALL)
#: A script or stylesheet from another origin: Material's offline plugin adds the shim from a CDN unless told otherwise.
ELSEWHERE = re.compile(
    r"""<script\b[^>]*\bsrc=["']?(?:https?:)?//|<link\b(?![^>]*\brel=["']?(?:canonical|alternate)\b)[^>]*\bhref=["']?(?:https?:)?//""",
    re.IGNORECASE,
)
WHEEL = re.compile(r'data-wheel="([^"#]+\.whl)#')


def version(project: Path = ROOT) -> str:
    """The package version, written once as ``calculators.__version__``: it names the zip."""
    found = re.search(r'^__version__ = "([^"]+)"', (project / "calculators" / "__init__.py").read_text(encoding="utf-8"), re.M)
    if not found:
        raise BuildError("calculators/__init__.py has no __version__")
    return found.group(1)


def _vendor_shim(site: Path, project: Path) -> None:
    package = project / "node_modules" / "iframe-worker"
    if not (package / "shim" / "index.js").is_file():
        raise BuildError("node_modules/iframe-worker is missing: run `npm ci` first")
    target = site / SHIM
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(package / "shim" / "index.js", target)
    shutil.copy2(package / "LICENSE", target.with_name("LICENSE"))


#: The policy every page of the site carries in its <head> (sitebuild.finish.meta_policy).
META_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>')


def _without_meta_policy(site: Path) -> None:
    """The download's pages go without the policy's meta tag. Opened from disk, the theme's search runs its worker
    through the iframe-worker shim, which writes an inline script into an iframe, and the policy refuses it: search
    would not work. From disk no calculator runs either (browsers run no module script from ``file://``), so no
    link's fragment is ever read by our code there. Served over http, the published site keeps the tag."""
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        stripped = META_POLICY.sub("", text, count=1)
        if stripped != text:
            path.write_text(stripped, encoding="utf-8")


def _add_notes(site: Path) -> Path:
    """The note after each calculator's status line, and its stylesheet; returns the wheel the pages name."""
    (site / NOTE_STYLESHEET).write_text(STYLE, encoding="utf-8")
    wheels: set[str] = set()
    problems = []
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(site).as_posix()
        if found := ELSEWHERE.search(text):
            problems.append(f"{name}: {text[found.start() : found.end() + 40]!r}")
        if CALCULATOR_MARK not in text:
            continue
        wheels.update(WHEEL.findall(text))
        depth = len(path.relative_to(site).parts) - 1
        link = f'<link rel="stylesheet" href="{"../" * depth}{NOTE_STYLESHEET}">'
        noted = STATUS.sub(lambda m: m.group(0) + NOTE, text)
        if noted == text:
            problems.append(f"{name}: a calculator without a status line")
        path.write_text(noted.replace("</head>", f"{link}</head>", 1), encoding="utf-8")
    if problems:
        raise BuildError("The download is not self-contained:\n  " + "\n  ".join(problems))
    if len(wheels) != 1:
        raise BuildError(f"the calculator pages must name one wheel, not {sorted(wheels)}")
    return site / wheels.pop()


def _write_zip(site: Path, out: Path, folder: str) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".partial")
    with zipfile.ZipFile(partial, "w") as archive:
        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            # Already compressed (gzip, wheels, fonts): stored as they are, which also keeps packing fast.
            stored = path.suffix in (".gz", ".whl", ".woff2", ".woff", ".zip", ".png")
            info = zipfile.ZipInfo(f"{folder}/{path.relative_to(site).as_posix()}", date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compresslevel=6)
    partial.replace(out)


def package(site: Path, out_dir: Path, *, project: Path = ROOT) -> Path:
    """Make the finished ``zip.yml`` build in ``site`` a download; returns the zip written in ``out_dir``."""
    check_site(site)
    if not (site / "search" / "search_index.js").is_file():
        raise BuildError(f"{site} was not built with zip.yml: it has no search/search_index.js (the offline plugin)")
    _vendor_shim(site, project)
    _without_meta_policy(site)
    wheel = _add_notes(site)
    shutil.copy2(wheel, site / wheel.name)
    folder = f"{NAME}-{version(project)}"
    out = out_dir / f"{folder}.zip"
    _write_zip(site, out, folder)
    return out


def build(out_dir: Path, *, project: Path = ROOT) -> Path:
    """Build ``zip.yml``, finish it and pack it; returns the zip written in ``out_dir``."""
    with tempfile.TemporaryDirectory(prefix="walkaway-download-") as tmp:
        site = Path(tmp) / "site"
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(project / "zip.yml"), "-d", str(site)]
        env = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
        done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise BuildError(f"mkdocs could not build zip.yml:\n{done.stdout}{done.stderr}")
        finish(site, project=project)
        return package(site, out_dir, project=project)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitebuild.download", description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="where to write the-walk-away-option-VERSION.zip")
    parser.add_argument("--site", type=Path, help="pack this finished build of zip.yml instead of building one")
    args = parser.parse_args(argv)
    try:
        out = package(args.site, args.out_dir) if args.site else build(args.out_dir)
    except BuildError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"{out}: {out.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
