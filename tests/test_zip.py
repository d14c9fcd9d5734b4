"""The guide as one download (`nox -s zip`): opened from disk with search working, then served from the same folder.

The tests session builds the zip once and names it in WALKAWAY_ZIP; without it, this module builds its own.
"""

from __future__ import annotations

import html
import os
import re
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from mkdocs.utils.yaml import yaml_load

from sitebuild import download
from tests.conftest import BOOT_TIMEOUT_MS, ROOT

FOLDER = f"{download.NAME}-{download.version()}"


@pytest.fixture(scope="module")
def guide_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("WALKAWAY_ZIP")
    if given:
        if not Path(given).is_file():
            pytest.fail(f"WALKAWAY_ZIP names no file: {given}")
        return Path(given)
    return download.build(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def unzipped(guide_zip: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(guide_zip) as archive:
        archive.extractall(where)
    return where / FOLDER


def test_the_zip_is_named_by_the_version_and_holds_one_folder(guide_zip: Path) -> None:
    assert guide_zip.name == f"{FOLDER}.zip"
    with zipfile.ZipFile(guide_zip) as archive:
        names = archive.namelist()
    assert {name.split("/")[0] for name in names} == {FOLDER}
    assert f"{FOLDER}/index.html" in names


def test_the_download_config_is_the_site_plus_the_offline_plugin() -> None:
    with (ROOT / "mkdocs.yml").open("rb") as f:
        site = yaml_load(f)
    with (ROOT / "zip.yml").open("rb") as f:
        offline = yaml_load(f)
    assert [p for p in offline["plugins"] if p != "offline"] == site["plugins"]
    assert "offline" in offline["plugins"]
    assert {k: v for k, v in offline.items() if k not in ("plugins", "extra")} == {k: v for k, v in site.items() if k != "plugins"}


def test_the_folder_loads_nothing_from_elsewhere_and_carries_the_shim_and_the_wheel(unzipped: Path) -> None:
    pages = {p: p.read_text(encoding="utf-8") for p in unzipped.rglob("*.html")}
    assert len(pages) > 20
    assert [p.name for p in pages if download.ELSEWHERE.search(pages[p]) or "unpkg" in pages[p]] == []
    shim = unzipped / download.SHIM
    assert shim.is_file() and shim.with_name("LICENSE").is_file()
    assert all("iframe-worker/shim.js" in text for p, text in pages.items() if p.name != "404.html")
    assert (unzipped / "search" / "search_index.js").read_text(encoding="utf-8").startswith("var __index = ")
    assert len(list(unzipped.glob("walkaway_calculators-*-py3-none-any.whl"))) == 1


def test_the_pip_line_installs_the_command_line_offline(unzipped: Path, tmp_path: Path) -> None:
    """The hosting page's line, run in the unzipped folder (into a target folder, to leave this Python alone)."""
    line = download.PIP_COMMAND.split()
    assert line[:2] == ["pip", "install"] and "--no-index" in line
    target = tmp_path / "installed"
    subprocess.run(
        [sys.executable, "-m", *line, "--target", str(target), "--no-compile", "--quiet"], cwd=unzipped, check=True, timeout=300
    )
    listed = subprocess.run(
        [sys.executable, "-m", "calculators", "list"],
        cwd=tmp_path,
        env=os.environ | {"PYTHONPATH": str(target)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "batna" in listed.stdout
    hosting = html.unescape(re.sub(r"<[^>]+>", "", (unzipped / "hosting.html").read_text(encoding="utf-8")))
    assert download.PIP_COMMAND in hosting and download.SERVE_COMMAND in hosting


# -- in the browser -------------------------------------------------------------------------------------------------


@pytest.fixture
def watched(browser: Any) -> Iterator[tuple[Any, list[str], list[str]]]:
    """A browser context that records every request, and aborts any to another origin than the allowed ones."""
    ctx = browser.new_context()
    seen: list[str] = []
    allowed: list[str] = []

    def route(r: Any) -> None:
        url = r.request.url
        if any(url.startswith(prefix) for prefix in allowed) or urlsplit(url).scheme in ("data", "blob"):
            r.continue_()
        else:
            r.abort()

    ctx.route("**/*", route)
    ctx.on("request", lambda req: seen.append(req.url))
    yield ctx, seen, allowed
    ctx.close()


def _outside(seen: list[str], allowed: list[str]) -> list[str]:
    return [u for u in seen if not any(u.startswith(p) for p in allowed) and urlsplit(u).scheme not in ("data", "blob", "about")]


@pytest.mark.browser
def test_from_disk_every_page_opens_by_its_links_and_search_finds_a_page(
    unzipped: Path, watched: tuple[Any, list[str], list[str]]
) -> None:
    ctx, seen, allowed = watched
    root = unzipped.as_uri() + "/"
    allowed.append(root)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    # Every page, reached by following links from index.html.
    queue, visited = [root + "index.html"], set()
    while queue:
        url = queue.pop()
        if url in visited:
            continue
        visited.add(url)
        page.goto(url)
        assert page.locator("article h1").count() >= 1, url
        for href in page.eval_on_selector_all("a[href]", "els => els.map((a) => a.href)"):
            target = urldefrag(href).url
            if target.startswith(root) and target.endswith(".html") and target not in visited:
                queue.append(target)
    pages = {p.relative_to(unzipped).as_posix() for p in unzipped.rglob("*.html")} - {"404.html"}
    assert {u.removeprefix(root) for u in visited} == pages

    # A calculator shows the results computed at build time, and says how to make it live from this folder.
    page.goto(root + "calculators/zopa.html")
    assert page.locator(".calc .calc-status[data-state='file']").count() == 1
    note = page.locator(".calc-offline-note")
    assert note.is_visible() and download.SERVE_COMMAND in note.inner_text()
    assert page.locator(".calc-results table").count() >= 1

    # Search, from file://: the index is a script and the worker runs in an iframe (the vendored shim).
    page.goto(root + "index.html")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("concession", delay=20)  # the theme searches on keys
    result = page.locator(".md-search-result__item a").first
    result.wait_for(timeout=30_000)
    result.click()
    page.wait_for_load_state()
    assert page.url.startswith(root) and page.url != root + "index.html"
    assert "concession" in page.locator("article").inner_text().lower()

    assert errors == []
    assert _outside(seen, allowed) == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def http_server(unzipped: Path) -> Iterator[str]:
    """The unzipped folder served by `python -m http.server`, as the note says."""
    port = _free_port()
    command = [sys.executable, *download.SERVE_COMMAND.split()[1:], str(port), "--bind", "127.0.0.1"]
    process = subprocess.Popen(command, cwd=unzipped, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("python -m http.server did not start")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.browser
def test_served_from_the_same_folder_a_calculator_goes_live(
    http_server: str, watched: tuple[Any, list[str], list[str]]
) -> None:
    ctx, seen, allowed = watched
    allowed.append(http_server)
    page = ctx.new_page()
    page.set_default_timeout(BOOT_TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(http_server + "calculators/zopa.html")
    page.locator(".calc-status[data-state='ready']").wait_for()
    assert not page.locator(".calc-offline-note").is_visible()
    results = page.locator(".calc-results")
    before = results.inner_html()
    field = page.locator("#calc-zopa-your_walk_away")
    field.fill("560,000")
    field.dispatch_event("input")
    page.wait_for_function("(before) => document.querySelector('.calc-results').innerHTML !== before", arg=before)
    assert "560,000" in results.inner_text()
    assert errors == []
    assert _outside(seen, allowed) == []
