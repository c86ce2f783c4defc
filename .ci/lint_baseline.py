"""Rewrite the "not yet cleared" lint and type-check exceptions in pyproject.toml from today's findings.

    python .ci/lint_baseline.py          # show what would change
    python .ci/lint_baseline.py --write  # rewrite the two generated blocks

pyproject.toml carries two generated blocks, between ``# >>> pending ruff`` / ``# <<< pending ruff``
and ``# >>> pending mypy`` / ``# <<< pending mypy``: per-file ruff ignores and per-module mypy error
codes for findings in files that were being edited by several people at once (issue 16), so
``ruff check`` and ``mypy`` could run in CI from the start.  This tool is for merging that work; it
is not a way to silence new findings in code you write: fix those.  The project-wide, deliberate
exceptions above the blocks are written by hand and not touched here.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYPROJECT = REPO / "pyproject.toml"


def ruff_findings() -> dict[str, set[str]]:
    out = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--output-format", "concise", "--no-cache", "lornplayer", "tests"],
        cwd=REPO,
        capture_output=True,
        text=True,
    ).stdout
    found: dict[str, set[str]] = defaultdict(set)
    for line in out.splitlines():
        m = re.match(r"^(\S+?\.py):\d+:\d+: (\w+\d+)", line)
        if m:
            found[m.group(1)].add(m.group(2))
    return found


def mypy_findings() -> dict[str, set[str]]:
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "lornplayer"], cwd=REPO, capture_output=True, text=True
    ).stdout
    found: dict[str, set[str]] = defaultdict(set)
    for line in out.splitlines():
        m = re.match(r"^(\S+?\.py):\d+: error: .*\[([a-z-]+)\]$", line)
        if m:
            module = m.group(1)[:-3].replace("/", ".").removesuffix(".__init__")
            found[module].add(m.group(2))
    return found


def block(text: str, name: str, body: str) -> str:
    pattern = re.compile(rf"(# >>> pending {name}[^\n]*\n).*?(# <<< pending {name}\n)", re.S)
    if not pattern.search(text):
        raise SystemExit(f"pyproject.toml has no '# >>> pending {name}' block")
    return pattern.sub(lambda m: m.group(1) + body + m.group(2), text)


def main() -> None:
    text = PYPROJECT.read_text(encoding="utf-8")
    # Measure with the generated blocks empty, so stale entries drop out and new findings show up.
    emptied = block(block(text, "ruff", "[tool.ruff.lint.per-file-ignores]\n"), "mypy", "")
    PYPROJECT.write_text(emptied, encoding="utf-8")
    try:
        ruff, mypy = ruff_findings(), mypy_findings()
    finally:
        PYPROJECT.write_text(text, encoding="utf-8")
    ruff_body = "[tool.ruff.lint.per-file-ignores]\n" + "".join(
        f"{json.dumps(path)} = {json.dumps(sorted(codes))}\n" for path, codes in sorted(ruff.items())
    )
    mypy_body = "".join(
        f"[[tool.mypy.overrides]]\nmodule = {json.dumps(module)}\ndisable_error_code = {json.dumps(sorted(codes))}\n\n"
        for module, codes in sorted(mypy.items())
    )
    new = block(block(text, "ruff", ruff_body), "mypy", mypy_body)
    if new == text:
        print("pyproject.toml is up to date")
    elif "--write" in sys.argv:
        PYPROJECT.write_text(new, encoding="utf-8")
        print(f"rewrote the pending blocks: {len(ruff)} files for ruff, {len(mypy)} modules for mypy")
    else:
        print(ruff_body + "\n" + mypy_body)


if __name__ == "__main__":
    main()
