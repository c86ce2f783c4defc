"""heap: no collections while the app starts; then what lives leaves the full collections for good."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_settle_freezes_what_exists_and_later_objects_are_still_collected():
    # In a process of its own: freezing is for the whole process.
    code = textwrap.dedent(
        """
        import gc, weakref
        from lornplayer import heap

        class Node:
            pass

        assert gc.get_freeze_count() == 0
        heap.hold()
        assert not gc.isenabled()
        old = Node()
        heap.settle()
        assert gc.isenabled()
        frozen = gc.get_freeze_count()
        assert frozen > 1000, frozen  # the interpreter's and lornplayer's objects
        assert gc.is_tracked(old)
        later = [Node() for _ in range(100)]
        heap.settle()  # again: what lives now joins them
        assert gc.get_freeze_count() >= frozen + 100
        # A cycle made afterwards is still found and freed by a full collection.
        a, b = Node(), Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        del a, b
        gc.collect()
        assert gone() is None
        print("ok")
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
