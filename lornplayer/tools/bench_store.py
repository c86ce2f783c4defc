"""Library safety costs: opening after a clean and an unclean shutdown, the full check, a 10 MB page.

    python -m lornplayer.tools.bench_store [--cases 5000] [--page-mb 10]

Prints the time to open a library of ``--cases`` cases (40 turns each) after a clean shutdown (no
check), after an unclean one (``quick_check``), with ``check=True`` (``integrity_check``), and the
time to import a ``--page-mb`` MB page that is one long line of HTML (parse and store).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path


def _case(cid: str):
    from lornplayer.model import Case, Turn

    return Case(
        id=cid,
        label=f"#{cid}",
        title=f"Tittel {cid}",
        host="Silvija Seres",
        turns=[Turn("Silvija Seres", f"Replikk {i} i {cid} " + "ord " * 30) for i in range(40)],
    )


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=5000)
    ap.add_argument("--page-mb", type=float, default=10.0)
    args = ap.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="lornplayer-bench-"))
    os.environ["LORNPLAYER_DATA_DIR"] = str(folder)
    os.environ["LORNPLAYER_NO_SEED_IMPORT"] = "1"
    from lornplayer.store import Library

    path = folder / "library.sqlite3"
    lib = Library.open(path)
    for i in range(args.cases):
        lib.upsert_case(_case(f"C{i:05d}"))
    lib.close()
    print(f"library: {args.cases} cases, {path.stat().st_size / 1e6:.1f} MB")
    print(f"open after a clean shutdown:   {_timed(lambda: Library.open(path).close()) * 1000:7.1f} ms")
    path.with_name(f".{path.name}.open-999999999-1").touch()  # a marker left by a process that is gone
    print(f"open after an unclean one:     {_timed(lambda: Library.open(path).close()) * 1000:7.1f} ms")
    print(f"open with the full check:      {_timed(lambda: Library.open(path, check=True).close()) * 1000:7.1f} ms")

    from lornplayer.importer import import_paths

    unit = "<p>Silvija: Dette er en setning om data.</p><p>Kari: Tekst &amp; mer om deling.</p>"
    page = folder / "C0557.html"
    page.write_text(
        "<html><title>LØRN Case #C0557: Lang side</title>" + unit * int(args.page_mb * 1e6 / len(unit)),
        encoding="utf-8",
    )
    lib = Library.open(path)
    try:
        seconds = _timed(lambda: import_paths(lib, [page]))
    finally:
        lib.close()
    print(f"import a {args.page_mb:g} MB one-line page:   {seconds:7.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
