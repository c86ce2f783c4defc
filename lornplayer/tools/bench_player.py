"""Player and transcript benchmark (run by hand; prints figures, asserts nothing).

    python -m lornplayer.tools.bench_player [--cases 2000] [--keep DIR]

Measures, against the targets of the player issue:

* opening a 45-minute case with about 120 turns (target ≤ 100 ms);
* one position update while following the audio (target ≤ 1 ms);
* cold start to a usable window with a 2,000-case library (target ≤ 1.0 s),
  measured in a fresh process from interpreter start;
* resident memory of that process then (target ≤ 250 MB).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def synthetic_case(base, n: int, rng: random.Random, turns: int = 120):
    """A copy of a seed case with a new id, shuffled sentences and about ``turns`` turns."""
    from lornplayer.model import Case, Turn

    case = Case.from_dict(base.to_dict())
    case.id = f"C{n:04d}"
    case.label = f"#{case.id}"
    case.title = f"{base.title} ({n})"
    sentences = [s for t in base.turns for s in t.text.split(". ") if s]
    speakers = base.speakers or ["Silvija Seres", "Gjest Gjestesen"]
    case.turns = []
    for i in range(turns):
        k = rng.randint(2, 9)
        case.turns.append(Turn(speakers[i % len(speakers)], ". ".join(rng.choice(sentences) for _ in range(k)) + "."))
    case.duration_minutes = 45
    return case


def make_library(data_dir: Path, count: int) -> None:
    from lornplayer.parser import parse_file
    from lornplayer.paths import seeds_dir
    from lornplayer.store import Library

    seeds = [parse_file(p).case for p in sorted(seeds_dir().glob("C*.txt"))]
    seeds = [s for s in seeds if s.turns]
    rng = random.Random(42)
    lib = Library.open(data_dir / "library.sqlite3")
    lib.set_setting("seeds_imported", True)
    lib.set_setting("align.automatic", False)
    for n in range(1000, 1000 + count):
        lib.upsert_case(synthetic_case(seeds[n % len(seeds)], n, rng, turns=rng.randint(60, 140)))
    lib.close()


_COLD_START = r"""
import os, sys, time
t0 = time.perf_counter()
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
app = QApplication([])
from lornplayer.store import Library
from lornplayer.ui.mainwindow import MainWindow
lib = Library.open()
w = MainWindow(lib)
w.show()
w.start()
app.processEvents()
t1 = time.perf_counter()
rss = 0
with open("/proc/self/status") as f:
    for line in f:
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1]) / 1024
print(f"{t1 - t0:.3f} {rss:.1f} {w.model.rowCount()}")
w.shutdown()
os._exit(0)
"""


def bench_open_and_update(data_dir: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from lornplayer.store import Library
    from lornplayer.ui.mainwindow import MainWindow

    app = QApplication.instance() or QApplication([])
    lib = Library.open(data_dir / "library.sqlite3")
    w = MainWindow(lib)
    w.show()
    app.processEvents()
    ids = [r.id for r in lib.list_rows() if r.turn_count >= 110][:20]
    times = []
    for cid in ids:
        t = time.perf_counter()
        w.open_case(cid)
        app.processEvents()
        times.append((time.perf_counter() - t) * 1000)
    print(
        f"open a 45-min case (~{len(w.case.turns)} turns): median {statistics.median(times):.1f} ms, "
        f"max {max(times):.1f} ms over {len(times)} cases (target ≤ 100 ms)"
    )

    starts = w.timing.starts
    duration = w.timing.ends[-1] if w.timing.ends else 2700.0
    positions = [duration * i / 20000 for i in range(20000)]
    t = time.perf_counter()
    for p in positions:
        w.playback.on_position(p)
    per = (time.perf_counter() - t) / len(positions) * 1000
    changes = len(starts)
    print(
        f"position update while following: {per * 1000:.1f} µs per update ({len(positions)} updates crossing "
        f"{changes} turns, including repaints on turn changes) (target ≤ 1 ms)"
    )
    w.shutdown()
    lib.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--keep", help="build the library in this folder and keep it")
    args = ap.parse_args()
    data_dir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="lornbench-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["LORNPLAYER_DATA_DIR"] = str(data_dir)
    os.environ["LORNPLAYER_NO_SEED_IMPORT"] = "1"
    if not (data_dir / "library.sqlite3").exists():
        t = time.perf_counter()
        make_library(data_dir, args.cases)
        print(f"built a {args.cases}-case library in {time.perf_counter() - t:.1f} s ({data_dir})")
    runs = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", _COLD_START], capture_output=True, text=True, env=dict(os.environ), timeout=120
        )
        if out.returncode != 0:
            print(out.stderr[-2000:])
            raise SystemExit("cold start run failed")
        secs, rss, rows = out.stdout.split()
        runs.append((float(secs), float(rss), int(rows)))
    best = min(runs)
    print(
        f"cold start to a usable window with {best[2]} cases: {best[0]:.2f} s (best of 3; runs "
        f"{', '.join(f'{r[0]:.2f}' for r in runs)}) (target ≤ 1.0 s)"
    )
    print(f"resident memory then: {best[1]:.0f} MB (target ≤ 250 MB)")
    bench_open_and_update(data_dir)


if __name__ == "__main__":
    main()
