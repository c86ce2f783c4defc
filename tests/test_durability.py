"""Killing the app with SIGKILL while the user types loses at most the last two seconds of typing."""

from __future__ import annotations

import ast
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from lornplayer import paths
from lornplayer.model import Note
from lornplayer.parser import parse_file
from lornplayer.store import Library

HELPER = Path(__file__).with_name("kill_helper.py")
QUESTION = "Hva tar du med deg fra denne samtalen?"
TYPING_SECONDS = 3.0
MAX_LOSS_SECONDS = 2.0


def _read_lines(stream, out: queue.Queue) -> None:
    for line in stream:
        out.put(line.rstrip("\n"))
    out.put(None)


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX only")
def test_sigkill_while_typing_keeps_saved_work_and_loses_at_most_two_seconds(tmp_path, data_dir):
    db_path = paths.database_path()
    library = Library.open(db_path)
    case = parse_file(data_dir / "C9001.txt").case
    case.reflection_questions = [QUESTION]
    library.upsert_case(case)
    earlier = [
        Note(None, case.id, "Et tidligere notat", 3.0, 1),
        Note(None, case.id, "Enda ett\nmed to linjer", 20.0, 3),
    ]
    for note in earlier:
        library.add_note(note)
    library.set_answer(case.id, "learning", "Testing", "Tidligere svar")
    library.close()

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONUNBUFFERED="1")
    stderr_path = tmp_path / "child-stderr.txt"
    with open(stderr_path, "w") as stderr:
        proc = subprocess.Popen(
            [sys.executable, str(HELPER), case.id],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            encoding="utf-8",
            env=env,
        )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_read_lines, args=(proc.stdout, lines), daemon=True).start()

    before: dict = {}
    target_id = None
    typed: list[tuple[str, float]] = []  # (character, monotonic time it was typed)

    def handle(line: str) -> None:
        nonlocal before, target_id
        kind, _, rest = line.partition(" ")
        if kind == "MODE":
            print("child runs the", rest)  # shown with pytest -s: the real main window, or bare panels
        elif kind == "BEFORE":
            before = json.loads(rest)
        elif kind == "NOTE":
            target_id = int(rest)
        elif kind == "TYPED":
            index, _, rest = rest.partition(" ")
            char, _, stamp = rest.rpartition(" ")
            assert int(index) == len(typed)
            typed.append((ast.literal_eval(char), float(stamp)))

    deadline = time.monotonic() + 20
    try:
        while not typed or typed[-1][1] - typed[0][1] < TYPING_SECONDS:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            assert line is not None, f"the child ended early: {stderr_path.read_text()}"
            handle(line)
        killed_at = time.monotonic()
        os.kill(proc.pid, signal.SIGKILL)
        while (line := lines.get(timeout=10)) is not None:  # what the child printed before it died
            handle(line)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL

    library = Library(db_path)
    try:
        # (1) Everything saved before the typing is intact.
        for note in earlier:
            stored = library.get_note(note.id)
            assert (stored.text, stored.position, stored.turn_index) == (note.text, note.position, note.turn_index)
        assert library.get_note(before["note_id"]).text == before["note"]
        answers = {(n.kind, n.key): n.text for n in library.notes(case.id) if n.kind != "note"}
        assert answers == {("learning", "Testing"): "Tidligere svar", ("reflection", QUESTION): before["answer"]}

        # (2) The note being typed holds a prefix of the typing, missing at most the last two seconds.
        text = "".join(ch for ch, _ in typed)
        saved = library.get_note(target_id).text
        assert text.startswith(saved), (saved, text)
        must_have = sum(1 for _, t in typed if t < killed_at - MAX_LOSS_SECONDS)
        assert must_have >= 10  # typing went on long enough for the bound to mean something
        lost = typed[len(saved) :]
        assert len(saved) >= must_have, (
            f"saved {len(saved)} of {len(typed)} characters; lost {killed_at - lost[0][1]:.2f} s of typing"
        )
    finally:
        library.close()
