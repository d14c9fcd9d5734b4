"""The memory snapshot: Python boots from it, and falls back to a normal boot, correctly, whenever it cannot be used."""

from __future__ import annotations

import gzip
import hashlib
import io
import re
import struct
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import BOOT_TIMEOUT_MS, CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

PAGE = "calculators/batna/"
ACCEPT = "() => JSON.parse(document.querySelector('.calc-results').dataset.result).offers[1].decision === 'accept'"


def snapshot_file(site_dir: Path) -> Path:
    (found,) = site_dir.glob("assets/snapshots/*/*.snapshot.gz")
    return found


def runtime(page: Any) -> dict[str, Any]:
    page.wait_for_selector('.calc[data-state="ready"]', timeout=BOOT_TIMEOUT_MS)
    info: dict[str, Any] = page.evaluate("() => window.walkawayRuntime")
    return info


def visit(context: Any, url: str) -> tuple[Any, list[str], list[str]]:
    """Open ``url`` in a new page of ``context``: the page, the URLs it requested, and its uncaught errors."""
    page = context.new_page()
    urls: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    return page, urls, errors


def still_computes(page: Any) -> None:
    page.fill("#calc-batna-offers-1-value", "1,400,000")
    page.wait_for_function(ACCEPT)


def test_the_build_ships_a_snapshot_tied_to_the_pyodide_version_and_the_page_names_it(site_dir: Path) -> None:
    snap = snapshot_file(site_dir)
    version = re.search(r'"version":\s*"([^"]+)"', (site_dir.parent / "node_modules/pyodide/package.json").read_text())
    assert version and snap.name == f"pyodide-{version.group(1)}-calculators.snapshot.gz"
    raw = gzip.decompress(snap.read_bytes())
    assert struct.unpack("<I", raw[:4])[0] == 0x706E7300  # Pyodide's snapshot magic number
    digest = hashlib.sha256(raw).hexdigest()
    assert snap.parent.name == digest[:16]
    html = (site_dir / PAGE / "index.html").read_text(encoding="utf-8")
    assert f'<meta name="walkaway-snapshot" content="{snap.relative_to(site_dir).as_posix()}#sha256={digest}">' in html
    assert f'data-snapshot="{snap.relative_to(site_dir).as_posix()}#sha256={digest}"' in html
    wasm = site_dir / "assets/pyodide/pyodide.asm.wasm"
    assert gzip.decompress((wasm.parent / "pyodide.asm.wasm.gz").read_bytes()) == wasm.read_bytes()


def test_boots_from_the_snapshot_without_the_wheel_or_the_raw_wasm(page: Any, server: str) -> None:
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.goto(server + PAGE)
    info = runtime(page)
    assert info["mode"] == "snapshot", info
    still_computes(page)
    assert not any(u.endswith(".whl") or u.endswith("pyodide.asm.wasm") for u in urls), urls
    assert sum(u.endswith("pyodide.asm.wasm.gz") for u in urls) == 1
    assert page.page_errors == []


@pytest.mark.parametrize("status", [404, 500])
def test_a_missing_snapshot_falls_back_to_a_normal_boot(context: Any, server: str, status: int) -> None:
    context.route("**/*.snapshot.gz", lambda r: r.fulfill(status=status, body="no"))
    page, urls, errors = visit(context, server + PAGE)
    info = runtime(page)
    assert info["mode"] == "normal" and f"HTTP {status}" in info["fallback"], info
    still_computes(page)
    # The runtime was fetched once: the failed snapshot was noticed before the boot began.
    assert sum(u.endswith("pyodide.asm.wasm.gz") for u in urls) == 1
    assert errors == []


def _corrupt_gzip(data: bytes) -> bytes:
    """Valid gzip around damaged contents: only the SHA-256 can tell."""
    raw = bytearray(gzip.decompress(data))
    raw[len(raw) // 2] ^= 0xFF
    return gzip.compress(bytes(raw), compresslevel=1)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b[: len(b) // 2], id="truncated"),
        pytest.param(lambda b: b[:5000] + bytes([b[5000] ^ 0xFF]) + b[5001:], id="flipped-byte"),
        pytest.param(_corrupt_gzip, id="valid-gzip-wrong-bytes"),
    ],
)
def test_a_damaged_snapshot_is_refused_and_the_boot_falls_back(
    context: Any, server: str, site_dir: Path, damage: Any
) -> None:
    body = damage(snapshot_file(site_dir).read_bytes())
    context.route("**/*.snapshot.gz", lambda r: r.fulfill(status=200, body=body, content_type="application/gzip"))
    page, urls, errors = visit(context, server + PAGE)
    info = runtime(page)
    assert info["mode"] == "normal" and info["fallback"], info
    still_computes(page)
    assert errors == []


def test_a_server_that_unzips_the_snapshot_itself_is_fine(context: Any, server: str, site_dir: Path) -> None:
    """Some servers send .gz files with Content-Encoding: gzip; the browser then inflates, and so must not we."""
    body = snapshot_file(site_dir).read_bytes()
    context.route(
        "**/*.snapshot.gz",
        lambda r: r.fulfill(status=200, body=body, headers={"Content-Type": "application/octet-stream", "Content-Encoding": "gzip"}),
    )
    page, urls, errors = visit(context, server + PAGE)
    assert runtime(page)["mode"] == "snapshot"
    still_computes(page)
    assert errors == []


def test_a_snapshot_of_another_calculators_package_is_refused(context: Any, server: str, site_dir: Path) -> None:
    """The page names a different (but valid) wheel than the one the snapshot was made from: a normal boot installs it."""
    html = (site_dir / PAGE / "index.html").read_text(encoding="utf-8")
    wheel_ref = re.search(r'data-wheel="([^"#]+)#sha256=([0-9a-f]{64})"', html)
    assert wheel_ref
    original = (site_dir / wheel_ref.group(1)).read_bytes()  # data-wheel is relative to the site root
    other = io.BytesIO()  # the same files, zipped again: other bytes, another SHA-256
    with zipfile.ZipFile(io.BytesIO(original)) as src, zipfile.ZipFile(other, "w", zipfile.ZIP_STORED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, src.read(item))
    other_bytes = other.getvalue()
    new_digest = hashlib.sha256(other_bytes).hexdigest()
    assert new_digest != wheel_ref.group(2)
    patched = html.replace(wheel_ref.group(2), new_digest)
    context.route("**/calculators/batna/", lambda r: r.fulfill(status=200, body=patched, content_type="text/html"))
    context.route("**/*.whl", lambda r: r.fulfill(status=200, body=other_bytes, content_type="application/octet-stream"))
    page, urls, errors = visit(context, server + PAGE)
    info = runtime(page)
    assert info["mode"] == "normal" and "another calculators package" in info["fallback"], info
    still_computes(page)
    assert errors == []


def test_a_snapshot_of_another_pyodide_build_is_refused_on_an_insecure_host(
    playwright: Any, server: str, site_dir: Path
) -> None:
    """No crypto.subtle on plain http: Pyodide's own build-id check still refuses a snapshot of another build."""
    raw = bytearray(gzip.decompress(snapshot_file(site_dir).read_bytes()))
    raw[16:48] = bytes(b ^ 0x55 for b in raw[16:48])  # the build id Pyodide stamps after magic, offset and length
    body = gzip.compress(bytes(raw), compresslevel=1)
    port = urlsplit(server).port
    base = f"http://walkaway.intranet:{port}/"
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP walkaway.intranet 127.0.0.1"]
    )
    try:
        ctx = browser.new_context()
        ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
        ctx.route("**/*.snapshot.gz", lambda r: r.fulfill(status=200, body=body, content_type="application/gzip"))
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + PAGE)
        assert page.evaluate("() => window.isSecureContext") is False
        info = runtime(page)
        assert info["mode"] == "normal" and "build id" in info["fallback"], info
        still_computes(page)
        assert errors == []
    finally:
        browser.close()


def test_without_the_gzipped_wasm_the_original_is_fetched(context: Any, server: str) -> None:
    context.route("**/pyodide.asm.wasm.gz", lambda r: r.fulfill(status=404, body="no"))
    page, urls, errors = visit(context, server + PAGE)
    assert runtime(page)["mode"] == "snapshot"
    still_computes(page)
    assert sum(u.endswith("pyodide.asm.wasm") for u in urls) == 1
    assert errors == []


def test_the_snapshot_carries_nothing_of_the_build_machine(site_dir: Path) -> None:
    """It is shipped to every reader: no folder of the machine that built it, no path of its tools."""
    raw = gzip.decompress(snapshot_file(site_dir).read_bytes())
    project = str(site_dir.resolve().parent).encode()
    assert project not in raw
    assert b"snapshot.mjs" not in raw and b"walkaway-wheel-" not in raw


def test_a_browser_without_decompression_streams_boots_normally(context: Any, server: str) -> None:
    """Older browsers lack DecompressionStream: no snapshot, the uncompressed wasm, and the wheel."""

    def worker_without_it(route: Any) -> None:
        original = route.fetch()
        body = "delete self.DecompressionStream;\n" + original.text()
        route.fulfill(response=original, body=body)

    context.route("**/calculators-worker.mjs*", worker_without_it)
    page, urls, errors = visit(context, server + PAGE)
    assert runtime(page)["mode"] == "normal"
    still_computes(page)
    assert not any(u.endswith(".gz") for u in urls), urls
    assert sum(u.endswith("pyodide.asm.wasm") for u in urls) == 1 and any(u.endswith(".whl") for u in urls)
    assert errors == []
