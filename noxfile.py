"""The developer workflow, one session per step: build, serve, tests, lint, bench, mutation."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

nox.options.sessions = ["lint", "tests"]
nox.options.default_venv_backend = "venv"

ROOT = Path(__file__).parent
CHROMIUM = "/usr/bin/chromium"
# Material 9.8 prints an end-of-life banner about MkDocs 2 on every run; we stay on MkDocs 1.6.
ENV = {"NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}


def _build(session: nox.Session) -> None:
    """Vendor the browser runtime from npm, then build site/ with the calculators pre-rendered."""
    if shutil.which("npm") is None:
        session.error("npm is missing: install Node.js 20 or newer")
    session.run("npm", "ci", "--no-audit", "--no-fund", external=True)
    session.run("mkdocs", "build", "--strict", "--clean", env=ENV)


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
    session.install("-e", ".[docs]")
    _build(session)


@nox.session
def serve(session: nox.Session) -> None:
    """Build, then serve site/ at http://127.0.0.1:8000."""
    session.install("-e", ".[docs]")
    _build(session)
    session.log("Serving the site at http://127.0.0.1:8000/ (Ctrl+C stops it)")
    session.run("python", "-m", "http.server", "8000", "--bind", "127.0.0.1", "--directory", "site", env=ENV)


@nox.session
def tests(session: nox.Session) -> None:
    """The whole suite: unit tests, command line, and headless Chromium against the built site."""
    session.install("-e", ".[docs,test]")
    _ensure_chromium(session)
    _build(session)
    session.run("pytest", *session.posargs, env=ENV)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff on everything, and mypy --strict on the calculators package."""
    session.install("-e", ".[lint]")
    session.run("ruff", "check", ".")
    session.run("mypy", "--strict", "calculators")


@nox.session
def bench(session: nox.Session) -> None:
    """Build, then time the site in headless Chromium against bare loadPyodide(): prints the targets, writes bench/results.json."""
    session.install("-e", ".[docs,test]")
    _ensure_chromium(session)
    _build(session)
    session.run("python", "bench/run.py", env=ENV)


@nox.session
def mutation(session: nox.Session) -> None:
    """Mutation testing of the models and the validator (mutmut, unit tests only): the share of mutants caught, by kind."""
    session.install("-e", ".[test]", "mutmut>=3.8,<4")
    session.run("mutmut", "run", *session.posargs, env=ENV)
    report = session.run("mutmut", "results", "--all", "true", silent=True, env=ENV)
    Path("bench/mutation-results.txt").write_text(str(report), encoding="utf-8")
    session.run("python", "tools/mutation_report.py", "bench/mutation-results.txt")
