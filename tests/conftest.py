"""Shared fixtures: the built site served on 127.0.0.1, and headless Chromium that may only talk to it."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import settings

# The test command explores the same examples on every run, so that a run is red only for a change, never for a new
# draw; a developer who wants fresh examples sets HYPOTHESIS_PROFILE=explore.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

ROOT = Path(__file__).resolve().parents[1]
SITE = Path(os.environ.get("WALKAWAY_SITE", ROOT / "site"))
CHROMIUM = os.environ.get("WALKAWAY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
#: Pyodide boots in 3-6 s on a quiet 2-core machine; leave room for a loaded one.
BOOT_TIMEOUT_MS = 90_000


def nav_pages() -> set[str]:
    """Every Markdown source the navigation lists, read from mkdocs.yml as MkDocs and Zensical read it (its
    Calculators section is made by sitebuild.nav, through a Python tag)."""
    from mkdocs.utils.yaml import yaml_load

    with (ROOT / "mkdocs.yml").open("rb") as f:
        nav = yaml_load(f)["nav"]
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, str):
            found.add(node)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)

    walk(nav)
    return found


def published_policy(site_dir: Path) -> str:
    """The Content-Security-Policy the built hosting page publishes: the one the tests serve."""
    import html
    import re

    text = (site_dir / "hosting" / "index.html").read_text(encoding="utf-8")
    found = re.search(r"Content-Security-Policy: ([^<\n]+)", text)
    assert found, "the hosting page publishes no Content-Security-Policy"
    return html.unescape(found.group(1)).strip()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extra_headers: dict[str, str] = {}

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # the browser closing a connection mid-download is normal, not a test failure


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE / "index.html").is_file():
        pytest.fail(f"no built site at {SITE}; build it first with `nox -s build`")
    return SITE


#: host:port of every test server this run started: the only places a page may reach.
TEST_SERVERS: set[str] = set()


def _serve(directory: Path, handler_class: type[_QuietHandler]) -> tuple[_Server, str]:
    httpd = _Server(("127.0.0.1", 0), functools.partial(handler_class, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    TEST_SERVERS.add(f"127.0.0.1:{httpd.server_address[1]}")
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


@pytest.fixture(scope="session")
def server(site_dir: Path) -> Iterator[str]:
    httpd, url = _serve(site_dir, _QuietHandler)
    yield url
    httpd.shutdown()


@pytest.fixture(scope="session")
def csp_server(site_dir: Path) -> Iterator[str]:
    """The same site, sent with the Content-Security-Policy the hosting page publishes."""
    policy = published_policy(site_dir)
    handler = type("_CspHandler", (_QuietHandler,), {"extra_headers": {"Content-Security-Policy": policy}})
    httpd, url = _serve(site_dir, handler)
    yield url
    httpd.shutdown()


@pytest.fixture(scope="session")
def subpath_server(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same site published under a sub-path: /a/b/."""
    root = tmp_path_factory.mktemp("subpath")
    (root / "a").mkdir()
    (root / "a" / "b").symlink_to(site_dir.resolve(), target_is_directory=True)
    httpd, url = _serve(root, _QuietHandler)
    yield url + "a/b/"
    httpd.shutdown()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Any]:
    """One Playwright for the whole run (a second sync_playwright() cannot start inside the first)."""
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: install Debian's package with `apt-get install chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Any) -> Iterator[Any]:
    b = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield b
    b.close()


class OffOrigin(list[str]):
    """Every request that tried to leave the test server."""


@pytest.fixture
def off_origin() -> OffOrigin:
    return OffOrigin()


def _routed_context(browser: Any, off_origin: OffOrigin, *, bypass_csp: bool) -> Any:
    """A fresh browser context whose every request is routed: the test servers only, all else aborted and recorded."""
    ctx = browser.new_context(bypass_csp=bypass_csp)

    def allowed(url: str) -> bool:
        parts = urlsplit(url)
        return (parts.scheme == "http" and parts.netloc in TEST_SERVERS) or parts.scheme in ("data", "blob")

    def route(r: Any) -> None:
        if allowed(r.request.url):
            r.continue_()
        else:
            off_origin.append(r.request.url)
            r.abort()

    ctx.route("**/*", route)
    # Also watch every request event, in case a route misses one (e.g. from a worker).
    ctx.on("request", lambda req: None if allowed(req.url) else off_origin.append(req.url))
    return ctx


@pytest.fixture
def context(browser: Any, server: str, off_origin: OffOrigin) -> Iterator[Any]:
    """A routed context for the harness. Every page carries the content security policy in a meta tag, and the policy
    forbids eval, which Playwright uses to poll a string predicate (``wait_for_function``) and to inject axe; so this
    context bypasses the policy. The policy itself is tested in :func:`csp_context`, which does not."""
    ctx = _routed_context(browser, off_origin, bypass_csp=True)
    yield ctx
    ctx.close()
    assert list(off_origin) == [], f"requests left the test server: {list(off_origin)}"


@pytest.fixture
def csp_context(browser: Any, server: str, off_origin: OffOrigin) -> Iterator[Any]:
    """A routed context that keeps the pages' content security policy: what a reader's browser does."""
    ctx = _routed_context(browser, off_origin, bypass_csp=False)
    yield ctx
    ctx.close()
    assert list(off_origin) == [], f"requests left the test server: {list(off_origin)}"


@pytest.fixture
def page(context: Any) -> Any:
    pg = context.new_page()
    pg.set_default_timeout(BOOT_TIMEOUT_MS)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.page_errors = errors
    return pg


def eventually(page: Any, script: str, arg: Any = None, timeout_ms: float = BOOT_TIMEOUT_MS) -> None:
    """Wait until a (possibly async) script is true in the page, polling with ``evaluate``: unlike ``wait_for_function``,
    which evaluates a string predicate with eval, it works under the pages' content security policy, and awaits promises."""
    deadline = time.monotonic() + timeout_ms / 1000
    # An evaluate has no timeout of its own: a promise that never settles (a service worker call held by the
    # browser) counts as false after 10 s, and is asked again, so the deadline holds.
    bounded = f"async (arg) => Promise.race([({script})(arg), new Promise((done) => setTimeout(() => done(false), 10000))])"
    while not page.evaluate(bounded, arg):
        assert time.monotonic() < deadline, f"still false: {script}"
        page.wait_for_timeout(100)
