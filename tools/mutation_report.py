"""Summarise a mutmut run by module and by kind of code: model, validation (``problems`` and the shared
validator) and presenter (``present`` and its helpers), against the targets of 95%, 95% and 80% caught.

Reads the output of ``mutmut results --all true`` from the file named on the command line; writes a Markdown table, and lists the survivors.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict

LINE = re.compile(r"^\s*(?P<name>calculators\.[\w.\u01c1]+)__mutmut_\d+: (?P<status>.+)$")
TARGETS = {"model": 0.95, "validation": 0.95, "presenter": 0.80}
# A mutant that is not killed is a survivor: "survived", "no tests", "timeout" (counted as caught: the mutant hangs),
# "suspicious", "skipped".
CAUGHT = {"killed", "timeout"}


#: Functions that only turn a result into what the page shows.
PRESENTER = re.compile(r"present|chart|tree|blocks|table|note|summary|verdict|label|words|_q$")


def kind(module: str, function: str) -> str:
    name = function.split("\u01c1")[-1]  # a method's mutants are named x\u01c1Class\u01c1method
    if module == "fields" or name.endswith("problems") or "check" in name:
        return "validation"
    if PRESENTER.search(name):
        return "presenter"
    return "model"


def main(path: str) -> int:
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    survivors: list[str] = []
    unchecked = 0
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    for line in lines:
        m = LINE.match(line)
        if not m:
            continue
        _, module, function = m["name"].split(".", 2)
        key = (module, kind(module, function))
        status = m["status"].strip()
        if status == "not checked":  # a run stopped before it reached this mutant: counted apart, not as a survivor
            unchecked += 1
            continue
        counts[key][status] += 1
        if status not in CAUGHT:
            survivors.append(f"{m['name']}: {status}")
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    print("| Module | Kind | Mutants | Caught | Share |\n|---|---|---:|---:|---:|")
    for (module, k), c in sorted(counts.items()):
        n, caught = sum(c.values()), sum(c[s] for s in CAUGHT)
        totals[k]["n"] += n
        totals[k]["caught"] += caught
        print(f"| {module} | {k} | {n} | {caught} | {caught / n:.0%} |")
    ok = True
    for k, t in sorted(totals.items()):
        share = t["caught"] / t["n"]
        ok &= share >= TARGETS[k]
        print(f"| **all** | {k} | {t['n']} | {t['caught']} | **{share:.1%}** (target {TARGETS[k]:.0%}) |")
    if unchecked:
        print(f"\n{unchecked} mutants were not run (the run was stopped first); they are not counted above.")
    print(f"\n{len(survivors)} survivors:")
    for s in survivors:
        print(f"- {s}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
