"""CPU of a turn change while following the audio, with the event loop running (under Xvfb).

    python -m lornplayer.tools.bench_turn [--turns 40] [--rounds 5]

A transcript view (the real :class:`lornplayer.ui.transcript.TranscriptView`,
1000x800 on an Xvfb display, a 45-minute case of about 130 turns) follows a
simulated playback: the position advances every 50 ms like the player's
ticks, and every ``--interval`` seconds it crosses into the next turn.  The
process's CPU time over the run, minus the same run's CPU without turn changes
(position ticks only), divided by the turn changes, is the cost of one turn
change: repainting the two turns, the scroll animation's frames and whatever
Qt does in between.  Median of ``--rounds`` rounds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time


def _child(turns: int, interval: float, rounds: int) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    from lornplayer.model import Turn
    from lornplayer.qt.application import ensure_app
    from lornplayer.tools.bench_search import synthetic_cases
    from lornplayer.ui.transcript import TranscriptView

    app = ensure_app(gui=True)  # as the application makes it (its environment included)
    case = next(synthetic_cases(1, seed=7))
    case.turns = case.turns[:130] or [Turn("Vert", "hei")]
    starts = [i * 20.0 for i in range(len(case.turns))]
    view = TranscriptView()
    view.resize(1000, 800)
    view.set_transcript(case.turns, starts)
    view.show()
    view.set_following(True)
    for _ in range(20):
        app.processEvents()

    def run(change: bool) -> tuple[float, int]:
        """(CPU seconds, turn changes) of ``turns * interval`` seconds of following."""
        loop = QEventLoop()
        state = {"ticks": 0, "changes": 0}
        ticks_per_turn = max(1, round(interval / 0.05))
        base = max(view.current_turn(), 0)

        def tick():
            state["ticks"] += 1
            if change and state["ticks"] % ticks_per_turn == 0:
                state["changes"] += 1
            turn = (base + state["changes"]) % len(starts)
            view.set_position(starts[turn] + (state["ticks"] % ticks_per_turn) * 0.05)
            if state["ticks"] >= turns * ticks_per_turn:
                loop.quit()

        timer = QTimer()
        timer.timeout.connect(tick)
        cpu = time.process_time()
        timer.start(50)
        loop.exec()
        timer.stop()
        for _ in range(10):
            app.processEvents()
        return time.process_time() - cpu, state["changes"]

    costs = []
    for _ in range(rounds):
        idle, _ = run(change=False)
        busy, changes = run(change=True)
        costs.append((busy - idle) / max(1, changes))
    print(f"RESULT {statistics.median(costs) * 1000:.2f} {' '.join(f'{c * 1000:.2f}' for c in costs)}", flush=True)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--turns", type=int, default=40, help="turn changes per round")
    ap.add_argument("--interval", type=float, default=0.6, help="seconds between turn changes")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        _child(args.turns, args.interval, args.rounds)
        return
    from lornplayer.tools.bench_startup import Xvfb

    x = Xvfb()
    try:
        env = dict(os.environ, DISPLAY=x.display, QT_QPA_PLATFORM="xcb")
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "lornplayer.tools.bench_turn",
                "--child",
                "--turns",
                str(args.turns),
                "--interval",
                str(args.interval),
                "--rounds",
                str(args.rounds),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=1200,
            check=False,
        )
    finally:
        x.close()
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("RESULT")), None)
    if line is None:
        raise SystemExit(out.stderr[-2000:])
    median, *runs = line.split()[1:]
    print(
        f"turn change while following, CPU per change (event loop running, Xvfb): median {median} ms "
        f"(rounds: {', '.join(runs)} ms)"
    )


if __name__ == "__main__":
    main()
