"""Screenshots of the main window, the first start and presentation mode, to look at as a user would.

    xvfb-run -s "-screen 0 1920x1080x24" python -m lornplayer.tools.screenshots OUTDIR [--lang en|nb]

Makes a fresh library in a temporary folder (the seeds are imported as on a first start) and saves
``main-1280x800.png``, ``main-900x600.png``, ``first-start-1280x800.png`` and
``presentation-1280x800.png`` (with the language as a suffix).  Run by hand; not a test.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--lang", default="en")
    args = ap.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="lornplayer-shots-")
    os.environ["LORNPLAYER_DATA_DIR"] = str(Path(tmp) / "data")
    os.environ["LORNPLAYER_LANG"] = args.lang
    os.environ.pop("LORNPLAYER_NO_SEED_IMPORT", None)

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from lornplayer.ui import app as ui_app

    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    ui_app.install_translations(qapp)
    from lornplayer.store import Library
    from lornplayer.ui.mainwindow import MainWindow

    def wait(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    lib = Library.open()
    lib.set_setting("align.automatic", False)
    w = MainWindow(lib)
    w.resize(1280, 800)
    w.show()
    w.start()
    for _ in range(200):
        wait(100)
        if w.case is not None and not w.tasks.tasks:
            break
    wait(800)
    suffix = f"-{args.lang}"
    w.grab().save(str(args.outdir / f"first-start-1280x800{suffix}.png"))
    if w.welcome is not None:
        w.welcome.dismiss()
    wait(300)
    w.grab().save(str(args.outdir / f"main-1280x800{suffix}.png"))
    w.resize(900, 600)
    wait(500)
    w.grab().save(str(args.outdir / f"main-900x600{suffix}.png"))
    w.resize(1280, 800)
    wait(300)
    w.toggle_presentation()
    wait(800)
    if w.presentation is not None:
        w.presentation.grab().save(str(args.outdir / f"presentation{suffix}.png"))
        w.presentation.close()
    w.shutdown()
    lib.close()
    print("\n".join(str(p) for p in sorted(args.outdir.glob(f"*{suffix}.png"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
