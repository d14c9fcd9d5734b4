"""``python -m sitebuild finish SITE_DIR`` completes a built site; ``python -m sitebuild check SITE_DIR`` checks one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sitebuild import BuildError
from sitebuild.finish import check_site, finish


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitebuild", description=__doc__)
    parser.add_argument(
        "step",
        choices=["finish", "check"],
        help="finish: vendor the runtime, make the snapshot, set the policy; check: change nothing",
    )
    parser.add_argument("site", type=Path, help="the directory the site generator built (site/)")
    args = parser.parse_args(argv)
    try:
        if args.step == "finish":
            finish(args.site, log=True)
        else:
            check_site(args.site)
    except BuildError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"{args.site}: complete")
    return 0


if __name__ == "__main__":
    sys.exit(main())
