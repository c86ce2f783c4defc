"""Smoke test of an installed lornplayer (a wheel in a fresh virtual environment), run by .ci/run.

Run it with that environment's Python from outside the repository, so ``import lornplayer`` finds
the installed package and not the checkout:

    cd /tmp && /path/to/venv/bin/python /path/to/repo/.ci/smoke_installed.py

It starts the real app offscreen with an empty data folder in Norwegian and closes it once the
first start has imported the bundled seeds; then it checks the seeds, the translation and the
icon came from the installed package, and that ``lornplayer search`` finds a seed word.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def check(condition: object, message: str) -> None:
    if not condition:
        print(f"SMOKE FAILED: {message}", file=sys.stderr)
        sys.exit(1)
    print(f"ok: {message}")


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="lornplayer-smoke-"))
    os.environ.update(LORNPLAYER_DATA_DIR=str(tmp / "data"), LORNPLAYER_LANG="nb", QT_QPA_PLATFORM="offscreen")
    for name in ("LORNPLAYER_NO_SEED_IMPORT", "LORNPLAYER_SEEDS_DIR", "LORNPLAYER_CACHE_DIR", "LORNPLAYER_LOG_DIR"):
        os.environ.pop(name, None)

    import lornplayer
    from lornplayer import paths

    package = Path(lornplayer.__file__).resolve().parent
    check(Path(sys.prefix).resolve() in package.parents, f"lornplayer imported from the environment ({package})")
    seeds, resources = paths.seeds_dir(), paths.resources_dir()
    check(seeds == package / "seeds" and len(list(seeds.glob("C*.txt"))) == 5, f"five seed pages in {seeds}")
    check(len(list(seeds.glob("C*.opus"))) == 4, "four seed narrations")
    check((resources / "i18n" / "lornplayer_nb.qm").is_file(), f"compiled Bokmål translation in {resources}")
    check((resources / "icons" / "lornplayer.svg").is_file(), "the icon")

    # First start: the real app, closed as soon as the seeds are in the library.
    from PySide6.QtCore import QCoreApplication, QTimer
    from PySide6.QtWidgets import QApplication

    from lornplayer.qt.application import ensure_app
    from lornplayer.store import Library
    from lornplayer.ui.app import run

    app = ensure_app(gui=True)
    deadline = time.monotonic() + 120
    seeded: list[int] = []

    def close_when_seeded() -> None:
        if paths.database_path().exists() and not seeded:  # read the library the app created
            db = Library(paths.database_path())
            if db.count_cases() >= 5:
                seeded.append(1)
            db.close()
        if seeded or time.monotonic() > deadline:
            for widget in QApplication.topLevelWidgets():
                widget.close()

    timer = QTimer()
    timer.timeout.connect(close_when_seeded)
    timer.start(200)
    rc = run()
    timer.stop()
    check(rc == 0, "the app started and quit cleanly")
    probe = Library(paths.database_path())
    check(probe.count_cases() == 5, "first start imported the five seed cases")
    audio = [a for cid in probe.case_ids() for a in probe.audio_for(cid)]
    check(len(audio) == 4 and all(a.error is None and a.duration for a in audio), "with their audio")
    probe.close()
    check(QCoreApplication.translate("App", "Library") == "Bibliotek", "the Norwegian translation is loaded")
    check(not app.windowIcon().isNull(), "the window icon is set")

    # The console script, and a search for a word said in a seed episode.
    exe = shutil.which("lornplayer", path=str(Path(sys.executable).parent))
    check(exe, "the lornplayer command is installed")
    out = subprocess.run([exe, "search", "bærekraft", "--json"], capture_output=True, text=True, timeout=300)
    check(out.returncode == 0, f"lornplayer search ran ({out.stderr.strip()[-300:]})")
    hits = json.loads(out.stdout)
    found = any(h["kind"] == "turn" and h["start"] is not None for h in hits)
    check(found, f"search found the seed word in a turn with its time ({len(hits)} hits)")
    shutil.rmtree(tmp, ignore_errors=True)
    print("smoke test passed")


if __name__ == "__main__":
    main()
