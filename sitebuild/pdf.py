"""The guide on paper: print the built site's one-page guide (``print_page/``, the print-site plugin) to a PDF.

``python -m sitebuild.pdf SITE_DIR OUT.pdf`` serves the built site on 127.0.0.1, opens the page in the same
Debian Chromium the tests use (Playwright, never a browser it downloads), lets it settle in print media (the
theme opens every collapsed block for print) and saves it as the stylesheet's pages (A4, numbered). The page may reach nothing
but that server; Python is not started, since paper shows the results the build computed.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sitebuild import BuildError

CHROMIUM = os.environ.get("WALKAWAY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync")
#: The one-page guide, in a build with directory URLs (site/) or without them (the download).
PRINT_PAGES = ("print_page/index.html", "print_page.html")
#: What only a live calculator fetches: never needed on paper.
RUNTIME = ("assets/pyodide/", "assets/snapshots/", "assets/wheels/")


def print_page(site: Path) -> str:
    """The one-page guide's path in ``site``."""
    for candidate in PRINT_PAGES:
        if (site / candidate).is_file():
            return candidate.removesuffix("index.html")
    raise BuildError(f"{site} has no one-page guide ({' or '.join(PRINT_PAGES)}): is the print-site plugin in mkdocs.yml?")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def served(site: Path) -> Iterator[str]:
    """``site`` on a free port of 127.0.0.1, as ``http://127.0.0.1:PORT/``."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def open_for_print(browser: Any, url: str) -> Any:
    """A page at ``url`` in print media, settled, that may fetch from its own origin only and never Python."""
    origin = url.split("/", 3)[:3]
    context = browser.new_context()

    def route(r: Any) -> None:
        target = r.request.url
        local = target.split("/", 3)[:3] == origin
        if local and not any(f"/{part}" in target for part in RUNTIME):
            r.continue_()
        else:
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.emulate_media(media="print")
    page.goto(url, wait_until="load")
    # The theme opens collapsed blocks when print media applies; fonts and layout settle before the snapshot.
    page.wait_for_function("[...document.querySelectorAll('details')].every((d) => d.open)")
    page.evaluate("document.fonts.ready")
    return page


def save_pdf(page: Any, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    page.pdf(
        path=str(out),
        prefer_css_page_size=True,
        print_background=True,
        outline=True,
        tagged=True,
    )
    return out


def make_pdf(site: Path, out: Path) -> Path:
    """Print ``site``'s one-page guide to ``out``."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file():
        raise BuildError(f"Chromium is missing at {CHROMIUM}: install Debian's package (apt-get install chromium)")
    path = print_page(site)
    with served(site) as root, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS), headless=True)
        try:
            save_pdf(open_for_print(browser, root + path), out)
        finally:
            browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitebuild.pdf", description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built and finished site (site/)")
    parser.add_argument("out", type=Path, help="the PDF to write")
    args = parser.parse_args(argv)
    try:
        out = make_pdf(args.site, args.out)
    except BuildError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"{out}: {out.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
