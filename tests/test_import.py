"""Importing case pages and episode audio: matching, idempotency, user data, and bad files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lornplayer.audio import AudioProbeError, case_id_from_text, probe
from lornplayer.importer import collect_files, import_paths, import_seeds
from lornplayer.model import Note
from lornplayer.parser import parse_file
from lornplayer.store import Library, Progress

SEED_IDS = ["C0399", "C0557", "C0608", "C0775", "C0796"]
FORMATS = ["wav", "mp3", "ogg", "opus", "flac", "m4a"]


@pytest.fixture
def lib(tmp_path):
    library = Library.open(tmp_path / "lib" / "library.sqlite3")
    yield library
    library.close()


@pytest.fixture
def pages(tmp_path, seeds_dir) -> Path:
    """A copy of the five seed pages (without any audio that may sit next to them)."""
    dest = tmp_path / "pages"
    dest.mkdir()
    for f in seeds_dir.glob("*.txt"):
        shutil.copy(f, dest / f.name)
    return dest


def table_counts(lib: Library) -> dict[str, int]:
    return {
        t: lib._query(f"SELECT count(*) FROM {t}")[0][0]
        for t in ("cases", "turns", "audio_files", "people", "case_people")
    }


def test_import_seeds_and_test_data(lib, pages, clip_dir):
    report = import_paths(lib, [pages, clip_dir])
    assert sorted(report.added) == SEED_IDS + ["C9001"]
    assert report.updated == [] and report.unchanged == []
    assert report.problems == []
    assert len(report.audio) == len(FORMATS)
    assert lib.count_cases() == 6
    # Every clip found its case by its file name.
    files = lib.audio_for("C9001")
    assert sorted(Path(a.path).suffix for a in files) == sorted("." + f for f in FORMATS)
    for a in files:
        assert a.error is None and a.case_id == "C9001"
        assert a.duration == pytest.approx(6.4, abs=0.15)
        assert a.format == Path(a.path).suffix[1:]
    assert table_counts(lib)["turns"] == 37 + 28 + 101 + 45 + 0 + 4
    assert report.summary() == "Imported cases: 6 new, 0 updated, 0 unchanged, 6 audio files"
    rows = {r.id: r for r in lib.list_rows()}
    assert rows["C9001"].audio_path is not None and rows["C0557"].audio_path is None


def test_reimport_is_idempotent(lib, pages, clip_dir):
    import_paths(lib, [pages, clip_dir])
    before = table_counts(lib)
    report = import_paths(lib, [pages, clip_dir])
    assert sorted(report.unchanged) == SEED_IDS + ["C9001"]
    assert report.added == [] and report.updated == [] and report.problems == []
    assert table_counts(lib) == before
    assert report.summary().startswith("Imported cases: 0 new, 0 updated, 6 unchanged")
    # No duplicates in any table.
    assert lib._query("SELECT count(DISTINCT name) FROM people")[0][0] == before["people"]
    assert lib._query("SELECT count(DISTINCT path) FROM audio_files")[0][0] == before["audio_files"] == 6
    assert lib._query("SELECT count(*) FROM (SELECT DISTINCT case_id, idx FROM turns)")[0][0] == before["turns"]


def test_a_file_named_twice_is_imported_once(lib, clip_dir):
    report = import_paths(lib, [clip_dir, clip_dir / "C9001.txt", clip_dir / "C9001.mp3", clip_dir])
    assert report.added == ["C9001"] and report.unchanged == []
    assert len(report.audio) == len(FORMATS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_audio_matched_by_file_name(lib, clip_dir, fmt):
    import_paths(lib, [clip_dir / "C9001.txt"])
    report = import_paths(lib, [clip_dir / f"C9001.{fmt}"])
    assert report.problems == [] and report.warnings == []
    [a] = lib.audio_for("C9001")
    assert a.path == str((clip_dir / f"C9001.{fmt}").resolve())


@pytest.mark.parametrize(
    "name, expected",
    [
        ("C0557", "C0557"),
        ("lorn-case-0557", "C0557"),
        ("LØRN #0399 Kjersti Eiken", "C0399"),
        ("Episode C0775 (final)", "C0775"),
        ("c557", "C0557"),
        ("episode", None),
        ("EC0557X", None),
        ("2021", None),
    ],
)
def test_case_id_from_text(name, expected):
    assert case_id_from_text(name) == expected


def tag_file(path: Path, fmt: str, title: str) -> None:
    """Write a title tag the way each format stores it."""
    import mutagen
    from mutagen.id3 import ID3, TIT2

    if fmt == "mp3":
        tags = ID3()
        tags.add(TIT2(encoding=3, text=[title]))
        tags.save(path)
    elif fmt == "m4a":
        f = mutagen.File(path)
        f.tags["\xa9nam"] = [title]
        f.save()
    else:
        f = mutagen.File(path)
        if f.tags is None:
            f.add_tags()
        f.tags["title"] = [title]
        f.save()


@pytest.mark.parametrize("fmt", ["mp3", "ogg", "opus", "flac", "m4a"])
def test_case_id_from_tags_when_the_file_name_has_none(lib, clip_dir, tmp_path, fmt):
    episode = tmp_path / f"episode.{fmt}"
    shutil.copy(clip_dir / f"C9001.{fmt}", episode)
    tag_file(episode, fmt, "LØRN Case #C9001")
    assert probe(episode).case_id == "C9001"
    assert probe(episode).title == "LØRN Case #C9001"
    import_paths(lib, [clip_dir / "C9001.txt"])
    report = import_paths(lib, [episode])
    assert report.problems == []
    assert [a.path for a in lib.audio_for("C9001")] == [str(episode.resolve())]


def test_case_id_from_a_custom_id3_frame(tmp_path, clip_dir):
    from mutagen.id3 import ID3, TXXX

    episode = tmp_path / "episode.mp3"
    shutil.copy(clip_dir / "C9001.mp3", episode)
    tags = ID3()
    tags.add(TXXX(encoding=3, desc="LORN_CASE", text=["C9001"]))
    tags.save(episode)
    assert probe(episode).case_id == "C9001"


def test_pictures_in_tags_are_not_read_for_a_case_number(tmp_path, clip_dir):
    from mutagen.id3 import APIC, ID3

    episode = tmp_path / "episode.mp3"
    shutil.copy(clip_dir / "C9001.mp3", episode)
    tags = ID3()
    tags.add(APIC(encoding=3, mime="image/png", type=3, desc="cover", data=b"\x89PNG LORN Case C1234 " * 50))
    tags.save(episode)
    assert probe(episode).case_id is None


def test_audio_without_a_case_is_kept_caseless_with_a_warning(lib, clip_dir, tmp_path):
    episode = tmp_path / "episode.mp3"
    shutil.copy(clip_dir / "C9001.mp3", episode)
    report = import_paths(lib, [episode])
    assert report.problems == []
    [warning] = report.warnings
    assert warning.startswith(f"{episode}: ") and "which case" in warning and "kept without a case" in warning
    assert lib.count_audio() == 1 and lib.audio_for("C9001") == []


def test_audio_before_its_page_is_kept_with_a_warning(lib, clip_dir):
    report = import_paths(lib, [clip_dir / "C9001.wav"])
    assert report.problems == [] and len(report.audio) == 1
    assert any("C9001 is not in the library yet" in w for w in report.warnings)
    import_paths(lib, [clip_dir / "C9001.txt"])
    assert [r.audio_path for r in lib.list_rows()] == [str((clip_dir / "C9001.wav").resolve())]


def test_user_data_survives_reimport_also_when_the_page_changed(lib, clip_dir):
    page = clip_dir / "C9001.txt"
    import_paths(lib, [clip_dir])
    lib.save_progress(
        Progress("C9001", position=3.5, listened_json="[[0, 3.5]]", listened_seconds=3.5, time_listened=4.0)
    )
    note_id = lib.add_note(Note(None, "C9001", "Viktig poeng", position=2.0, turn_index=1))
    lib.set_answer("C9001", "learning", "Testing", "Lært.")
    lib.set_anchor("C9001", 2, 4.25)

    assert import_paths(lib, [page]).unchanged == ["C9001"]
    page.write_text(
        page.read_text(encoding="utf-8").replace("Et kort testopptak", "Et nytt testopptak")
        + "\nSilvija: En ekstra replikk.\n",
        encoding="utf-8",
    )
    report = import_paths(lib, [clip_dir])
    assert report.updated == ["C9001"]
    case = lib.get_case("C9001")
    assert case.title == "Et nytt testopptak" and len(case.turns) == 5
    p = lib.get_progress("C9001")
    assert (p.position, p.listened_json, p.listened_seconds, p.time_listened) == (3.5, "[[0, 3.5]]", 3.5, 4.0)
    assert [(n.id, n.text) for n in lib.notes("C9001", kind="note")] == [(note_id, "Viktig poeng")]
    assert [n.text for n in lib.notes("C9001", kind="learning")] == ["Lært."]
    assert lib.anchors("C9001") == {2: 4.25}
    assert len(lib.audio_for("C9001")) == len(FORMATS)


def test_bad_audio_files_are_reported_one_line_each(lib, clip_dir):
    bad = clip_dir / "bad"
    bad.mkdir()
    data = (clip_dir / "C9001.mp3").read_bytes()
    (bad / "C9001-truncated.mp3").write_bytes(data[: len(data) * 2 // 5])
    (bad / "empty.mp3").write_bytes(b"")
    (bad / "notes.mp3").write_text("Dette er ikke lyd, bare tekst.\n" * 20, encoding="utf-8")
    (bad / "C9002.flac").write_bytes((clip_dir / "C9001.flac").read_bytes()[:60000])
    report = import_paths(lib, [clip_dir])
    problems = {Path(p.path).name: p.reason for p in report.problems}
    assert len(report.problems) == 4
    assert problems["C9001-truncated.mp3"].startswith("truncated audio")
    assert problems["empty.mp3"] == "file is empty"
    assert problems["notes.mp3"].startswith("not an audio file")
    assert problems["C9002.flac"].startswith("truncated audio")
    for p in report.problems:
        assert "\n" not in str(p) and str(p).startswith(p.path)
    # The rest still imports.
    assert report.added == ["C9001"] and len(report.audio) == len(FORMATS)
    # The broken file of a known case is remembered with its problem, after the good ones.
    files = lib.audio_for("C9001")
    assert [a.error is None for a in files] == [True] * len(FORMATS) + [False]
    assert files[-1].path.endswith("C9001-truncated.mp3") and files[-1].error.startswith("truncated audio")


@pytest.mark.parametrize("fmt", FORMATS)
def test_truncated_audio_of_every_format_is_not_taken_whole(tmp_path, clip_dir, fmt):
    """A cut file is either refused or probed at the length it really holds."""
    data = (clip_dir / f"C9001.{fmt}").read_bytes()
    cut = tmp_path / f"C9001.{fmt}"
    cut.write_bytes(data[: len(data) // 2])
    try:
        info = probe(cut)
    except AudioProbeError as exc:
        assert exc.reason and exc.path == str(cut)
    else:
        assert info.duration < 4.5


def test_bad_page_files_are_reported(lib, clip_dir, tmp_path):
    (clip_dir / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (clip_dir / "empty.txt").write_bytes(b"")
    (clip_dir / "prose.txt").write_text("Handleliste: melk, egg.\n", encoding="utf-8")
    report = import_paths(lib, [clip_dir, tmp_path / "missing-folder"])
    problems = {Path(p.path).name: p.reason for p in report.problems}
    assert problems == {
        "binary.txt": "binary file, not a text case page",
        "empty.txt": "file is empty",
        "prose.txt": "no LØRN case found (no case number, title or transcript)",
        "missing-folder": "no such file or folder",
    }
    assert report.added == ["C9001"] and lib.count_cases() == 1


def test_html_page_is_imported(lib, tmp_path, seeds_dir):
    text = (seeds_dir / "C0557.txt").read_text(encoding="utf-8")
    html = "<html><body>" + "".join(f"<p>{line}</p>" for line in text.split("\n")) + "</body></html>"
    (tmp_path / "C0557.html").write_text(html, encoding="utf-8")
    report = import_paths(lib, [tmp_path / "C0557.html"])
    assert report.added == ["C0557"] and report.warnings == []
    assert lib.get_case("C0557") == parse_file(seeds_dir / "C0557.txt").case


def test_hidden_files_and_other_files_in_folders_are_skipped(lib, clip_dir):
    (clip_dir / "._C9001.mp3").write_bytes(b"\x00\x05\x16\x07 AppleDouble")
    (clip_dir / ".hidden").mkdir()
    (clip_dir / ".hidden" / "C0001.txt").write_text("LØRN Case #C0001\nSkjult\n", encoding="utf-8")
    (clip_dir / "cover.jpg").write_bytes(b"\xff\xd8\xff\xe0 JFIF")
    pages, audio, problems = collect_files([clip_dir])
    assert [p.name for p in pages] == ["C9001.txt"]
    assert sorted(a.name for a in audio) == sorted(f"C9001.{f}" for f in FORMATS)
    assert problems == []


def test_progress_and_cancel(lib, clip_dir):
    seen = []
    import_paths(lib, [clip_dir], progress=lambda done, total, name: seen.append((done, total, name)))
    assert seen[0] == (0, 7, str(clip_dir / "C9001.txt"))
    assert seen[-1] == (7, 7, "")
    lib2 = Library.open(clip_dir.parent / "other.sqlite3")
    try:
        report = import_paths(lib2, [clip_dir], cancelled=lambda: True)
        assert report.added == [] and lib2.count_cases() == 0
    finally:
        lib2.close()


def test_import_seeds_on_first_start_only(lib, monkeypatch):
    monkeypatch.delenv("LORNPLAYER_NO_SEED_IMPORT", raising=False)
    report = import_seeds(lib)
    assert report is not None and sorted(report.added) == SEED_IDS
    assert lib.case_ids() == SEED_IDS
    assert import_seeds(lib) is None
    # Not even when the user has since removed every case.
    for cid in SEED_IDS:
        lib.delete_case(cid)
    assert import_seeds(lib) is None and lib.count_cases() == 0


def test_import_seeds_leaves_a_used_library_alone(lib, clip_dir, monkeypatch):
    monkeypatch.delenv("LORNPLAYER_NO_SEED_IMPORT", raising=False)
    import_paths(lib, [clip_dir / "C9001.txt"])
    assert import_seeds(lib) is None
    assert lib.case_ids() == ["C9001"]


def test_seed_import_is_off_in_tests_by_default(lib):
    assert import_seeds(lib) is None and lib.count_cases() == 0
