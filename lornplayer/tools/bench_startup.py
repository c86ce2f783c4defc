"""Whole-process cold start to a shown, populated window, under Xvfb, at 2,000 and 10,000 cases.

    python -m lornplayer.tools.bench_startup [--cases 2000 10000] [--runs 7] [--no-gpodder]

Each run starts a new process running what the ``lornplayer`` command runs
(``lornplayer.cli.main([])``: no arguments, as the desktop launcher starts it)
on an Xvfb display against a generated library
(:mod:`lornplayer.tools.bench_library`, reused between runs) and takes the time
from just before the process is spawned until the library table has painted
with its rows (the child reports that moment, then closes its window and quits
cleanly as a user would: a killed process makes the next start check the whole
database).  The index is built beforehand, so the start measures what a user
meets on a normal day.  The median of the runs is printed; gPodder's start
(until its main window is mapped, found with ``xdotool``; under
``dbus-run-session``, which it needs) is measured in the same runs as the
reference when it is installed.  Also printed: the lornplayer process's resident memory
once the window is shown.

Bytecode is measured as a user meets it: an installed wheel has its ``.pyc`` files
(pip compiles them at install), while a development checkout under
``PYTHONDONTWRITEBYTECODE=1`` would compile every module on every start.  So every
measured process (lornplayer and gPodder alike) runs with ``PYTHONPYCACHEPREFIX``
set to one temporary directory of this run (and ``PYTHONDONTWRITEBYTECODE``
unset), which the unmeasured warm-up starts fill; ``--compile-each-start``
measures the old way instead.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from lornplayer.tools.bench_library import DEFAULT_DIR, ensure_library, environment

REPO = Path(__file__).resolve().parents[2]

# Set by main(): the environment every measured process gets for its bytecode (see the docstring).
_BYTECODE_ENV: dict[str, str] = {}

_CHILD = textwrap.dedent("""
    import importlib.abc, importlib.util, sys, time

    def hook(mainwindow):
        from PySide6.QtCore import QEvent, QObject, QTimer

        class Painted(QObject):
            def __init__(self, window):
                super().__init__(window)
                self.window = window

            def eventFilter(self, obj, event):
                if event.type() == QEvent.Type.Paint and self.window.isVisible() and self.window.model.rowCount() > 0:
                    QTimer.singleShot(0, self.report)
                return False

            def report(self):
                rss = 0
                with open("/proc/self/status") as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            rss = int(line.split()[1]) * 1024
                print(f"READY {time.time():.6f} {self.window.model.rowCount()} {rss}", flush=True)
                self.window.table.viewport().removeEventFilter(self)
                # Quit the way a user does: a killed process would make the next start check the
                # whole database (what lornplayer does after an unclean shutdown).
                self.window.close()

        start = mainwindow.MainWindow.start

        def hooked(self, *args, **kwargs):
            self.table.viewport().installEventFilter(Painted(self))
            return start(self, *args, **kwargs)

        mainwindow.MainWindow.start = hooked

    class Finder(importlib.abc.MetaPathFinder):
        # Hooks the main window when the app imports it, so the app imports everything itself,
        # in its own order, as the `lornplayer` command does.
        def find_spec(self, name, path, target=None):
            if name != "lornplayer.ui.mainwindow":
                return None
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(name)
            load = spec.loader.exec_module

            def exec_module(module):
                load(module)
                hook(module)

            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, Finder())
    from lornplayer.cli import main  # what the `lornplayer` command runs
    sys.exit(main([]))
""")


class Xvfb:
    def __init__(self):
        self.display = f":{90 + os.getpid() % 100}"
        self.proc = subprocess.Popen(
            ["Xvfb", self.display, "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1.0)
        if self.proc.poll() is not None:
            raise SystemExit("Xvfb did not start")

    def close(self):
        self.proc.terminate()
        self.proc.wait(10)


def _environ() -> dict[str, str]:
    env = dict(os.environ)
    if _BYTECODE_ENV:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.update(_BYTECODE_ENV)
    return env


def start_lornplayer(n: int, display: str, root: Path) -> tuple[float, int, int]:
    env = dict(
        _environ(),
        **environment(n, root),
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        PYTHONPATH=str(REPO),
        LORNPLAYER_LANG="en",
    )
    env.pop("WAYLAND_DISPLAY", None)
    t0 = time.time()
    p = subprocess.Popen(
        [sys.executable, "-c", _CHILD], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        assert p.stdout is not None
        for line in p.stdout:
            if line.startswith("READY"):
                _, when, rows, rss = line.split()
                p.wait(60)  # it closes its window and quits cleanly
                return float(when) - t0, int(rows), int(rss)
        raise RuntimeError("lornplayer exited without showing its window")
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()


def start_gpodder(display: str) -> float | None:
    if not shutil.which("gpodder") or not shutil.which("xdotool") or not shutil.which("dbus-run-session"):
        return None
    home = tempfile.mkdtemp(prefix="bench-gpodder-")
    env = dict(_environ(), DISPLAY=display, GPODDER_HOME=home, HOME=home)
    t0 = time.time()
    # gPodder needs a D-Bus session bus; it opens its main window (and a "Getting started" dialog).
    p = subprocess.Popen(
        ["dbus-run-session", "--", "gpodder"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = t0 + 60
        while time.time() < deadline:
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", "gPodder"],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if found.stdout.strip():
                return time.time() - t0
            time.sleep(0.01)
        return None
    finally:
        try:
            os.killpg(p.pid, signal.SIGTERM)
            p.wait(10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(p.pid, signal.SIGKILL)
        shutil.rmtree(home, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, nargs="+", default=[2000, 10000])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--no-gpodder", action="store_true")
    ap.add_argument(
        "--compile-each-start",
        action="store_true",
        help="keep the environment's bytecode settings (a checkout under PYTHONDONTWRITEBYTECODE compiles every start)",
    )
    args = ap.parse_args(argv)
    for n in args.cases:
        ensure_library(n, args.dir)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average at the start: {load} on {os.cpu_count()} CPUs")
    pycache = None
    if args.compile_each_start:
        print("bytecode: as the environment sets it (PYTHONDONTWRITEBYTECODE compiles every module every start)")
    else:
        pycache = tempfile.mkdtemp(prefix="bench-pycache-")
        _BYTECODE_ENV["PYTHONPYCACHEPREFIX"] = pycache
        print(f"bytecode: cached in {pycache} (PYTHONPYCACHEPREFIX), warmed by the unmeasured starts, as installed")
    x = Xvfb()
    results: dict[str, list[float]] = {}
    rss: dict[int, list[int]] = {}
    try:
        for n in args.cases:  # one warm-up start each (the OS file cache, the bytecode cache), not counted
            start_lornplayer(n, x.display, args.dir)
        gp_ok = not args.no_gpodder and start_gpodder(x.display) is not None
        if not args.no_gpodder and not gp_ok:
            print("gPodder: not installed (or its window never appeared): no reference measured")
        for _ in range(args.runs):  # interleaved, so load changes hit every series alike
            for n in args.cases:
                t, rows, mem = start_lornplayer(n, x.display, args.dir)
                assert rows == n, (rows, n)
                results.setdefault(f"lornplayer {n}", []).append(t)
                rss.setdefault(n, []).append(mem)
            if gp_ok:
                gp = start_gpodder(x.display)
                if gp is not None:
                    results.setdefault("gPodder", []).append(gp)
    finally:
        x.close()
        _BYTECODE_ENV.clear()
        if pycache:
            shutil.rmtree(pycache, ignore_errors=True)
    medians = {k: statistics.median(v) for k, v in results.items()}
    print(f"\nstart to a shown, populated window (median of {args.runs}, seconds; all runs in brackets):")
    for k, v in results.items():
        print(f"  {k:<18} {medians[k]:6.2f}   [{', '.join(f'{t:.2f}' for t in v)}]")
    for n in args.cases:
        print(f"  RSS at {n} cases, window shown: {statistics.median(rss[n]) / 1e6:.0f} MB")
    if len(args.cases) >= 2:
        a, b = args.cases[0], args.cases[-1]
        print(f"  ratio {b}/{a}: {medians[f'lornplayer {b}'] / medians[f'lornplayer {a}']:.2f}")
    if "gPodder" in medians:
        for n in args.cases:
            print(f"  lornplayer {n} / gPodder: {medians[f'lornplayer {n}'] / medians['gPodder']:.2f}")
    print(f"load average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
