"""From a fresh data folder: subscribe, download everything, find the cases, search them (127.0.0.1 only)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from feed_server import AUDIO, EPISODES, FeedServer, feed_xml, only_loopback

from lornplayer import cli
from lornplayer.audio import probe
from lornplayer.core import indexing
from lornplayer.store import MIGRATIONS, Library, _migrate_feeds

SEED_PAGES = ["C0557.txt", "C0608.txt", "C0775.txt", "C0399.txt", "C0796.txt"]


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch):
    only_loopback(monkeypatch)


@pytest.fixture(autouse=True)
def close_search_indexes():
    yield
    indexing.close_indexes()


@pytest.fixture
def server():
    s = FeedServer(slow_seconds=2.0)
    yield s
    s.close()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def library_with_cases(capsys, case_folder):
    folder = case_folder(*SEED_PAGES, "C9001.txt")
    code, _out, err = run(capsys, "import", str(folder))
    assert code == 0, err
    return folder


def open_lib(isolated_dirs) -> Library:
    return Library(isolated_dirs / "library.sqlite3")


def test_subscribe_download_all_match_and_search(capsys, server, library_with_cases, isolated_dirs):
    code, out, err = run(capsys, "feed", "add", server.url("/feed.xml"))
    assert code == 0, err
    assert out.strip() == "subscribed to feed 1 “LØRN Test-podden” (10 episodes)"

    code, out, err = run(capsys, "feed", "download", "--all")
    assert code == 0, err
    assert len(out.splitlines()) == len(EPISODES) and "error" not in err

    lib = open_lib(isolated_dirs)
    try:
        rows = {
            r["title"] or "": r
            for r in lib._query("SELECT e.title, a.* FROM episodes e JOIN audio_files a ON a.path = e.audio_path")
        }
        assert len(rows) == len(EPISODES)
        audio_root = isolated_dirs / "audio"
        for _guid, title, _name, _extra, expect in EPISODES:
            row = rows[title]
            path = Path(row["path"])
            assert path.is_relative_to(audio_root) and path.read_bytes() == AUDIO
            assert probe(path).duration > 6  # playable on its own, case or not
            if expect is None:
                assert row["case_id"] is None and row["proposed_case_id"] is None, title
            elif expect.startswith("proposed:"):
                assert row["case_id"] is None and row["proposed_case_id"] == expect.split(":")[1], title
            else:
                assert row["case_id"] == expect, title
        # nothing half-written anywhere
        assert not [p for p in audio_root.rglob("*") if ".part" in p.name]
        # the timed transcript (VTT preferred over SRT) and the chapters beside the audio
        c9001 = Path(rows["Et kort testopptak"]["path"])
        assert c9001.with_suffix(".vtt").read_text(encoding="utf-8").startswith("WEBVTT")
        assert json.loads(c9001.with_suffix(".chapters.json").read_text())["chapters"][1]["title"] == "Slutt"
        assert not c9001.with_suffix(".srt").exists()
        assert lib.audio_for("C9001")[0].path == str(c9001)
    finally:
        lib.close()
    # The proposal is named with the way to confirm it.
    proposed = next(line for line in out.splitlines() if "Bærekraften må skapes" in line)
    assert "perhaps case C0796" in proposed and "lornplayer assign" in proposed
    caseless = next(line for line in out.splitlines() if "Julehilsen" in line)
    assert "no case found: plays without a transcript" in caseless

    # Only what was asked for was contacted: the feed, the audio, one transcript, the chapters.
    requested = set(server.paths_requested())
    assert requested == {"/feed.xml", "/C9001.vtt", "/C9001.chapters.json"} | {
        f"/audio/{name}.mp3" for _g, _t, name, _e, _x in EPISODES
    }

    # Search finds the words with times from the downloaded audio: the VTT's for C9001 …
    code, out, err = run(capsys, "search", "kort test", "--json")
    assert code == 0, err
    hit = next(h for h in json.loads(out) if h["case_id"] == "C9001" and h["turn_index"] == 1)
    assert hit["start"] == 2.0
    # … and the estimate over the 6.5 s episode for a seed case.
    code, out, err = run(capsys, "search", "Laderud", "--json")
    hits = [h for h in json.loads(out) if h["case_id"] == "C0557" and h["turn_index"] is not None]
    assert hits and all(0 <= h["start"] <= 6.5 for h in hits)

    # Downloading again fetches nothing; nor after unsubscribing and subscribing again.
    before = len(server.requests)
    code, out, err = run(capsys, "feed", "download", "--all")
    assert code == 0 and "nothing to download" in err and len(server.requests) == before
    run(capsys, "feed", "remove", "1")
    run(capsys, "feed", "add", server.url("/feed.xml"))
    code, out, err = run(capsys, "feed", "download", "--all")
    assert code == 0 and len(out.splitlines()) == len(EPISODES)
    assert not [p for p in server.paths_requested()[before:] if p.startswith("/audio/")]


def test_assign_links_the_proposed_episode_by_hand(capsys, server, library_with_cases, isolated_dirs):
    run(capsys, "feed", "add", server.url("/feed.xml"))
    run(capsys, "feed", "download", "--all")
    code, out, err = run(capsys, "assign", "--list")
    lines = out.splitlines()
    assert len(lines) == 2 and "perhaps C0796" in lines[0] and "Julehilsen" not in lines[0]
    path = lines[0].split("\t")[0]
    code, out, err = run(capsys, "assign", path, "c0796")
    assert code == 0 and out.strip() == f"{path}: linked to case C0796"
    code, out, err = run(capsys, "assign", path, "C4242")
    assert code == 1 and err.strip() == "lornplayer: no such case in the library: C4242"
    lib = open_lib(isolated_dirs)
    try:
        assert path in [a.path for a in lib.audio_for("C0796")]
    finally:
        lib.close()
    # Re-importing the folder keeps the hand-made link.
    run(capsys, "import", str(Path(path).parent))
    lib = open_lib(isolated_dirs)
    try:
        assert path in [a.path for a in lib.audio_for("C0796")]
    finally:
        lib.close()


def test_feed_list_shows_episodes_with_state(capsys, server, library_with_cases):
    run(capsys, "feed", "add", server.url("/feed.xml"))
    run(capsys, "feed", "download", "9")  # one episode by number
    code, out, _ = run(capsys, "feed", "list")
    assert code == 0 and out.startswith("1\tLØRN Test-podden\t10 episodes, 1 downloaded\t")
    code, out, _err = run(capsys, "feed", "list", "LØRN Test")
    lines = out.splitlines()
    assert lines[0].split("\t") == ["episode", "date", "length", "size", "downloaded", "case", "listened", "title"]
    row = next(line.split("\t") for line in lines if line.endswith("Bærekraften må skapes i fellesskap"))
    assert row[1:6] == ["2020-06-09", "0:06", "26 KB", "yes", "C0796?"]


def test_work_offline_contacts_nothing(capsys, server, library_with_cases):
    code, out, err = run(capsys, "feed", "add", server.url("/feed.xml"))
    assert code == 0
    run(capsys, "feed", "settings", "--offline", "on")
    server.requests.clear()
    code, out, err = run(capsys, "feed", "refresh")
    assert code == 1 and "work offline" in err.lower() and server.url("/feed.xml") in err
    code, out, err = run(capsys, "feed", "download", "--all")
    assert code == 1 and err.splitlines() == [
        "lornplayer: not downloading: lornplayer is set to work offline (lornplayer feed settings --offline off)"
    ]
    code, out, err = run(capsys, "feed", "add", server.url("/feed.xml?again"))
    assert code == 1
    assert server.requests == []
    code, out, err = run(capsys, "feed", "settings")
    assert "work offline: on" in out and "download new episodes on refresh: off" in out
    assert "delete finished episodes after: never" in out


@pytest.mark.parametrize(
    "path, words",
    [
        ("/page.xml", "this is a web page (HTML), not a podcast feed"),
        ("/404", "not found on the server (HTTP 404)"),
        ("/500", "server error (HTTP 500"),
        ("/loop", "too many redirects"),
    ],
)
def test_feed_add_failures_are_one_line(capsys, server, path, words):
    code, out, err = run(capsys, "feed", "add", server.url(path))
    assert code == 1 and out == ""
    assert err.splitlines() == [err.strip()] and err.startswith(f"lornplayer: {server.url(path)}: ") and words in err


def test_download_failures_name_the_episode_and_leave_nothing(capsys, server, library_with_cases, isolated_dirs):
    server.routes["/bad.xml"] = (
        200,
        "application/rss+xml",
        feed_xml(server.base, [("b1", "Et bilde", "x", "", None), ("b2", "Borte", "y", "", None)])
        .replace(f"{server.base}/audio/x.mp3", f"{server.base}/png.mp3")
        .replace(f"{server.base}/audio/y.mp3", f"{server.base}/404")
        .encode(),
    )
    run(capsys, "feed", "add", server.url("/bad.xml"))
    code, _out, err = run(capsys, "feed", "download", "--all")
    assert code == 1
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 2
    assert any("“Et bilde”" in e and "not an audio file" in e for e in errors)
    assert any("“Borte”" in e and "HTTP 404" in e for e in errors)
    assert not [p for p in (isolated_dirs / "audio").rglob("*") if p.is_file()]


def test_feed_from_a_saved_file_and_opml_round_trip(capsys, server, tmp_path, isolated_dirs):
    saved = tmp_path / "podden.xml"
    saved.write_text(feed_xml(server.base), encoding="utf-8")
    code, out, _ = run(capsys, "feed", "add", str(saved))
    assert code == 0 and "10 episodes" in out and server.requests == []
    run(capsys, "feed", "add", server.url("/feed.xml"))
    opml = tmp_path / "abonnement.opml"
    code, out, _ = run(capsys, "feed", "export-opml", str(opml))
    assert code == 0 and server.url("/feed.xml") in opml.read_text(encoding="utf-8")
    code, out, _ = run(capsys, "feed", "remove", "2")
    assert code == 0 and "unsubscribed" in out
    code, out, _ = run(capsys, "feed", "import-opml", str(opml))
    assert code == 0 and out.strip() == "subscribed to 1 feeds"
    code, out, _err = run(capsys, "feed", "list")
    assert server.url("/feed.xml") in out and "10 episodes" in out


def test_auto_download_on_refresh_is_off_by_default(capsys, server, library_with_cases, isolated_dirs):
    server.routes["/grow.xml"] = (200, "application/rss+xml", feed_xml(server.base, EPISODES[:1]).encode())
    run(capsys, "feed", "add", server.url("/grow.xml"))
    server.routes["/grow.xml"] = (200, "application/rss+xml", feed_xml(server.base, EPISODES[:2]).encode())
    code, out, _ = run(capsys, "feed", "refresh")
    assert code == 0 and out.strip() == "LØRN Test-podden: 2 episodes, 1 new"
    assert not any(p.startswith("/audio/") for p in server.paths_requested())
    run(capsys, "feed", "settings", "--auto-download", "on")
    server.routes["/grow.xml"] = (200, "application/rss+xml", feed_xml(server.base, EPISODES[:3]).encode())
    code, out, _ = run(capsys, "feed", "refresh")
    assert code == 0 and "1 new" in out and "downloaded episode 3" in out
    assert [p for p in server.paths_requested() if p.startswith("/audio/")] == ["/audio/privat-offentlig.mp3"]
    # --new takes the one left from the first refresh
    code, out, _err = run(capsys, "feed", "download", "--new")
    assert code == 0 and "samfunnsendring" in server.paths_requested()[-1]


def test_an_older_library_gets_the_feed_tables(tmp_path):
    path = tmp_path / "old" / "library.sqlite3"
    path.parent.mkdir()
    db = sqlite3.connect(path)
    before_feeds = MIGRATIONS.index(_migrate_feeds)  # the schema just before the feed tables
    for m in MIGRATIONS[:before_feeds]:
        m(db)
    db.execute(f"PRAGMA user_version={before_feeds}")
    db.execute("INSERT INTO audio_files (path, case_id) VALUES ('/x/C0557.mp3', 'C0557')")
    db.commit()
    db.close()
    lib = Library(path)
    try:
        assert lib._query("SELECT path, case_id, proposed_case_id FROM audio_files")[0][:] == (
            "/x/C0557.mp3",
            "C0557",
            None,
        )
        assert lib._query("SELECT count(*) FROM feeds")[0][0] == 0
        assert lib._query("SELECT count(*) FROM episodes")[0][0] == 0
    finally:
        lib.close()


def test_downloads_go_to_the_audio_folder_setting(capsys, server, library_with_cases, tmp_path):
    target = tmp_path / "elsewhere"
    run(capsys, "feed", "settings", "--audio-dir", str(target))
    run(capsys, "feed", "add", server.url("/feed.xml"))
    code, _out, _err = run(capsys, "feed", "download", "1")
    assert code == 0 and [p.suffix for p in target.rglob("*.mp3")] == [".mp3"]


def test_loose_audio_named_after_the_episode_finds_its_case(capsys, library_with_cases, tmp_path, isolated_dirs):
    folder = tmp_path / "loose"
    folder.mkdir()
    shutil.copy(Path(__file__).parent / "data" / "C9001.mp3", folder / "557-hvordan-skape-innovative-byer.mp3")
    shutil.copy(Path(__file__).parent / "data" / "C9001.mp3", folder / "Et kort testopptak.mp3")
    shutil.copy(Path(__file__).parent / "data" / "C9001.mp3", folder / "Innovative byer i Norge.mp3")
    code, _out, err = run(capsys, "import", str(folder))
    assert code == 0
    assert "perhaps case C0557" in err and "Innovative byer i Norge.mp3" in err
    lib = open_lib(isolated_dirs)
    try:
        assert [Path(a.path).name for a in lib.audio_for("C0557")] == ["557-hvordan-skape-innovative-byer.mp3"]
        assert [Path(a.path).name for a in lib.audio_for("C9001")] == ["Et kort testopptak.mp3"]
    finally:
        lib.close()


def test_import_url_from_the_command_line(capsys, server, isolated_dirs):
    code, out, err = run(capsys, "import", server.url("/sider/testopptak"), server.url("/404"))
    assert code == 0 and out.strip() == f"{server.url('/sider/testopptak')}: case C9001 added"
    assert err.strip() == f"error: {server.url('/404')}: not found on the server (HTTP 404)"
    code, out, err = run(capsys, "search", "testopptak", "--json")
    assert any(h["case_id"] == "C9001" for h in json.loads(out))
    code, out, err = run(capsys, "import", server.url("/404"))
    assert code == 1
    assert server.paths_requested() == ["/sider/testopptak", "/404", "/404"]


def test_refresh_asks_only_whether_the_feed_changed(capsys, server, isolated_dirs):
    run(capsys, "feed", "add", server.url("/feed.xml"))
    code, out, _ = run(capsys, "feed", "refresh")
    assert code == 0 and out.strip() == "LØRN Test-podden: 10 episodes, 0 new"
    assert server.requests[-1][1]["If-None-Match"] == '"feed-v1"'
    code, out, _ = run(capsys, "feed", "list")
    assert "10 episodes" in out and "error" not in out
