"""Run one of the build's Node scripts (KaTeX, the memory snapshot)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from sitebuild import BuildError


def run_node(script: Path, *args: str, failure: str, stdin: str | None = None, timeout: float = 120) -> str:
    """The script's stdout, or a ``BuildError`` that starts with ``failure`` and ends with the script's own words.

    A bare ``import "katex"`` resolves from the script's folder up, to the project's node_modules.
    """
    try:
        done = subprocess.run(
            ["node", str(script), *args],
            input=stdin,
            capture_output=True,
            text=True,
            check=True,
            timeout=timeout,
        )
    except (OSError, subprocess.SubprocessError) as e:  # includes a non-zero exit and a timeout
        detail = getattr(e, "stderr", "") or str(e)
        raise BuildError(f"{failure}: {str(detail).strip()[-800:]}") from None
    return done.stdout
