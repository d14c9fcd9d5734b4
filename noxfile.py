"""The developer workflow, one session per step: build, serve, zip, pdf, tests, zensical, lint, bench, mutation."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import nox

nox.options.sessions = ["tests"]  # which runs the lint first
nox.options.default_venv_backend = "venv"

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")


def groups(*names: str) -> list[str]:
    """The requirements of pyproject.toml's dependency groups ``names``."""
    return [req for name in names for req in nox.project.dependency_groups(PYPROJECT, name)]

DIST = ROOT / "dist"
#: The download's and the PDF's name, as sitebuild.download gives it: the guide's name and the package's version.
VERSION = re.search(r'^__version__ = "([^"]+)"', (ROOT / "calculators" / "__init__.py").read_text(encoding="utf-8"), re.M)
DOWNLOAD = "the-walk-away-option-" + (VERSION.group(1) if VERSION else "unknown")
CHROMIUM = "/usr/bin/chromium"
# Material 9.8 prints an end-of-life banner about MkDocs 2 on every run; we stay on MkDocs 1.6.
ENV = {"NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}


#: Material for MkDocs' successor. The newest release the package index here serves whole: later ones need
#: zensical-ui, which it does not have.
ZENSICAL = "zensical==0.0.73"


def _npm(session: nox.Session) -> None:
    """node_modules/ as package-lock.json pins it: the browser runtime, KaTeX and the file:// search shim."""
    if shutil.which("npm") is None:
        session.error("npm is missing: install Node.js 20 or newer")
    session.run("npm", "ci", "--no-audit", "--no-fund", external=True)


def _build(session: nox.Session, *, tool: str = "mkdocs") -> Path:
    """Build the pages with MkDocs into site/ (or Zensical into site-zensical/, see zensical.yml), then finish them:
    the runtime vendored from npm, the calculators wheel, the memory snapshot and the content security policy."""
    _npm(session)
    if tool == "zensical":
        site = ROOT / "site-zensical"
        shutil.rmtree(site, ignore_errors=True)
        # --clean empties Zensical's cache of rendered pages, which would keep calculators rendered by older code.
        session.run("zensical", "build", "--clean", "--strict", "--config-file", "zensical.yml", env=ENV)
    else:
        site = ROOT / "site"
        session.run("mkdocs", "build", "--strict", "--clean", env=ENV)
    # Whichever tool built the pages: refuses pages the guide's Markdown extension or template did not reach.
    session.run("python", "-m", "sitebuild", "finish", str(site), env=ENV)
    return site


def _ensure_chromium(session: nox.Session) -> None:
    if Path(CHROMIUM).exists():
        return
    if os.geteuid() != 0:
        session.error(f"Chromium is missing: install Debian's package (sudo apt-get install chromium) so that {CHROMIUM} exists")
    session.log("Installing Debian's Chromium for the browser tests")
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]
    try:
        session.run(*install, external=True, env=env)
    except nox.command.CommandFailed:
        session.run("apt-get", "update", external=True, env=env)
        session.run(*install, external=True, env=env)


@nox.session
def build(session: nox.Session) -> None:
    """Build site/: complete and self-contained."""
    session.install("-e", ".", *groups("docs"))
    _build(session)


@nox.session
def serve(session: nox.Session) -> None:
    """Build, then serve site/ at http://127.0.0.1:8000."""
    session.install("-e", ".", *groups("docs"))
    _build(session)
    session.log("Serving the site at http://127.0.0.1:8000/ (Ctrl+C stops it)")
    session.run("python", "-m", "http.server", "8000", "--bind", "127.0.0.1", "--directory", "site", env=ENV)


def _zip(session: nox.Session) -> Path:
    """The guide built with zip.yml, finished, and packed for opening from disk."""
    session.run("python", "-m", "sitebuild.download", str(DIST), env=ENV)
    return DIST / f"{DOWNLOAD}.zip"


@nox.session(name="zip")
def download(session: nox.Session) -> None:
    """dist/the-walk-away-option-VERSION.zip: the whole guide for opening from disk, with search, and the
    calculators' wheel (see the hosting page)."""
    session.install("-e", ".", *groups("docs"))
    _npm(session)
    session.log(f"Written: {_zip(session)}")


@nox.session
def pdf(session: nox.Session) -> None:
    """Build site/, then print its one-page guide (print_page/) to dist/the-walk-away-option-VERSION.pdf with Chromium."""
    session.install("-e", ".", *groups("docs", "test"))
    _ensure_chromium(session)
    site = _build(session)
    session.run("python", "-m", "sitebuild.pdf", str(site), str(DIST / f"{DOWNLOAD}.pdf"), env=ENV)


@nox.session
def tests(session: nox.Session) -> None:
    """The whole suite: unit tests, command line, and headless Chromium against the built site and the download."""
    session.install("-e", ".", *groups("docs", "test", "lint"))
    _lint(session)  # seconds, and a red lint is a red test run
    _ensure_chromium(session)
    _build(session)
    # The download is built once here (about 25 s); tests/test_zip.py builds its own when run without one.
    download = _zip(session)
    session.run("pytest", *session.posargs, env=ENV | {"WALKAWAY_ZIP": str(download)})


@nox.session
def zensical(session: nox.Session) -> None:
    """Build the same site with Zensical instead of MkDocs, and run the site's and the browser's tests against it."""
    session.install("-e", ".", *groups("docs", "test"), ZENSICAL)
    _ensure_chromium(session)
    site = _build(session, tool="zensical")
    env = ENV | {"WALKAWAY_SITE": str(site)}
    session.run("pytest", "tests/test_build.py", "tests/test_guide.py", "tests/test_offline.py", "tests/test_zensical.py", *session.posargs, env=env)
    # The one-page guide comes from the print-site plugin, which Zensical drops, and the download is built with
    # MkDocs (Material's offline plugin): both are tested in `nox -s tests`.
    not_zensical = ["--ignore=tests/test_print.py", "--ignore=tests/test_zip.py"]
    session.run("pytest", "-m", "browser", *not_zensical, *session.posargs, env=env)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff on everything, mypy --strict on the calculators and the site build, node --test and tsc on the browser modules."""
    session.install("-e", ".", *groups("lint"))
    _lint(session)


def _lint(session: nox.Session) -> None:
    session.run("ruff", "check", ".")
    session.run("mypy", "--strict", "calculators", "sitebuild", "noxfile.py")
    # The browser modules: their pure helpers' unit tests, and their JSDoc types (TypeScript pinned in
    # tools/typecheck/; the worker's types need Pyodide's own, from node_modules/pyodide).
    session.run("node", "--test", "tests/js/", external=True)
    if not (ROOT / "node_modules" / "pyodide" / "pyodide.d.ts").is_file():
        _npm(session)
    session.run("npm", "ci", "--no-audit", "--no-fund", "--prefix", "tools/typecheck", external=True)
    tsc = str(ROOT / "tools" / "typecheck" / "node_modules" / ".bin" / "tsc")
    session.run(tsc, "-p", "tsconfig.json", external=True)
    session.run(tsc, "-p", "tsconfig.worker.json", external=True)


@nox.session
def bench(session: nox.Session) -> None:
    """Build, then time the site in headless Chromium against bare loadPyodide(): prints the targets, writes bench/results.json."""
    session.install("-e", ".", *groups("docs", "test"))
    _ensure_chromium(session)
    _build(session)
    session.run("python", "bench/run.py", env=ENV)


@nox.session
def lighthouse(session: nox.Session) -> None:
    """Build, then run Lighthouse (npm, pinned in tools/lighthouse/) with Debian's Chromium on every page, mobile
    defaults; scores in test-results/lighthouse/summary.md. `-- --compress` measures a host that gzips text."""
    session.install("-e", ".", *groups("docs", "test"))
    _ensure_chromium(session)
    site = _build(session)
    session.run("npm", "ci", "--no-audit", "--no-fund", "--prefix", "tools/lighthouse", external=True)
    session.run("python", "tools/lighthouse.py", str(site), *session.posargs, env=ENV)


@nox.session
def mutation(session: nox.Session) -> None:
    """Mutation testing of the models and the validator (mutmut, unit tests only): the share of mutants caught, by kind."""
    session.install("-e", ".", *groups("test"), "mutmut>=3.8,<4")
    session.run("mutmut", "run", *session.posargs, env=ENV)
    report = session.run("mutmut", "results", "--all", "true", silent=True, env=ENV)
    Path("bench/mutation-results.txt").write_text(str(report), encoding="utf-8")
    session.run("python", "tools/mutation_report.py", "bench/mutation-results.txt")


@nox.session
def screenshots(session: nox.Session) -> None:
    """Build, then save every calculator page at 360 and 1280 px wide in test-results/screenshots/, with an index.html
    that shows them side by side."""
    session.install("-e", ".", *groups("docs", "test"))
    _ensure_chromium(session)
    _build(session)
    out = ROOT / "test-results" / "screenshots"
    env = {**ENV, "WALKAWAY_SCREENSHOTS": str(out)}
    session.run("pytest", "-q", "-p", "no:cacheprovider", "tests/test_browser_layout.py", "-k", "test_screenshots", env=env)
    session.log(f"Screenshots: {out / 'index.html'}")
