"""The standard library, fetched the first time an import misses after a boot from the memory snapshot.

Pyodide only. The site's build calls :func:`install` in Node, last before it takes the snapshot: everything the
calculators import is then in memory, so the browser mounts an empty archive where the standard library's
``python_stdlib.zip`` was and saves its 2.5 MB download. If a later import finds nothing (a module nobody
imported at build time), :class:`StdlibOnMiss`, at the end of the import path, asks the page's worker for the
full archive (``walkawayFullStdlib()``, a synchronous request, made once), writes it where the empty one was,
and retries the import. The snapshot keeps no table of contents of the archive it was made with.
"""

from __future__ import annotations

import gc
import importlib
import sys
import zipimport
from collections.abc import Sequence
from importlib.machinery import ModuleSpec, PathFinder
from types import ModuleType

__all__ = ["StdlibOnMiss", "install"]


class StdlibOnMiss:
    """A meta path finder after ``PathFinder``: on the first miss, brings the full standard library and retries."""

    archive = ""
    fetched = False

    @classmethod
    def find_spec(cls, name: str, path: Sequence[str] | None = None, target: ModuleType | None = None) -> ModuleSpec | None:
        if cls.fetched:
            return None
        cls.fetched = True  # once, whatever happens; this also keeps the import of js below from coming back here
        import js  # type: ignore[import-not-found]  # Pyodide's bridge to the worker's JavaScript

        data = js.walkawayFullStdlib()
        if data is None:
            return None
        with open(cls.archive, "wb") as f:
            f.write(data.to_bytes())
        importlib.invalidate_caches()
        return PathFinder.find_spec(name, path, target)


def install() -> None:
    """Put the finder in place and forget the archive's table of contents, before the snapshot is taken."""
    StdlibOnMiss.archive = next(p for p in sys.path if p.endswith(".zip"))
    sys.meta_path.insert(sys.meta_path.index(PathFinder) + 1, StdlibOnMiss)
    zipimport._zip_directory_cache.clear()  # type: ignore[attr-defined]
    for key in [k for k in sys.path_importer_cache if k.startswith(StdlibOnMiss.archive)]:
        del sys.path_importer_cache[key]
    gc.collect()
