"""Synthetic libraries for the benchmarks, generated once and reused.

    python -m lornplayer.tools.bench_library [--cases 2000 10000] [--dir DIR]

Each library is a real data folder (``DIR/lib-<n>/data``: the SQLite library,
``cache/search-index``: the search index) holding ``n`` cases from
:func:`lornplayer.tools.bench_search.synthetic_cases` (25-45k characters of
transcript each, reproducible), so every benchmark runs the program against
the same files.  Generating 10,000 cases takes several minutes; afterwards the
folder is reused (a ``READY`` file marks a complete one).
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
from pathlib import Path

DEFAULT_DIR = Path(os.environ.get("LORNPLAYER_BENCH_DIR", "/tmp/lornplayer-bench"))


def library_dir(n: int, root: Path = DEFAULT_DIR) -> Path:
    return root / f"lib-{n}"


def environment(n: int, root: Path = DEFAULT_DIR) -> dict[str, str]:
    """Environment variables that point lornplayer at library ``n``."""
    base = library_dir(n, root)
    return {
        "LORNPLAYER_DATA_DIR": str(base / "data"),
        "LORNPLAYER_CACHE_DIR": str(base / "cache"),
        "LORNPLAYER_NO_SEED_IMPORT": "1",
    }


def text_size(n: int, root: Path = DEFAULT_DIR) -> int:
    return int((library_dir(n, root) / "TEXT_BYTES").read_text())


def ensure_library(n: int, root: Path = DEFAULT_DIR, index: bool = True) -> Path:
    """The data folder of an ``n``-case library, generated if missing; with its search index if ``index``."""
    base = library_dir(n, root)
    if not (base / "READY").exists():
        shutil.rmtree(base, ignore_errors=True)
        base.mkdir(parents=True)
        from lornplayer.store import Library
        from lornplayer.tools.bench_search import synthetic_cases

        t = time.perf_counter()
        lib = Library(base / "data" / "library.sqlite3")
        size = 0
        for case in synthetic_cases(n):
            lib.upsert_case(case)
            size += len("\n".join(t.text for t in case.turns).encode("utf-8"))
            size += sum(len(str(getattr(case, f) or "").encode("utf-8")) for f in ("title", "summary", "quote"))
        lib.close()
        (base / "TEXT_BYTES").write_text(str(size))
        (base / "READY").write_text("")
        print(f"generated {n} cases in {time.perf_counter() - t:.0f} s: {size / 1e6:.0f} MB of text")
    if index:
        build_index(n, root)
    return base / "data"


def build_index(n: int, root: Path = DEFAULT_DIR, force: bool = False) -> float:
    """Bring library ``n``'s index in step (a full build in one process if there is none); CPU seconds."""
    from lornplayer.search import SearchIndex, follow
    from lornplayer.store import Library

    base = library_dir(n, root)
    if force:
        shutil.rmtree(base / "cache" / "search-index", ignore_errors=True)
    lib = Library(base / "data" / "library.sqlite3")
    ix = SearchIndex(base / "cache" / "search-index", procs=1)  # where the app looks (paths.index_dir)
    t = time.process_time()
    try:
        follow(ix, lib)
    finally:
        ix.close()
        lib.close()
    return time.process_time() - t


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, nargs="+", default=[2000, 10000])
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--no-index", action="store_true")
    args = ap.parse_args(argv)
    for n in args.cases:
        print(ensure_library(n, args.dir, index=not args.no_index))


if __name__ == "__main__":
    main()
