"""Shared fixtures: the built site served on 127.0.0.1, and headless Chromium that may only talk to it."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
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


@pytest.fixture(scope="session")
def server(site_dir: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    httpd = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: install Debian's package with `apt-get install chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class OffOrigin(list[str]):
    """Every request that tried to leave the test server."""


@pytest.fixture
def off_origin() -> OffOrigin:
    return OffOrigin()


@pytest.fixture
def context(browser: Any, server: str, off_origin: OffOrigin) -> Iterator[Any]:
    """A fresh browser context whose every request is routed: the test server only, all else aborted and recorded."""
    allowed = urlsplit(server).netloc
    ctx = browser.new_context()

    def route(r: Any) -> None:
        url = r.request.url
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc == allowed or parts.scheme in ("data", "blob"):
            r.continue_()
        else:
            off_origin.append(url)
            r.abort()

    ctx.route("**/*", route)
    # Workers' requests are not seen by context routes in every Playwright version: watch them too.
    ctx.on(
        "request",
        lambda req: (
            None
            if urlsplit(req.url).netloc == allowed or urlsplit(req.url).scheme in ("data", "blob")
            else off_origin.append(req.url)
        ),
    )
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
