"""The memory snapshot as published: only its pages that are not all zeros.

The snapshot a browser restores is about 31 MB (Pyodide's header, then the wasm
heap), and two thirds of its 4 KiB pages are zeros once the heap is written as
its difference with the wasm's own initial memory (``snapshot.mjs``). Gzip
sends a run of zeros in a few bytes, but the browser still has to inflate it:
on the machines we measure, inflating the whole snapshot took about 270 ms of
the worker's time, the largest single step of a snapshot boot, against about
a third of that for the pages that are not zeros. So the build publishes those
pages only, with a map of where they go, and the worker puts them back into a
zeroed buffer of the snapshot's length (``calculators/sparse-snapshot.mjs``, which
reads exactly this format).

The format, all numbers little-endian unsigned 32-bit:

======================  ==========================================================
``magic``               ``b"WSPS"`` (walk-away sparse snapshot)
``version``             1
``length``              the snapshot's length in bytes
``page``                the page size in bytes (4096)
``count``               how many runs of pages follow
``count`` x (first, n)  each run: its first page and how many pages it has
data                    the runs' pages, one after another; a page ends at
                        ``length`` if the snapshot does (the last may be short)
======================  ==========================================================

Nothing may follow the data, runs are in order and do not touch or overlap,
and every run lies within ``length``: ``unpack`` refuses anything else, as the
worker does.
"""

from __future__ import annotations

import struct

MAGIC = b"WSPS"
VERSION = 1
PAGE = 4096
_HEAD = struct.Struct("<4sIIII")
_RUN = struct.Struct("<II")


def pack(snapshot: bytes, page: int = PAGE) -> bytes:
    """The snapshot with its all-zero pages left out: see the module's docstring."""
    runs: list[tuple[int, int]] = []
    pages = (len(snapshot) + page - 1) // page
    for index in range(pages):
        chunk = snapshot[index * page : (index + 1) * page]
        if chunk.count(0) == len(chunk):
            continue
        if runs and runs[-1][0] + runs[-1][1] == index:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((index, 1))
    head = _HEAD.pack(MAGIC, VERSION, len(snapshot), page, len(runs))
    table = b"".join(_RUN.pack(first, n) for first, n in runs)
    data = b"".join(snapshot[first * page : (first + n) * page] for first, n in runs)
    return head + table + data


def unpack(packed: bytes) -> bytes:
    """The whole snapshot again; ``ValueError`` for anything that is not exactly this format."""
    if len(packed) < _HEAD.size:
        raise ValueError("sparse snapshot: too short for its header")
    magic, version, length, page, count = _HEAD.unpack_from(packed)
    if magic != MAGIC or version != VERSION:
        raise ValueError("sparse snapshot: not this format or version")
    if page == 0 or page % 8:
        raise ValueError("sparse snapshot: bad page size")
    at = _HEAD.size + count * _RUN.size
    if at > len(packed):
        raise ValueError("sparse snapshot: runs cut short")
    out = bytearray(length)
    end = 0  # the first page after the last run
    for i in range(count):
        first, n = _RUN.unpack_from(packed, _HEAD.size + i * _RUN.size)
        if n == 0 or first < end or first * page >= length:
            raise ValueError("sparse snapshot: runs out of order or out of range")
        start, stop = first * page, min((first + n) * page, length)
        if (first + n - 1) * page >= length:
            raise ValueError("sparse snapshot: a run beyond the snapshot's length")
        if at + stop - start > len(packed):
            raise ValueError("sparse snapshot: data cut short")
        out[start:stop] = packed[at : at + stop - start]
        at += stop - start
        end = first + n + 1  # runs do not touch: the next starts after at least one zero page
    if at != len(packed):
        raise ValueError("sparse snapshot: bytes after the data")
    return bytes(out)
