"""The search panel end to end (up to 200 hits), as the user meets it, at 2,000 and 10,000 cases (Xvfb).

    python -m lornplayer.tools.bench_search_panel [--cases 2000 10000] [--rounds 5]

A real :class:`lornplayer.ui.search_panel.SearchPanel` over the application
core of a generated library (:mod:`lornplayer.tools.bench_library`, index
built) is shown on an Xvfb display.  For each query of a fixed set (common
words that give 200 hits, a phrase, a prefix, a fuzzy word, a filter) it
measures, from the call of ``search()``:

* first results shown (the first page painted in the list);
* all hits in the list (up to 200, every page added);
* the longest stall of the GUI thread meanwhile (gaps between the ticks of a
  1 ms timer).

Medians over the queries and ``--rounds`` rounds; the 10k/2k ratio at the end.
The heap is settled (:func:`lornplayer.heap.settle`) after the panel is
shown, as the app does once its window has started: without it, Python's full
collection of everything alive was the longest stall (30–36 ms at 10k).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

QUERIES = [
    "kommune",
    "teknologi",
    "innovasjon",
    "bærekraft data",
    '"offentlig sektor"',
    "digital*",
    "innovasjn~",
    "tema:helse teknologi",
    "kunstig intelligens",
    "samarbeid",
]


def _child(n: int, rounds: int, root: Path) -> None:
    os.environ.update(dict(__import__("lornplayer.tools.bench_library", fromlist=["x"]).environment(n, root).items()))
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

    from lornplayer.core import AppCore
    from lornplayer.qt.application import ensure_app
    from lornplayer.store import Library
    from lornplayer.ui.search_panel import SearchPanel

    app = ensure_app(gui=True)  # as the application makes it (its environment included)
    lib = Library(Path(os.environ["LORNPLAYER_DATA_DIR"]) / "library.sqlite3")
    core = AppCore(lib, interactive=True)
    core.index()  # opened (checked once) before the user types, as at start-up
    panel = SearchPanel(core)
    panel.resize(480, 900)
    panel.show()
    for _ in range(20):
        app.processEvents()
    from lornplayer import heap

    heap.settle()  # as the app does once its window has started (a full collection stalls the GUI otherwise)

    def once(query: str) -> tuple[float, float, float, int]:
        loop = QEventLoop()
        clock = QElapsedTimer()
        marks: dict[str, float] = {}
        gaps = {"last": 0.0, "max": 0.0}
        ticker = QTimer()
        ticker.setInterval(1)

        def tick():
            now = clock.nsecsElapsed() / 1e6
            gaps["max"] = max(gaps["max"], now - gaps["last"])
            gaps["last"] = now

        def first(_n):
            panel.tree.viewport().repaint()  # painted, as the user sees it
            marks["first"] = clock.nsecsElapsed() / 1e6

        def done(_n):
            panel.tree.viewport().repaint()
            marks["all"] = clock.nsecsElapsed() / 1e6
            loop.quit()

        ticker.timeout.connect(tick)
        panel.firstShown.connect(first)
        panel.searched.connect(done)
        clock.start()
        ticker.start()
        panel.search(query)
        loop.exec()
        ticker.stop()
        panel.firstShown.disconnect(first)
        panel.searched.disconnect(done)
        return marks["first"], marks["all"], gaps["max"], panel.hit_count()

    def idle_gap(ms: int = 400) -> float:
        """The longest gap between 1 ms ticks with nothing to do: the machine's scheduling noise."""
        loop = QEventLoop()
        clock = QElapsedTimer()
        gaps = {"last": 0.0, "max": 0.0}
        ticker = QTimer()
        ticker.setInterval(1)

        def tick():
            now = clock.nsecsElapsed() / 1e6
            gaps["max"] = max(gaps["max"], now - gaps["last"])
            gaps["last"] = now
            if now > ms:
                loop.quit()

        ticker.timeout.connect(tick)
        clock.start()
        ticker.start()
        loop.exec()
        ticker.stop()
        return gaps["max"]

    for q in QUERIES[:3]:  # warm-up: the OS file cache and the index's first reads
        once(q)
    firsts, alls, stalls = [], [], []
    hits = {}
    for _ in range(rounds):
        for q in QUERIES:
            f, a, s, n_hits = once(q)
            firsts.append(f)
            alls.append(a)
            stalls.append(s)
            hits[q] = n_hits
    idle = statistics.median(idle_gap() for _ in range(2 * rounds))
    print(
        "RESULT",
        statistics.median(firsts),
        statistics.median(alls),
        statistics.median(stalls),
        max(stalls),
        idle,
        " ".join(f"{q!r}:{h}" for q, h in hits.items()),
        flush=True,
    )
    core.close()
    lib.close()
    os._exit(0)


def main(argv: list[str] | None = None) -> None:
    from lornplayer.tools.bench_library import DEFAULT_DIR, ensure_library

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, nargs="+", default=[2000, 10000])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        _child(args.child, args.rounds, args.dir)
        return
    from lornplayer.tools.bench_startup import Xvfb

    for n in args.cases:
        ensure_library(n, args.dir)
    print(f"load average at the start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    x = Xvfb()
    medians = {}
    try:
        for n in args.cases:
            env = dict(os.environ, DISPLAY=x.display, QT_QPA_PLATFORM="xcb")
            t = time.perf_counter()
            out = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "lornplayer.tools.bench_search_panel",
                    "--child",
                    str(n),
                    "--rounds",
                    str(args.rounds),
                    "--dir",
                    str(args.dir),
                ],
                env=env,
                capture_output=True,
                text=True,
                timeout=3600,
                check=False,
            )
            line = next((ln for ln in out.stdout.splitlines() if ln.startswith("RESULT")), None)
            if line is None:
                raise SystemExit(out.stderr[-3000:])
            first, full, stall, worst, idle, *hits = line.split(" ", 6)[1:]
            medians[n] = (float(first), float(full), float(stall), float(worst))
            print(f"\n{n} cases ({time.perf_counter() - t:.0f} s): median over {len(QUERIES)} queries x {args.rounds}")
            print(f"  first results shown      {float(first):7.1f} ms")
            print(f"  all hits in the list     {float(full):7.1f} ms")
            print(
                f"  longest GUI-thread stall {float(stall):7.1f} ms median, {float(worst):.1f} ms worst "
                f"(idle, with no search: {float(idle):.1f} ms, the machine's scheduling noise)"
            )
            print(f"  hits: {' '.join(hits)}")
    finally:
        x.close()
    if len(medians) >= 2:
        a, b = args.cases[0], args.cases[-1]
        print(
            f"\n{b}/{a}: first results {medians[b][0] / medians[a][0]:.2f}x, "
            f"all hits {medians[b][1] / medians[a][1]:.2f}x"
        )
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
