"""Run Lighthouse on every page of the built site, served on 127.0.0.1, and write a table of the scores.

    npm ci --prefix tools/lighthouse      # once: Lighthouse 12.2.3, kept apart from the site's own packages
    python tools/lighthouse.py [SITE_DIR] [--pages GLOB ...] [--compress] [--runs N] [--check] [--out DIR]

Lighthouse runs with its default settings (mobile, simulated slow 4G and a 4x slower CPU) in Debian's Chromium
(``CHROME_PATH``, /usr/bin/chromium by default), headless, with the background networking that would reach other
hosts switched off. The site is served as a plain static server serves it: no compression, unless ``--compress``
gzips text the way most hosts do. The summary is printed and written, with every report, to
``test-results/lighthouse/`` (or ``--out``). Lighthouse simulates the slow phone from what it observes on this
machine, so a busy machine lowers the scores, above all total blocking time; ``--runs N`` audits each page N times
and keeps the run with the median performance score, as Lighthouse's documentation advises, and the summary lists
every run's score. ``--check`` exits 1 unless every page reaches the targets: performance 95,
accessibility, best practices and SEO 100.
"""

from __future__ import annotations

import argparse
import fnmatch
import functools
import gzip
import http.server
import json
import os
import statistics
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CLI = ROOT / "tools" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
OUT = ROOT / "test-results" / "lighthouse"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index")
TEXT = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt")


class Handler(http.server.SimpleHTTPRequestHandler):
    compress = False

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.compress and wants_gzip and path.suffix in TEXT and path.is_file()):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


def pages_of(site: Path, patterns: list[str]) -> list[str]:
    found = []
    for page in sorted(site.rglob("index.html")):
        path = page.parent.relative_to(site).as_posix()
        path = "" if path == "." else path + "/"
        if not patterns or any(fnmatch.fnmatch(path, p) for p in patterns):
            found.append(path)
    return found


def audit(url: str, report: Path) -> dict[str, Any]:
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(
        ["node", str(CLI), url, "--quiet", "--output=json", f"--output-path={report}", f"--chrome-flags={CHROME_FLAGS}",
         f"--only-categories={','.join(CATEGORIES)}"],
        env=env, check=True, timeout=600,
    )  # fmt: skip
    data = json.loads(report.read_text(encoding="utf-8"))
    scores = {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}
    metrics = {m: data["audits"][m]["numericValue"] for m in METRICS}
    failing = sorted(
        a["id"]
        for a in data["audits"].values()
        if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") in ("binary", "metricSavings")
    )
    return {"scores": scores, "metrics": metrics, "failing": failing}


def audit_median(url: str, report: Path, runs: int) -> dict[str, Any]:
    """``audit`` ``runs`` times; the run with the median performance score, its report saved as ``report``."""
    if runs == 1:
        return audit(url, report)
    done = []
    for run in range(runs):
        path = report.with_suffix(f".run{run + 1}.json")
        done.append((audit(url, path), path))
    ordered = sorted(done, key=lambda d: d[0]["scores"]["performance"])
    row, path = ordered[(len(ordered) - 1) // 2]
    report.write_bytes(path.read_bytes())
    return {**row, "runs": [d[0]["scores"]["performance"] for d in done]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", nargs="?", type=Path, default=ROOT / "site")
    parser.add_argument("--pages", nargs="*", default=[], help="site paths to audit, as globs (default: every page)")
    parser.add_argument("--compress", action="store_true", help="gzip text responses, as most hosts do")
    parser.add_argument("--check", action="store_true", help="exit 1 unless every page reaches the targets")
    parser.add_argument("--runs", type=int, default=1, help="audits per page; the median run is kept (default: 1)")
    parser.add_argument("--out", type=Path, default=OUT, help="where the reports and the summary go")
    args = parser.parse_args(argv)
    if not CLI.is_file():
        print("Lighthouse is not installed: run `npm ci --prefix tools/lighthouse`", file=sys.stderr)
        return 2
    if not (args.site / "index.html").is_file():
        print(f"no built site at {args.site}: run `nox -s build` first", file=sys.stderr)
        return 2
    handler = type("_Handler", (Handler,), {"compress": args.compress})
    httpd = Server(("127.0.0.1", 0), functools.partial(handler, directory=str(args.site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    rows: dict[str, Any] = {}
    try:
        for path in pages_of(args.site, args.pages):
            print(f"lighthouse {path or '/'}", file=sys.stderr, flush=True)
            report = out / ((path.strip("/").replace("/", "_") or "index") + ".json")
            rows[path] = audit_median(base + path, report, max(1, args.runs))
    finally:
        httpd.shutdown()
    served = "gzip-compressing server" if args.compress else "plain static server, no compression"
    lines = [
        f"Lighthouse 12.2.3, default mobile settings, {served}; {len(rows)} pages"
        + (f", the median of {args.runs} runs each (every run's performance in brackets)" if args.runs > 1 else ""),
        "",
        "| page | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for path, row in rows.items():
        s, m = row["scores"], row["metrics"]
        performance = f"{s['performance']}" + (f" ({'/'.join(map(str, row['runs']))})" if "runs" in row else "")
        lines.append(
            f"| /{path} | {performance} | {s['accessibility']} | {s['best-practices']} | {s['seo']} | "
            f"{m['first-contentful-paint'] / 1000:.1f} s | {m['largest-contentful-paint'] / 1000:.1f} s | "
            f"{m['total-blocking-time']:.0f} ms | {m['cumulative-layout-shift']:.3f} |"
        )
    if rows:
        lines += ["", "Lowest: " + ", ".join(f"{c} {min(r['scores'][c] for r in rows.values())}" for c in CATEGORIES)]
        lines += ["Median performance: " + f"{statistics.median(r['scores']['performance'] for r in rows.values()):.0f}"]
        below = {p: r["failing"] for p, r in rows.items() if any(r["scores"][c] < t for c, t in TARGETS.items())}
        lines += ["", "Audits not passed on pages below a target:"]
        lines += [f"- /{p}: {', '.join(f) or '(metrics only)'}" for p, f in below.items()] or ["- none"]
    summary = "\n".join(lines)
    print(summary)
    (out / "summary.md").write_text(summary + "\n", encoding="utf-8")
    (out / "summary.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    ok = all(r["scores"][c] >= t for r in rows.values() for c, t in TARGETS.items())
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
