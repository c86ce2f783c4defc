"""Shared test setup: offscreen Qt, and every path redirected into a temp dir."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import numpy  # noqa: F401 - imported on the main thread before any background work imports it
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_MEDIA_BACKEND", "ffmpeg")

from lornplayer.qt.application import prepare_environment

prepare_environment()  # before pytest-qt makes the QApplication: Qt Multimedia's remarks stay out of the output

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path, monkeypatch):
    """Every test gets its own data and cache directory (never the user's)."""
    data = tmp_path / "data"
    monkeypatch.setenv("LORNPLAYER_DATA_DIR", str(data))
    monkeypatch.setenv("LORNPLAYER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("LORNPLAYER_NO_SEED_IMPORT", "1")
    monkeypatch.setenv("LORNPLAYER_LOG_DIR", str(tmp_path / "log"))
    yield data
    from lornplayer import log

    log.shutdown()  # a CLI test set logging up: its handlers and hooks must not outlive the test


@pytest.fixture
def data_dir() -> Path:
    """Folder of small real test files (audio clips per format, a test case page)."""
    return DATA


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def clip_dir(tmp_path) -> Path:
    """A writable copy of the C9001 test page and its audio clips."""
    dest = tmp_path / "clip"
    shutil.copytree(DATA, dest, ignore=shutil.ignore_patterns("pages", "realspeech"))  # only C9001 and its clips
    return dest


@pytest.fixture
def case_folder(tmp_path):
    """``case_folder("C0557.txt", "C9001.opus", …)``: a fresh folder with copies of those files, taken from
    ``seeds/`` or ``tests/data/`` (whichever has the name), ready to import."""

    def make(*names: str) -> Path:
        src = tmp_path / "src"
        src.mkdir(exist_ok=True)
        for name in names:
            shutil.copy(SEEDS / name if (SEEDS / name).exists() else DATA / name, src)
        return src

    return make


@pytest.fixture
def transcript_view(qtbot):
    """A shown 600x500 transcript pane with no turns."""
    from lornplayer.ui.transcript import TranscriptView

    v = TranscriptView()
    qtbot.addWidget(v)
    v.resize(600, 500)
    v.show()
    qtbot.waitExposed(v)
    return v


@pytest.fixture
def make_window(qtbot):
    """``make_window(library, start=False)``: a shown main window on *library* (``start``: as the app
    starts it: seeds, index, the case to open); every window made is shut down after the test."""
    from lornplayer.ui.mainwindow import MainWindow

    windows = []

    def make(lib, start: bool = False):
        w = MainWindow(lib)
        qtbot.addWidget(w)
        w.show()
        windows.append(w)
        if start:
            qtbot.waitExposed(w)
            w.start()
            qtbot.waitUntil(lambda: w.is_started, timeout=10000)
        return w

    yield make
    for w in windows:
        w.shutdown()


# -- leaving the test process ---------------------------------------------------
# Qt's C++ objects (the QApplication pytest-qt keeps, FFmpeg and D-Bus threads) are destroyed by the
# interpreter's exit after pytest has reported, in an order Qt does not promise; that has crashed the
# process *after* a green run.  The app itself shuts its player down before its QApplication goes
# (tested in test_ui_player/test_ui_app); the test process just leaves with pytest's own status.
_session: dict[str, int] = {}


def pytest_sessionfinish(session, exitstatus):
    _session["status"] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    if "status" in _session and not os.environ.get("LORNPLAYER_TEST_NORMAL_EXIT"):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_session["status"])
