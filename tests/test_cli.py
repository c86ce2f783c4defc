"""The command line: ``inspect`` and ``import`` in-process, and the real ``python -m lornplayer`` entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lornplayer.core import indexing
from lornplayer.cli import main
from lornplayer.model import CASE_KEYS
from lornplayer.parser import parse_file
from lornplayer.store import Library

REPO = Path(__file__).resolve().parent.parent
SEED_IDS = ["C0557", "C0775", "C0608", "C0399", "C0796"]


@pytest.fixture(autouse=True)
def close_search_indexes():
    yield
    indexing.close_indexes()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("cid", SEED_IDS)
def test_inspect_json_prints_exactly_the_case_keys(capsys, seeds_dir, cid):
    code, out, err = run(capsys, "inspect", str(seeds_dir / f"{cid}.txt"), "--json")
    assert code == 0
    d = json.loads(out)
    assert tuple(d) == CASE_KEYS
    assert d == parse_file(seeds_dir / f"{cid}.txt").case.to_dict()
    assert d["id"] == cid
    for g in d["guests"]:
        assert tuple(g) == ("name", "role", "organisation")
    for p in d["profile"]:
        assert tuple(p) == ("question", "answer")
    for r in d["related"]:
        assert tuple(r) == ("id", "theme", "people")
    for t in d["turns"]:
        assert tuple(t) == ("speaker", "text")
    if cid == "C0399":
        assert err.splitlines() == [f"warning: {seeds_dir / 'C0399.txt'}: no transcript on this page"]
        assert d["turns"] == [] and d["date"] is None and d["duration_minutes"] is None
    else:
        assert err == ""


def test_inspect_json_keeps_non_ascii_text(capsys, seeds_dir):
    _, out, _ = run(capsys, "inspect", str(seeds_dir / "C0557.txt"), "--json")
    assert "Øyvind Laderud" in out and "\\u00d8" not in out


def test_inspect_without_json_prints_a_summary(capsys, seeds_dir):
    code, out, err = run(capsys, "inspect", str(seeds_dir / "C0775.txt"))
    assert code == 0 and err == ""
    assert out.splitlines()[0] == "C0775 (#C0775) Innovasjon i privat og offentlig sektor"
    assert "  host: Eirik Løkke" in out.splitlines()
    assert "  turns: 28; speakers: Eirik Løkke, Tore Sandvik, Pia Jøsendal, Silvija Seres" in out.splitlines()


def test_inspect_warns_on_stderr_for_an_unfamiliar_layout(capsys, tmp_path):
    page = tmp_path / "C0557.txt"
    page.write_text(
        "Hvordan skape innovative byer?\nTema: Digital etikk og politikk\n\n"
        "Silvija Seres: Hei.\nØyvind Laderud: Hei.\nSilvija: Takk.\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "inspect", str(page), "--json")
    assert code == 0
    d = json.loads(out)
    # Missing is missing: no id or title printed on the page; import would take the id from the file name.
    assert d["id"] is None and d["title"] is None and len(d["turns"]) == 3
    assert err and all(line.startswith(f"warning: {page}: ") for line in err.splitlines())
    assert "unfamiliar page layout" in err and "the file name gives C0557" in err


@pytest.mark.parametrize(
    "kind, reason",
    [
        ("empty", "file is empty"),
        ("binary", "binary file, not a text case page"),
        ("missing", "cannot read file"),
        ("folder", "cannot read file"),
        ("prose", "no LØRN case found"),
    ],
)
def test_inspect_fails_with_one_line_for_files_that_are_not_case_pages(capsys, tmp_path, kind, reason):
    path = tmp_path / f"{kind}.txt"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "binary":
        path.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4)
    elif kind == "folder":
        path.mkdir()
    elif kind == "prose":
        path.write_text("Kjære dagbok,\nI dag skjedde ingenting.\n", encoding="utf-8")
    code, out, err = run(capsys, "inspect", str(path), "--json")
    assert code != 0
    assert out == ""
    assert len(err.splitlines()) == 1 and err.endswith("\n")
    assert err.startswith(f"lornplayer: {path}: ") and reason in err


def test_import_prints_a_summary_and_names_bad_files(capsys, tmp_path, clip_dir, isolated_dirs):
    (clip_dir / "broken.mp3").write_bytes(b"")
    (clip_dir / "junk.txt").write_bytes(b"\x00\x01\x02" * 100)
    code, out, err = run(capsys, "import", str(clip_dir))
    assert code == 0
    assert out.splitlines() == ["Imported cases: 1 new, 0 updated, 0 unchanged, 6 audio files, 2 problems"]
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert sorted(errors) == sorted(
        [
            f"error: {clip_dir / 'broken.mp3'}: file is empty",
            f"error: {clip_dir / 'junk.txt'}: binary file, not a text case page",
        ]
    )
    # The library in the (test) data directory has the case.
    lib = Library.open(isolated_dirs / "library.sqlite3")
    try:
        assert lib.case_ids() == ["C9001"] and lib.count_audio() == 6
    finally:
        lib.close()
    # Again: nothing new.
    code, out, _ = run(capsys, "import", str(clip_dir))
    assert code == 0 and out.startswith("Imported cases: 0 new, 0 updated, 1 unchanged")


def test_import_of_nothing_but_bad_files_fails(capsys, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    code, out, err = run(capsys, "import", str(bad), str(tmp_path / "nowhere"))
    assert code != 0
    assert f"error: {bad}: file is empty" in err.splitlines()
    assert f"error: {tmp_path / 'nowhere'}: no such file or folder" in err.splitlines()


def test_data_dir_option_overrides_the_library_location(capsys, tmp_path, clip_dir, isolated_dirs):
    other = tmp_path / "elsewhere"
    code, out, _ = run(capsys, "--data-dir", str(other), "import", str(clip_dir / "C9001.txt"))
    assert code == 0 and out.startswith("Imported cases: 1 new")
    assert (other / "library.sqlite3").is_file()
    assert not (isolated_dirs / "library.sqlite3").exists()
    lib = Library.open(other / "library.sqlite3")
    try:
        assert lib.case_ids() == ["C9001"]
    finally:
        lib.close()


def test_entry_point_runs_as_a_module(tmp_path):
    env = {**os.environ, "LORNPLAYER_DATA_DIR": str(tmp_path / "data"), "LORNPLAYER_CACHE_DIR": str(tmp_path / "c")}
    proc = subprocess.run(
        [sys.executable, "-m", "lornplayer", "inspect", "seeds/C0557.txt", "--json"],
        cwd=REPO,
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stderr == b""
    d = json.loads(proc.stdout.decode("utf-8"))
    assert tuple(d) == CASE_KEYS
    assert d["id"] == "C0557" and d["theme"] == "Digital etikk og politikk" and len(d["turns"]) == 37


def test_a_plain_start_opens_the_app_as_the_parser_would(monkeypatch):
    from lornplayer import cli

    seen = []
    monkeypatch.setattr(cli, "cmd_gui", lambda args: seen.append(args) or 7)
    assert cli.main([]) == 7  # no arguments: straight to the app, the parser not built
    parsed = cli.build_parser().parse_args([])
    assert parsed.handler is cli.cmd_gui  # the parser would start the app too
    assert seen[0].open_case is None and parsed.open_case is None  # what the app is given
    assert parsed.data_dir is None and not parsed.verbose  # nothing else the parser would have set
    assert cli.main(["--case", "C0557"]) == 7 and seen[1].open_case == "C0557"  # options go through the parser
