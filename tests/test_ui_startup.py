"""Start-up: the garbage collector is held off while the app's modules load, and always let go."""

from __future__ import annotations

import gc

from lornplayer.ui import app as ui_app


def test_the_collector_runs_again_when_the_start_gives_up(qtbot, monkeypatch):
    from lornplayer.ui import safety

    seen = []

    def no_library(**_kwargs):
        seen.append(gc.isenabled())  # while starting: held off
        return None  # e.g. the user declined to recover a missing library

    monkeypatch.setattr(safety, "open_library", no_library)
    assert ui_app.run() == 1
    assert seen == [False]
    assert gc.isenabled()


def test_settling_freezes_what_lives_and_collects_again():
    gc.disable()
    before = gc.get_freeze_count()
    kept = [object() for _ in range(1000)]  # noqa: F841 - alive while settling
    ui_app.settle_heap()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= before + 1000
