"""The Qt adapters (decoding, PDF writing) and the one owner of the Qt application, each in a fresh process.

Which of them runs first must not matter, nor whether the process already has an application; the
PySide6 pinned in pyproject needs no reference-count workaround; FFmpeg's chatter stays off stderr.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"

ORDER_SCRIPT = r"""
import sys
from pathlib import Path
first, existing, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
if existing == "core":
    from PySide6.QtCore import QCoreApplication
    app = QCoreApplication([])
elif existing == "widgets":
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
from lornplayer.qt.application import ensure_app
from lornplayer.qt.decode import decode
from lornplayer.qt.pdf import markdown_to_pdf

def do_decode():
    n = len(decode(sys.argv[4], 16000))
    assert 6.2 < n / 16000 < 6.6, n

def do_pdf():
    markdown_to_pdf("# Blåbær\n\nTekst.", out / f"{first}-{existing}.pdf", title="T")
    assert (out / f"{first}-{existing}.pdf").read_bytes().startswith(b"%PDF")

steps = [do_decode, do_pdf] if first == "decode" else [do_pdf, do_decode]
for step in steps:
    step()
app = ensure_app()
if existing == "none":
    from PySide6.QtWidgets import QLabel  # a widget works in the same process afterwards
    label = QLabel("ok")
    label.show()
    assert type(app).__name__ == "QApplication"
    assert ensure_app(gui=True) is app
else:
    assert type(app).__name__ == {"core": "QCoreApplication", "widgets": "QApplication"}[existing]
    if existing == "core":  # no windows in a process that runs a bare QCoreApplication: a clear error
        try:
            ensure_app(gui=True)
        except RuntimeError as exc:
            assert "cannot show windows" in str(exc)
        else:
            raise AssertionError("ensure_app(gui=True) accepted a QCoreApplication")
print("OK", type(app).__name__)
"""


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_LOGGING_RULES")}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.update(extra)
    return env


@pytest.mark.parametrize(
    "first,existing", [("decode", "none"), ("pdf", "none"), ("decode", "core"), ("pdf", "core"), ("pdf", "widgets")]
)
def test_decoding_and_pdf_work_whichever_runs_first(tmp_path, first, existing):
    run = subprocess.run(
        [sys.executable, "-c", ORDER_SCRIPT, first, existing, str(tmp_path), str(DATA / "C9001.ogg")],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.startswith("OK")


def test_headless_work_needs_no_display(tmp_path):
    """Without QT_QPA_PLATFORM and without a display, the application made for decoding is offscreen."""
    env = _env()
    env.pop("QT_QPA_PLATFORM")
    script = (
        "import sys; from lornplayer.qt.application import ensure_app; from lornplayer.qt.decode import decode;"
        "decode(sys.argv[1]); print(ensure_app().platformName())"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, str(DATA / "C9001.mp3")], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.strip() == "offscreen"


REFCOUNT_SCRIPT = r"""
import sys
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication
app = QApplication([])
from lornplayer.qt.decode import decode
from lornplayer.ui.player import Player

class Probe(QObject):
    ping = Signal()
    value = Signal(float)
    flag = Signal(bool)

probe, timer, player = Probe(), QTimer(), Player()
before = {name: sys.getrefcount(obj) for name, obj in (("None", None), ("True", True), ("False", False))}
N = 100_000
for _ in range(N):
    probe.setObjectName("x")      # a void method: PySide6 6.12.0 dropped a reference to None here
    timer.setInterval(5)
    probe.ping.emit()             # ... and one to True per emit()
    probe.value.emit(1.5)
    probe.flag.emit(False)
    player.positionChanged.emit(1.0)
for _ in range(3):
    decode(sys.argv[1])           # tens of thousands of void calls inside the decoder loop
after = {name: sys.getrefcount(obj) for name, obj in (("None", None), ("True", True), ("False", False))}
player.shutdown()
print(" ".join(f"{k}={after[k] - before[k]}" for k in before))
"""


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None/True/False are immortal from Python 3.12 on")
def test_pinned_pyside6_keeps_the_references_of_none_true_and_false():
    """Why lornplayer has no ctypes refcount patch: the pinned PySide6 (<6.12) does not leak these references.

    With PySide6 6.12.0 every void call dropped a reference to None and every emit() one to True, so these
    hundreds of thousands of calls would take the counts down by as many (or CPython would abort in
    none_dealloc/bool_dealloc)."""
    run = subprocess.run(
        [sys.executable, "-c", REFCOUNT_SCRIPT, str(DATA / "C9001.flac")],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    deltas = dict(item.split("=") for item in run.stdout.split())
    assert set(deltas) == {"None", "True", "False"}
    for name, delta in deltas.items():
        assert int(delta) > -1000, f"{name} lost {-int(delta)} references: PySide6 leaks them (see pyproject pin)"


CHATTER_SCRIPT = r"""
import sys
from lornplayer import log
log.setup(verbose=sys.argv[2] == "verbose", console=True)
from lornplayer.qt.decode import decode
for path in sys.argv[3:]:
    decode(path)
"""


@pytest.mark.parametrize("mode", ["quiet", "verbose"])
def test_ffmpeg_chatter_stays_out_of_the_terminal(tmp_path, mode):
    files = [str(DATA / f"C9001.{ext}") for ext in ("mp3", "m4a", "opus")]
    env = _env(LORNPLAYER_LOG_DIR=str(tmp_path / "log"))
    run = subprocess.run(
        [sys.executable, "-c", CHATTER_SCRIPT, "x", mode, *files], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr[-3000:]
    if mode == "quiet":
        assert run.stderr == ""
    else:  # --verbose leaves FFmpeg's own messages on (they help to diagnose a file)
        assert "Input #0" in run.stderr and "C9001.mp3" in run.stderr


def test_the_application_paints_without_qts_fill_thread_pool():
    """Small repaints cost more handed to Qt's raster thread pool than done in place (bench_turn)."""
    env = _env()
    env.pop("QT_NO_GUI_THREADPOOL", None)
    script = (
        "import os; from lornplayer.qt.application import ensure_app; ensure_app(gui=True);"
        "print(os.environ.get('QT_NO_GUI_THREADPOOL'))"
    )
    run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.strip() == "1"
