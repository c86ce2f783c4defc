"""Sentence splitting and sentence times in the timing model and the store."""

from __future__ import annotations

import sqlite3

import pytest

from lornplayer.model import Turn
from lornplayer.sentences import MAX_CHARS, sentence_spans, sentences
from lornplayer.store import MIGRATIONS, Library
from lornplayer.timing import build_timing


def test_sentences_split_at_end_punctuation_and_keep_closing_quotes():
    text = "  Hei og velkommen. «Hva gjør du?» Jeg forsker… på byer! Slutt"
    assert sentences(text) == ["Hei og velkommen.", "«Hva gjør du?»", "Jeg forsker…", "på byer!", "Slutt"]
    for (a, b), s in zip(sentence_spans(text), sentences(text)):
        assert text[a:b] == s


def test_very_long_sentences_split_at_semicolons_and_colons_only():
    part = "ord " * 60
    text = f"{part.strip()}; {part.strip()}: {part.strip()}"
    assert len(text) > MAX_CHARS
    assert len(sentences(text)) == 3
    assert sentences("Kort; setning: her.") == ["Kort; setning: her."]
    assert sentences("") == [] and sentences("   ") == []


TURNS = [Turn("A", "Første setning. Andre setning er lengre enn den første."), Turn("B", "Bare en.")]


def test_estimated_timing_spreads_sentences_by_length_and_marks_them_unaligned():
    timing = build_timing(TURNS, 30.0)
    first, second = timing.sentences_of(0)
    assert first.start == timing.starts[0] and first.end == second.start and second.end == timing.ends[0]
    assert not first.aligned and first.confidence == 0.0
    assert second.start == pytest.approx(
        timing.starts[0] + (timing.ends[0] - timing.starts[0]) * 16 / len(TURNS[0].text), abs=0.01
    )
    assert timing.sentence_at(second.start + 0.01) == second
    assert timing.sentence_at(timing.starts[1] + 0.1).turn == 1
    assert timing.sentence_containing(0, 20) == second


def test_aligned_sentences_keep_their_times_and_follow_an_anchor():
    rows = [[0, 0, 15, 2.0, 3.0, 0.8, 1], [0, 16, 56, 9.0, 14.0, 0.2, 0], [1, 0, 8, 20.0, 22.0, 0.9, 1]]
    timing = build_timing(TURNS, 30.0, aligned=[2.0, 20.0], aligned_sentences=rows)
    a, b = timing.sentences_of(0)
    assert (a.start, b.start, b.confidence, b.aligned, a.aligned) == (2.0, 9.0, 0.2, False, True)
    assert timing.sentence_at(10.0) == b and timing.sentence_at(1.0) is None
    # The user says turn 1 starts at 11 s: turn 0's sentences are squeezed along with it.
    anchored = build_timing(TURNS, 30.0, aligned=[2.0, 20.0], aligned_sentences=rows, anchors={1: 11.0})
    assert anchored.sentences_of(0)[1].start == pytest.approx(2.0 + 7.0 * 9.0 / 18.0)
    # Rows for another text (offsets that do not match) are ignored: estimate inside the turn.
    other = build_timing(TURNS, 30.0, aligned=[2.0, 20.0], aligned_sentences=[[0, 3, 9, 5.0, 6.0, 1.0, 1]])
    assert not other.sentences_of(0)[1].aligned


def test_sentence_times_are_stored_with_the_alignment(tmp_path):
    lib = Library.open(tmp_path / "lib.sqlite3")
    try:
        lib.save_alignment("C1", "sig", "hash", [0.0, 5.0], [[0, 0, 10, 0.5, 2.0, 0.91234, True]])
        assert lib.get_alignment_sentences("C1", "sig", "hash") == [[0, 0, 10, 0.5, 2.0, 0.912, 1]]
        lib.save_alignment("C1", "sig", "hash", [0.0, 5.0])
        assert lib.get_alignment_sentences("C1", "sig", "hash") is None
    finally:
        lib.close()


def test_an_alignment_stored_before_sentence_times_upgrades(tmp_path):
    path = tmp_path / "library.sqlite3"
    db = sqlite3.connect(path)
    from lornplayer.store import _migrate_alignment_sentences

    before = MIGRATIONS.index(_migrate_alignment_sentences)  # the schema just before sentence times
    for migrate in MIGRATIONS[:before]:
        migrate(db)
    db.execute(f"PRAGMA user_version={before}")
    db.execute("INSERT INTO alignments VALUES ('C1', 'sig', 'hash', '[0.0, 4.0]', '2026-01-01')")
    db.commit()
    db.close()
    lib = Library(path)
    try:
        assert lib.get_alignment("C1", "sig", "hash") == [0.0, 4.0]
        assert lib.get_alignment_sentences("C1", "sig", "hash") is None
    finally:
        lib.close()


def test_exports_carry_aligned_sentence_cues():
    from lornplayer.timedtext import parse_vtt, timed_cues, write_vtt

    turns = [Turn("A", "En. To. Tre er en lang setning som tar tid å si fram. Fire."), Turn("B", "Slutt.")]
    rows = [
        [0, 0, 3, 1.0, 1.5, 0.9, 1],
        [0, 4, 7, 2.0, 2.5, 0.9, 1],
        [0, 8, 53, 3.0, 14.0, 0.9, 1],
        [0, 54, 59, 20.0, 21.0, 0.9, 1],
        [1, 0, 6, 30.0, 31.0, 0.9, 1],
    ]
    timing = build_timing(turns, 40.0, aligned=[1.0, 30.0], aligned_sentences=rows)
    cues = [(i, c.start, c.end, c.text) for i, c in timed_cues(turns, timing)]
    assert cues[0] == (0, 1.0, 3.0, "En. To.")
    # 17 s of one sentence is cut at a word, the parts timed by their length
    assert cues[1][1] == 3.0 and cues[1][3].startswith("Tre") and cues[2][2] == 20.0
    assert cues[1][2] == cues[2][1] and 3.0 < cues[1][2] < 20.0
    assert cues[-2] == (0, 20.0, 30.0, "Fire.") and cues[-1][:3] == (1, 30.0, 40.0)
    assert [c.start for c in parse_vtt(write_vtt(turns, timing))] == [c[1] for c in cues]
