"""The service worker that keeps the guide for offline reading after one visit, written with Workbox.

``write_service_worker(site)`` is the finishing step's last step, once every
file of the site exists. It lists the Python runtime's files with their
SHA-256 digests and runs ``serviceworker.mjs`` in Node, which calls Workbox's
``generateSW`` (npm ``workbox-build``) and writes, at the site's root:

- ``sw.js``: precaches every page and small asset (HTML, CSS, JavaScript, the
  search index, fonts, images) under its revision when it installs, and caches
  the runtime (Pyodide, the snapshot, the wheel: 14 MB) the first time a
  calculator asks for it. Workbox's runtime is inlined: nothing is imported
  from another origin.
- ``sw-runtime.<hash>.js``: this build's runtime files and digests, which key
  the runtime cache, so no file of one build is ever served to another.

``docs/assets/javascripts/sw-register.js`` registers it where the browser
allows a service worker (https, localhost), after the page has loaded.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import tempfile
from pathlib import Path

from sitebuild import BuildError
from sitebuild.node import run_node

SERVICE_WORKER_MAKER = Path(__file__).with_name("serviceworker.mjs")
#: Where the finishing step publishes what the calculators' worker fetches: cached on first use, not at install.
RUNTIME_FOLDERS = ("assets/pyodide", "assets/snapshots", "assets/wheels")
#: The calculators' worker script, kept with the runtime it boots; it reads what to boot from its query
#: string, which the precache would drop (see serviceworker.mjs).
RUNTIME_SCRIPTS = ("assets/javascripts/calculators-worker.mjs",)
#: Fetched only where the gzipped copy next to it cannot be used: cached if ever used, not fetched ahead.
FALLBACK_ONLY = (
    "assets/pyodide/pyodide.asm.wasm",
    "assets/pyodide/pyodide.asm.mjs",
    "assets/pyodide/pyodide-lock.json",
    # A boot from the snapshot mounts an empty standard library and fetches this only if an import misses.
    "assets/pyodide/python_stdlib.zip",
)


def _digests(path: Path) -> list[str]:
    """The SHA-256 of the file, and for a .gz also of its content (a server may send it decoded)."""
    data = path.read_bytes()
    found = [hashlib.sha256(data).hexdigest()]
    if path.suffix == ".gz":
        found.append(hashlib.sha256(gzip.decompress(data)).hexdigest())
    return found


def runtime_files(site: Path) -> dict[str, list[str]]:
    """Every runtime file of the site (its path in the site), with the digests it may arrive with."""
    found = [path for folder in RUNTIME_FOLDERS for path in sorted((site / folder).rglob("*")) if path.is_file()]
    found += [site / name for name in RUNTIME_SCRIPTS if (site / name).is_file()]
    return {path.relative_to(site).as_posix(): _digests(path) for path in found}


def write_service_worker(site: Path) -> None:
    """Write ``sw.js`` and its runtime list at the root of the finished site in ``site``."""
    if not (site / "index.html").is_file():
        raise BuildError(f"{site} is not a built site: it has no index.html")
    for old in [site / "sw.js", *site.glob("sw-runtime.*.js")]:
        old.unlink(missing_ok=True)
    files = runtime_files(site)
    keep = [path for path in files if path not in FALLBACK_ONLY]
    with tempfile.TemporaryDirectory(prefix="walkaway-sw-") as tmp:
        listing = Path(tmp) / "runtime.json"
        listing.write_text(json.dumps({"files": files, "keep": keep}), encoding="utf-8")
        run_node(
            SERVICE_WORKER_MAKER,
            str(site),
            str(listing),
            failure="the service worker could not be written (is workbox-build installed? run `npm ci`)",
            timeout=180,
        )
