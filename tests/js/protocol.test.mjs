// node --test tests/js/: the worker's URL and the helpers both sides share (calculators/protocol.mjs).
import assert from "node:assert/strict";
import { test } from "node:test";

import { bootOptions, expectedDigest, messageOf, workerURL } from "../../docs/assets/javascripts/calculators/protocol.mjs";

const DIGEST = "ab".repeat(32);

test("the worker's URL says what to boot, under any sub-path, and reads back the same", () => {
  const root = "http://intranet:8080/a/b/";
  const url = workerURL(`${root}assets/javascripts/calculators-worker.mjs`, root, {
    wheel: `assets/wheels/x/calculators.whl#sha256=${DIGEST}`,
    snapshot: "assets/snapshots/y/s.gz",
    startOnMessage: true,
  });
  assert.deepEqual(bootOptions(url), {
    indexURL: `${root}assets/pyodide/`,
    wheel: `${root}assets/wheels/x/calculators.whl#sha256=${DIGEST}`,
    snapshot: `${root}assets/snapshots/y/s.gz`,
    startOnMessage: true,
  });
  const plain = bootOptions(workerURL(`${root}w.mjs`, root, { wheel: "w.whl" }));
  assert.equal(plain?.snapshot, "");
  assert.equal(plain?.startOnMessage, false);
});

test("a worker URL without a wheel boots nothing", () => {
  assert.equal(bootOptions("http://h/w.mjs"), null);
});

test("expectedDigest reads the fragment's SHA-256, or gives none", () => {
  assert.equal(expectedDigest(`http://h/w.whl#sha256=${DIGEST}`), DIGEST);
  assert.equal(expectedDigest("http://h/w.whl"), "");
  assert.equal(expectedDigest("http://h/w.whl#sha256=short"), "");
});

test("messageOf words anything thrown", () => {
  assert.equal(messageOf(new Error("boom")), "boom");
  assert.equal(messageOf("plain"), "plain");
  assert.equal(messageOf(null, "Python could not start"), "Python could not start");
  assert.equal(messageOf({ message: 3 }), "[object Object]");
});
