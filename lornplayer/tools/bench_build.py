"""Full index build: lornplayer's (Whoosh) CPU against SQLite FTS5's, one process each; and disk sizes.

    python -m lornplayer.tools.bench_build [--cases 2000 10000]

For each generated library (:mod:`lornplayer.tools.bench_library`) this reads
every case from the library database and builds (a) lornplayer's search index
in one process, (b) the same with worker processes (``SearchIndex``'s default:
min(2, CPUs) spawned workers; wall time and the CPU of all processes), and (c) an FTS5 table of the same text
(one row per turn and case field, ``unicode61 remove_diacritics 2``), in this
same process one after the other, and prints the CPU seconds of each, the
CPU of only reading the cases (the same for both), and the ratios, gross and
net of the reading.  Then query latency with snippets (their text read from the
library), indexing one changed case (median of 12, wall), and the disk: the
text's size, the library database, the search index, and (database + index) /
text.  Ratios at 10k/2k are printed at the end.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from lornplayer.tools.bench_library import (
    DEFAULT_DIR,
    ensure_library,
    library_dir,
    text_size,
)


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _fts5_rows(case):
    from lornplayer.search import CASE_FIELDS, case_field_text

    guests = " ; ".join(case.guest_names)
    rows = [(case.id, name, None, None, case.theme, guests, case_field_text(case, name)) for name in CASE_FIELDS]
    rows += [(case.id, "turn", i, t.speaker, case.theme, guests, t.text) for i, t in enumerate(case.turns)]
    return [r for r in rows if r[-1].strip()]


def measure(n: int, root: Path) -> dict:
    from lornplayer.search import SearchIndex, index_items
    from lornplayer.search.follow import library_key
    from lornplayer.store import Library

    ensure_library(n, root, index=False)
    lib = Library(library_dir(n, root) / "data" / "library.sqlite3")
    work = Path(tempfile.mkdtemp(prefix=f"bench-build-{n}-"))
    out: dict = {"n": n}
    try:
        t = time.process_time()
        for _case, _notes in index_items(lib):
            pass
        out["read"] = time.process_time() - t

        ix = SearchIndex(work / "index", procs=1)
        t, wall = time.process_time(), time.perf_counter()
        ix.rebuild(index_items(lib), total=lib.count_cases(), library=library_key(lib))  # as the app does
        out["whoosh"], out["whoosh_wall"] = time.process_time() - t, time.perf_counter() - wall
        out["index_bytes"] = _size(work / "index")  # as built (updates below add segments until a merge)
        out["query"] = _query_ms(ix)
        updates = []
        for case_id in lib.case_ids()[:12]:
            case = lib.get_case(case_id)
            assert case is not None
            case.turns[0].text += " oppdatert"
            t = time.perf_counter()
            ix.update_case(case, [])
            updates.append(time.perf_counter() - t)
        out["update"] = statistics.median(updates) * 1000
        ix.close()

        ix = SearchIndex(work / "index-workers")
        out["procs"] = ix.procs
        t, wall, kids = time.process_time(), time.perf_counter(), _children_cpu()
        ix.rebuild(index_items(lib), total=lib.count_cases(), library=library_key(lib))
        out["workers_wall"] = time.perf_counter() - wall
        out["workers_cpu"] = time.process_time() - t + _children_cpu() - kids
        ix.close()

        db = sqlite3.connect(work / "fts5.sqlite3")
        db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(case_id UNINDEXED, kind UNINDEXED, turn UNINDEXED, "
            "speaker, theme, guest, text, tokenize='unicode61 remove_diacritics 2')"
        )
        t = time.process_time()
        with db:
            for case, _notes in index_items(lib):
                db.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?)", _fts5_rows(case))
        db.execute("INSERT INTO docs(docs) VALUES('optimize')")
        db.commit()
        out["fts5"] = time.process_time() - t
        db.close()
        out["fts5_bytes"] = _size(work / "fts5.sqlite3")
    finally:
        lib.close()
        shutil.rmtree(work, ignore_errors=True)
    out["text"] = text_size(n, root)
    out["db_bytes"] = _size(library_dir(n, root) / "data" / "library.sqlite3")
    return out


QUERIES = ("bærekraft", "kunstig intelligens", '"digital transformasjon"', "innova*", "tema:helse data")


def _query_ms(ix) -> float:
    """Median wall ms of the QUERIES (top 10 hits with snippets), after one warm-up round."""
    times = []
    for r in range(4):
        for q in QUERIES:
            t = time.perf_counter()
            ix.search(q, limit=10)
            if r:
                times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, nargs="+", default=[2000, 10000])
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    args = ap.parse_args(argv)
    print(f"load average at the start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    results = []
    for n in args.cases:
        r = measure(n, args.dir)
        results.append(r)
        net = (r["whoosh"] - r["read"]) / max(1e-9, r["fts5"] - r["read"])
        print(f"\n{n} cases, {r['text'] / 1e6:.0f} MB of text")
        print(f"  reading the cases     {r['read']:7.1f} s CPU")
        print(f"  lornplayer index      {r['whoosh']:7.1f} s CPU ({r['whoosh_wall']:.0f} s wall), one process")
        print(
            f"  with {r['procs']} workers        {r['workers_wall']:7.1f} s wall "
            f"({r['workers_cpu']:.1f} s CPU, all processes)"
        )
        print(f"  SQLite FTS5           {r['fts5']:7.1f} s CPU")
        print(f"  ratio                 {r['whoosh'] / r['fts5']:7.2f}x gross, {net:.2f}x net of reading")
        print(f"  query, top 10         {r['query']:7.1f} ms wall (median)")
        print(f"  index one case        {r['update']:7.1f} ms wall (median of 12)")
        print(
            f"  disk: database {r['db_bytes'] / 1e6:.0f} MB + index {r['index_bytes'] / 1e6:.0f} MB = "
            f"{(r['db_bytes'] + r['index_bytes']) / r['text']:.2f}x the text "
            f"(index alone {r['index_bytes'] / r['text']:.2f}x; FTS5's {r['fts5_bytes'] / r['text']:.2f}x)"
        )
    if len(results) >= 2:
        a, b = results[0], results[-1]
        print(
            f"\n{b['n']}/{a['n']}: build CPU {b['whoosh'] / a['whoosh']:.2f}x "
            f"(cases {b['n'] / a['n']:.0f}x), index size {b['index_bytes'] / a['index_bytes']:.2f}x, "
            f"one case {b['update'] / a['update']:.2f}x, query {b['query'] / a['query']:.2f}x"
        )
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
