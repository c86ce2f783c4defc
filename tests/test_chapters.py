"""Chapters from ID3 CHAP frames, Opus CHAPTER comments, a Podcasting 2.0 JSON file and the case's parts."""

from __future__ import annotations

import json
import shutil
from types import SimpleNamespace

import pytest
from mutagen.id3 import CHAP, CTOC, ID3, TIT2, CTOCFlags
from mutagen.oggopus import OggOpus

from lornplayer import chapters as ch


@pytest.fixture
def mp3_with_chapters(tmp_path, data_dir):
    path = tmp_path / "C9001.mp3"
    shutil.copy(data_dir / "C9001.mp3", path)
    tags = ID3()
    # Written out of order; the table of contents gives the order.
    tags.add(CHAP(element_id="b", start_time=2500, end_time=5000, sub_frames=[TIT2(text=["Andre del"])]))
    tags.add(CHAP(element_id="a", start_time=0, end_time=2500, sub_frames=[TIT2(text=["Intro"])]))
    tags.add(
        CTOC(
            element_id="toc",
            flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
            child_element_ids=["a", "b"],
            sub_frames=[TIT2(text=["Innhold"])],
        )
    )
    tags.save(path)
    return path


def test_id3_chap_frames(mp3_with_chapters):
    found = ch.read_embedded(mp3_with_chapters)
    assert [(c.start, c.title, c.source) for c in found] == [(0.0, "Intro", "id3"), (2.5, "Andre del", "id3")]
    assert found[0].end == 2.5
    assert ch.chapters_for(mp3_with_chapters) == found


def test_opus_chapter_comments(tmp_path, data_dir):
    path = tmp_path / "C9001.opus"
    shutil.copy(data_dir / "C9001.opus", path)
    audio = OggOpus(path)
    audio["CHAPTER001"] = "00:00:00.000"
    audio["CHAPTER001NAME"] = "Velkommen"
    audio["CHAPTER002"] = "00:00:01.500"
    audio["CHAPTER002NAME"] = "Samtalen"
    audio.save()
    found = ch.read_embedded(path)
    assert [(c.start, c.title) for c in found] == [(0.0, "Velkommen"), (1.5, "Samtalen")]
    assert found[0].end == 1.5 and found[-1].end == pytest.approx(OggOpus(path).info.length)


def test_json_beside_the_audio_wins(mp3_with_chapters):
    sidecar = mp3_with_chapters.with_name("C9001.chapters.json")
    sidecar.write_text(
        json.dumps(
            {
                "version": "1.2.0",
                "chapters": [
                    {"startTime": 1, "title": "Én"},
                    {"startTime": 0, "title": "Null"},
                    {"startTime": 2, "title": "Skjult", "toc": False},
                ],
            }
        ),
        encoding="utf-8",
    )
    found = ch.chapters_for(mp3_with_chapters)
    assert [(c.start, c.title, c.source) for c in found] == [(0.0, "Null", "json"), (1.0, "Én", "json")]
    assert json.loads(ch.to_json(found))["chapters"][1] == {"startTime": 1.0, "title": "Én"}


def test_bad_json_is_named_and_falls_back(mp3_with_chapters):
    mp3_with_chapters.with_name("C9001.chapters.json").write_text("{not json", encoding="utf-8")
    warnings: list[str] = []
    found = ch.chapters_for(mp3_with_chapters, warnings=warnings)
    assert [c.source for c in found] == ["id3", "id3"]
    assert "C9001.chapters.json" in warnings[0] and "not valid JSON" in warnings[0]
    with pytest.raises(ch.ChapterError, match="no startTime"):
        ch.parse_json('{"chapters": [{"title": "x"}]}')


def test_case_parts_by_first_turn_or_minutes(tmp_path):
    from lornplayer.model import Part

    case = SimpleNamespace(
        parts=[Part(1, "Leksjon 1", first_turn=0), Part(2, "Leksjon 2", first_turn=2), Part(3, None, first_turn=None)]
    )
    found = ch.chapters_for(tmp_path / "missing.mp3", case=case, starts=[5.0, 20.0, 40.0], duration=120.0)
    assert [(c.start, c.title, c.end) for c in found] == [(5.0, "Leksjon 1", 40.0), (40.0, "Leksjon 2", 120.0)]
    # No turn marks where the lessons begin: their minutes, laid end to end and scaled to the audio.
    lessons = SimpleNamespace(parts=[Part(1, "A", duration_minutes=10), Part(2, "B", duration_minutes=30)])
    found = ch.chapters_for(None, case=lessons, starts=[0.0], duration=1200.0)
    assert [(c.start, c.title) for c in found] == [(0.0, "A"), (300.0, "B")]
    assert ch.chapters_for(None, case=SimpleNamespace()) == []  # no parts attribute: no chapters


def test_chapter_at_next_previous():
    chs = [ch.Chapter(0, "a"), ch.Chapter(10, "b"), ch.Chapter(20, "c")]
    assert [ch.chapter_at(chs, t) for t in (0, 9.9, 10, 25)] == [0, 0, 1, 2]
    assert ch.chapter_at([], 5) == -1
    assert ch.next_start(chs, 10) == 20 and ch.next_start(chs, 21) is None
    assert ch.previous_start(chs, 15) == 10  # back to this chapter's start
    assert ch.previous_start(chs, 11) == 0  # just started: the one before


def test_exports_carry_chapters(case_folder, mp3_with_chapters):
    from lornplayer.core import AppCore
    from lornplayer.importer import import_paths
    from lornplayer.store import Library

    folder = case_folder("C9001.txt")
    shutil.copy(mp3_with_chapters, folder / "C9001.mp3")
    lib = Library.open()
    import_paths(lib, [str(folder)])
    core = AppCore(lib)
    try:
        doc = json.loads(core.export_transcript("C9001", "json"))
        assert doc["chapters"] == [
            {"startTime": 0.0, "title": "Intro", "endTime": 2.5},
            {"startTime": 2.5, "title": "Andre del", "endTime": 5.0},
        ]
        assert doc["segments"]  # still a transcript
        html = core.export_transcript("C9001", "html")
        assert html.count('<h3 class="chapter">') == 2 and "Andre del" in html
        assert html.index("Intro") < html.index('id="t0"')
        md = core.export_transcript("C9001", "md", with_times=False)
        assert "### Intro" in md and "### Andre del" in md
    finally:
        core.close()
        lib.close()


@pytest.mark.skipif(not shutil.which("ffmpeg"), reason="ffmpeg is not installed (it writes the MP4 chapters)")
def test_mp4_chapters(tmp_path, data_dir):
    import subprocess

    meta = tmp_path / "meta.txt"
    meta.write_text(
        ";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=3000\ntitle=Start\n"
        "[CHAPTER]\nTIMEBASE=1/1000\nSTART=3000\nEND=6000\ntitle=Slutt\n",
        encoding="utf-8",
    )
    out = tmp_path / "C9001.m4a"
    subprocess.run(
        [
            "ffmpeg",
            "-loglevel",
            "error",
            "-y",
            "-i",
            str(data_dir / "C9001.m4a"),
            "-i",
            str(meta),
            "-map",
            "0",
            "-map_metadata",
            "1",
            "-map_chapters",
            "1",
            "-codec",
            "copy",
            str(out),
        ],
        check=True,
    )
    found = ch.read_embedded(out)
    assert [(c.start, c.title, c.source) for c in found] == [(0.0, "Start", "mp4"), (3.0, "Slutt", "mp4")]
