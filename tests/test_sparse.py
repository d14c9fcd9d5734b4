"""The snapshot's published form (sitebuild/sparse.py) and the worker's reader of it (calculators/sparse-snapshot.mjs)."""

from __future__ import annotations

import gzip
import json
import random
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitebuild import sparse
from tests.conftest import ROOT

READER = ROOT / "docs/assets/javascripts/calculators/sparse-snapshot.mjs"


def test_a_hand_worked_example() -> None:
    """Pages of 8 bytes: zeros, data, zeros, two pages of data, then a short last page of data."""
    raw = bytes(8) + b"ABCDEFGH" + bytes(8) + b"IJKLMNOP" + b"QRSTUVWX" + b"YZ"
    packed = sparse.pack(raw, page=8)
    head = struct.pack("<4sIIII", b"WSPS", 1, 42, 8, 2)
    runs = struct.pack("<II", 1, 1) + struct.pack("<II", 3, 3)  # page 1; pages 3, 4 and the short page 5
    assert packed == head + runs + b"ABCDEFGH" + b"IJKLMNOPQRSTUVWXYZ"
    assert sparse.unpack(packed) == raw


def test_all_zeros_and_empty() -> None:
    assert sparse.unpack(sparse.pack(bytes(10_000))) == bytes(10_000)
    assert len(sparse.pack(bytes(10_000))) == 20  # the header only
    assert sparse.unpack(sparse.pack(b"")) == b""


pages = st.lists(st.one_of(st.just(bytes(16)), st.binary(min_size=16, max_size=16)), max_size=40)


@settings(max_examples=200, deadline=None)
@given(pages, st.binary(max_size=15))
def test_pack_then_unpack_gives_the_snapshot_back(chunks: list[bytes], tail: bytes) -> None:
    raw = b"".join(chunks) + tail
    packed = sparse.pack(raw, page=16)
    assert sparse.unpack(packed) == raw
    zero_pages = sum(chunk == bytes(16) for chunk in chunks)
    assert len(packed) <= 20 + 8 * len(chunks) + len(raw) - 16 * zero_pages + len(tail) + 8


def _bad(packed: bytes) -> list[tuple[str, bytes]]:
    head, rest = packed[:20], packed[20:]
    magic, version, length, page, count = struct.unpack("<4sIIII", head)
    return [
        ("short", packed[:10]),
        ("magic", b"XXXX" + packed[4:]),
        ("version", struct.pack("<4sIIII", magic, 2, length, page, count) + rest),
        ("page size", struct.pack("<4sIIII", magic, version, length, 0, count) + rest),
        ("cut", packed[:-1]),
        ("extra", packed + b"\0"),
        ("runs", struct.pack("<4sIIII", magic, version, length, page, count + 1000) + rest),
        ("length", struct.pack("<4sIIII", magic, version, 8, page, count) + rest),
    ]


@pytest.mark.parametrize("index", range(8))
def test_anything_else_is_refused(index: int) -> None:
    raw = bytes(8) + b"ABCDEFGH" + bytes(8) + b"IJKLMNOP"
    name, bad = _bad(sparse.pack(raw, page=8))[index]
    with pytest.raises(ValueError, match="sparse snapshot"):
        sparse.unpack(bad)


NODE_READ = """
import { readFileSync } from "node:fs";
const { expandSnapshot } = await import(process.argv[1]);
const cases = JSON.parse(readFileSync(0, "utf8"));
const out = cases.map((hex) => {
  try {
    return Buffer.from(expandSnapshot(new Uint8Array(Buffer.from(hex, "hex"))).snapshot).toString("hex");
  } catch (error) {
    return "error: " + error.message;
  }
});
process.stdout.write(JSON.stringify(out));
"""


def _node_expand(cases: list[bytes]) -> list[str]:
    if shutil.which("node") is None:
        pytest.fail("Node.js is missing: the worker's reader is checked with node")
    done = subprocess.run(
        ["node", "--input-type=module", "-e", NODE_READ, READER.as_uri()],
        input=json.dumps([c.hex() for c in cases]), capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    result: list[str] = json.loads(done.stdout)
    return result


def test_the_worker_reads_what_the_build_writes_and_refuses_what_it_refuses() -> None:

    rng = random.Random(7)
    raws = [b"", bytes(100), bytes(8) + b"ABCDEFGH" + bytes(8) + b"IJKLMNOP" + b"xy"]
    for _ in range(20):
        raws.append(
            b"".join(rng.choice([bytes(8), rng.randbytes(8)]) for _ in range(rng.randrange(30))) + rng.randbytes(rng.randrange(8))
        )
    good = [sparse.pack(raw, page=8) for raw in raws]
    bad = [b for _, b in _bad(sparse.pack(raws[2], page=8))]
    out = _node_expand(good + bad)
    assert out[: len(good)] == [raw.hex() for raw in raws]
    assert all(o.startswith("error: snapshot:") for o in out[len(good) :]), out[len(good) :]


def test_the_published_snapshot_is_the_sparse_form_and_reads_back(site_dir: Path) -> None:
    (found,) = site_dir.glob("assets/snapshots/*/*.snapshot.gz")
    packed = gzip.decompress(found.read_bytes())
    assert packed[:4] == b"WSPS"
    raw = sparse.unpack(packed)
    assert struct.unpack("<I", raw[:4])[0] == 0x706E7300  # Pyodide's snapshot magic number
    assert len(packed) < 0.5 * len(raw)  # most pages are zeros


NODE_UNDO = """
import { readFileSync } from "node:fs";
const { expandSnapshot, undoDelta } = await import(process.argv[1]);
const cases = JSON.parse(readFileSync(0, "utf8"));
const bytes = (hex) => new Uint8Array(Buffer.from(hex, "hex"));
process.stdout.write(JSON.stringify(cases.map(([packed, image, base]) => {
  const expanded = expandSnapshot(bytes(packed));
  undoDelta(expanded, bytes(image), base);
  return Buffer.from(expanded.snapshot).toString("hex");
})));
"""


def test_the_worker_undoes_the_xor_as_the_build_made_it() -> None:
    """Against the plain definition: below __heap_base the heap is XORed with the memory as instantiated."""
    rng = random.Random(11)
    cases, expected = [], []
    for _ in range(40):
        offset = 8 * rng.randrange(1, 4)
        heap = b"".join(rng.choice([bytes(8), rng.randbytes(8)]) for _ in range(rng.randrange(1, 30)))
        heap += rng.randbytes(rng.randrange(8))
        raw = struct.pack("<II", 0x706E7300, offset) + rng.randbytes(offset - 8) + heap
        base = rng.randrange(len(heap) + 5)
        image = rng.randbytes(min(base, len(heap))) + bytes(rng.randrange(40))
        undone = bytearray(raw)
        for i in range(min(base, len(heap), len(image))):
            undone[offset + i] ^= image[i]
        cases.append([sparse.pack(raw, page=8).hex(), image.hex(), base])
        expected.append(bytes(undone).hex())
    if shutil.which("node") is None:
        pytest.fail("Node.js is missing: the worker's reader is checked with node")
    done = subprocess.run(
        ["node", "--input-type=module", "-e", NODE_UNDO, READER.as_uri()],
        input=json.dumps(cases), capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert json.loads(done.stdout) == expected
