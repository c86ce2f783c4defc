"""The Feeds view, the assign dialog and Import from URL, offscreen, against a server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest
from feed_server import AUDIO, EPISODES, FeedServer, feed_xml, only_loopback

from lornplayer.feeds import db
from lornplayer.feeds import download as dl
from lornplayer.feeds.download import partial_path
from lornplayer.feeds.net import OFFLINE_SETTING
from lornplayer.importer import import_paths
from lornplayer.store import Library
from lornplayer.ui.assign_dialog import CASE_ROLE, AssignAudioDialog
from lornplayer.ui.feeds import COLUMNS, FeedsView
from lornplayer.ui.import_url import ImportUrlDialog
from lornplayer.ui.workers import wait_for_all

SEEDS = ["C0557.txt", "C0796.txt", "C9001.txt"]


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch):
    only_loopback(monkeypatch)


@pytest.fixture
def server():
    s = FeedServer()
    yield s
    s.close()


@pytest.fixture
def lib(tmp_path, case_folder):
    library = Library(tmp_path / "lib.sqlite3")
    import_paths(library, [case_folder(*SEEDS)])
    yield library
    wait_for_all()
    library.close()


@pytest.fixture
def view(qtbot, lib, monkeypatch):
    monkeypatch.setattr(dl, "FREE_SPACE_RESERVE", 0)
    w = FeedsView(lib)
    qtbot.addWidget(w)
    yield w
    w.shutdown()
    wait_for_all()


def add(qtbot, view, url):
    with qtbot.waitSignal(view.busyChanged, check_params_cb=lambda busy: not busy, timeout=10000):
        view.add_feed(url)


def item_titled(view, title):
    for i in range(view.episode_tree.topLevelItemCount()):
        item = view.episode_tree.topLevelItem(i)
        if item.text(0) == title:
            return item
    raise AssertionError(title)


def test_add_feed_lists_episodes_with_their_columns(qtbot, view, server):
    add(qtbot, view, server.url("/feed.xml"))
    assert view.feed_list.count() == 2
    assert "LØRN Test-podden (10 episodes, 0 downloaded)" in view.feed_list.item(1).text()
    assert view.episode_tree.topLevelItemCount() == len(EPISODES)
    item = item_titled(view, "Et kort testopptak")
    assert [item.text(c) for c in range(COLUMNS - 1)] == [
        "Et kort testopptak",
        "2020-06-08",
        "0:06",
        "26 KB",
        "no",
        "",
        "",
    ]
    assert "Subscribed to" in view.status.text()


def test_download_shows_progress_matches_and_plays(qtbot, view, server, lib):
    add(qtbot, view, server.url("/feed.xml"))
    for title in ("Et kort testopptak", "Bærekraften må skapes i fellesskap", "Julehilsen fra teamet"):
        item_titled(view, title).setSelected(True)
    changed = []
    view.libraryChanged.connect(changed.append)
    with qtbot.waitSignal(view.busyChanged, check_params_cb=lambda busy: not busy, timeout=15000):
        assert view.download_selected() is not None
        assert view.overall.isVisible() or not view.isVisible()
        assert view.pause_button.isEnabled() and view.cancel_button.isEnabled()
    assert changed and "C9001" in changed[-1]
    assert "Episodes downloaded: 3." in view.status.text()
    assert "Perhaps case C0796" in view.status.text()
    exact = item_titled(view, "Et kort testopptak")
    assert exact.text(4) == "yes" and exact.text(5) == "C9001"
    assert item_titled(view, "Bærekraften må skapes i fellesskap").text(5).startswith("C0796?")
    caseless = item_titled(view, "Julehilsen fra teamet")
    assert caseless.text(4) == "yes"
    with qtbot.waitSignal(view.playRequested) as played:
        view.episode_tree.itemActivated.emit(caseless, 0)
    path, case_id = played.args
    assert case_id == "" and Path(path).read_bytes() == AUDIO


def test_pause_keeps_the_partial_file_and_download_resumes(qtbot, view, server, lib, monkeypatch):
    monkeypatch.setattr(dl, "CHUNK", 2048)
    server.throttle = 0.1  # seconds per 2 KB sent, so the click lands mid-download
    add(qtbot, view, server.url("/feed.xml"))
    ep = next(e for e in db.episodes(lib) if e.title == "Julehilsen fra teamet")
    view.overall.valueChanged.connect(lambda v: v > 0 and view.pause_button.click())
    with qtbot.waitSignal(view.busyChanged, check_params_cb=lambda busy: not busy, timeout=15000):
        view.download([ep.id])
    assert "Paused" in view.status.text()
    ep = db.get_episode(lib, ep.id)
    kept = partial_path(Path(ep.audio_path)).stat().st_size
    assert ep.state == "partial" and 0 < kept < len(AUDIO) and not Path(ep.audio_path).exists()
    assert item_titled(view, "Julehilsen fra teamet").text(4) == "paused"
    view.overall.valueChanged.disconnect()
    server.throttle = 0
    with qtbot.waitSignal(view.busyChanged, check_params_cb=lambda busy: not busy, timeout=15000):
        view.download([ep.id])
    assert Path(ep.audio_path).read_bytes() == AUDIO
    assert server.requests[-1][1]["Range"] == f"bytes={kept}-"


def test_cancel_deletes_the_partial_file(qtbot, view, server, lib, monkeypatch):
    monkeypatch.setattr(dl, "CHUNK", 2048)
    server.throttle = 0.1
    add(qtbot, view, server.url("/feed.xml"))
    ep = next(e for e in db.episodes(lib) if e.title == "Julehilsen fra teamet")
    view.overall.valueChanged.connect(lambda v: v > 0 and view.cancel_button.click())
    with qtbot.waitSignal(view.busyChanged, check_params_cb=lambda busy: not busy, timeout=15000):
        view.download([ep.id])
    assert "Cancelled" in view.status.text()
    ep = db.get_episode(lib, ep.id)
    assert ep.state == "" and not partial_path(Path(ep.audio_path)).exists() and not Path(ep.audio_path).exists()


def test_work_offline_disables_network_actions(qtbot, view, server, lib):
    add(qtbot, view, server.url("/feed.xml"))
    view.offline_box.setChecked(True)
    assert lib.get_setting(OFFLINE_SETTING) is True
    assert not view.refresh_button.isEnabled()
    view.episode_tree.topLevelItem(0).setSelected(True)
    assert not view.download_button.isEnabled()
    server.requests.clear()
    with qtbot.waitSignal(view.busyChanged, check_params_cb=lambda busy: not busy, timeout=10000):
        view.add_feed(server.url("/feed.xml?2"))
    assert "work offline" in view.status.text().lower() and server.requests == []


def test_failures_show_one_message_naming_the_url(qtbot, view, server):
    add(qtbot, view, server.url("/page.xml"))
    assert view.status.text().startswith(server.url("/page.xml")) and "HTML" in view.status.text()


def test_settings_are_saved(qtbot, view, lib):
    view.auto_box.setChecked(True)
    view.delete_days.setValue(14)
    assert lib.get_setting(db.AUTO_DOWNLOAD_SETTING) is True and lib.get_setting(db.DELETE_AFTER_SETTING) == 14
    assert view.delete_days.specialValueText() and FeedsView(lib).delete_days.value() == 14


def test_assign_dialog_preselects_the_proposal_and_searches(qtbot, lib, tmp_path, data_dir):
    import shutil

    loose = tmp_path / "loose"
    loose.mkdir()
    shutil.copy(data_dir / "C9001.mp3", loose / "Bærekraften må skapes i fellesskap.mp3")
    shutil.copy(data_dir / "C9001.mp3", loose / "opptak 17.mp3")
    import_paths(lib, [loose])
    dialog = AssignAudioDialog(lib)
    qtbot.addWidget(dialog)
    assert dialog.audio_list.count() == 2
    first = dialog.audio_list.item(0)
    assert "perhaps C0796" in first.text()
    dialog.audio_list.setCurrentRow(0)
    assert dialog.current_case() == "C0796" and dialog.assign_button.isEnabled()
    # search by title words, accent-folded
    dialog.audio_list.setCurrentRow(1)
    dialog.search.setText("innovative byer")
    assert [dialog.case_list.item(i).data(CASE_ROLE) for i in range(dialog.case_list.count())] == ["C0557"]
    dialog.case_list.setCurrentRow(0)
    with qtbot.waitSignal(dialog.assigned) as sig:
        dialog.assign_button.click()
    assert sig.args == [str((loose / "opptak 17.mp3").resolve()), "C0557"]
    assert [Path(a.path).name for a in lib.audio_for("C0557")] == ["opptak 17.mp3"]
    assert dialog.audio_list.count() == 1


def test_import_from_url_dialog(qtbot, lib, server):
    dialog = ImportUrlDialog(lib)
    qtbot.addWidget(dialog)
    assert not dialog.import_button.isEnabled()
    dialog.url.setText(server.url("/sider/testopptak"))
    with qtbot.waitSignal(dialog.imported, timeout=10000) as sig:
        dialog.import_button.click()
    assert sig.args == ["C9001", "unchanged"] and "already in the library" in dialog.info.text()
    dialog.url.setText(server.url("/404"))
    dialog.import_button.click()
    qtbot.waitUntil(lambda: "HTTP 404" in dialog.info.text(), timeout=10000)
    assert dialog.info.text().startswith(server.url("/404"))
    assert server.paths_requested() == ["/sider/testopptak", "/404"]


# -- in the main window -------------------------------------------------------------


@pytest.fixture
def window(qtbot, lib, monkeypatch):
    from lornplayer.ui.mainwindow import MainWindow

    monkeypatch.setattr(dl, "FREE_SPACE_RESERVE", 0)
    lib.set_setting("align.automatic", False)
    w = MainWindow(lib)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.shutdown()


def test_window_has_the_feeds_page_and_file_menu_entries(qtbot, window):
    texts = [a.text() for a in window.commands.menu("file").actions()]
    assert texts.index("Import from URL…") < texts.index("Export notes of this case…")
    assert "Assign audio to case…" in texts
    before = window.splitter.sizes()
    window.feeds_action.trigger()
    assert window.left_stack.currentWidget() is window.feeds_view and window.feeds_action.isChecked()
    assert window.splitter.sizes()[0] > before[0]  # the episode list gets room
    window.feeds_action.trigger()
    assert window.left_stack.currentWidget() is window.library_panel
    assert window.splitter.sizes() == before


def test_caseless_episode_plays_without_a_transcript_then_links(qtbot, window, server, lib):
    view = window.feeds_view
    add(qtbot, view, server.url("/feed.xml"))
    ep = next(e for e in db.episodes(lib) if e.title == "Julehilsen fra teamet")
    with qtbot.waitSignal(view.busyChanged, check_params_cb=lambda busy: not busy, timeout=15000):
        view.download([ep.id])
    ep = db.get_episode(lib, ep.id)
    view.episode_tree.itemActivated.emit(item_titled(view, "Julehilsen fra teamet"), 0)
    qtbot.waitUntil(lambda: window.player.is_playing(), timeout=10000)
    assert window.session is None and window.player.path() == ep.audio_path
    assert "this episode has no case" in window.transcript._message.text()
    qtbot.waitUntil(lambda: window.player.position() > 1.5, timeout=10000)
    window.player.pause()
    qtbot.waitUntil(lambda: not window.player.is_playing(), timeout=3000)
    heard = lib.get_progress(f"audio:{ep.audio_path}")
    assert heard.listened_seconds > 0.5 and heard.position > 1.0
    view.load_episodes()
    assert item_titled(view, "Julehilsen fra teamet").text(6).endswith("%")
    from lornplayer.ui.feeds_window import open_assign

    dialog = open_assign(window, ep.audio_path)
    assert dialog.current_audio() == ep.audio_path
    dialog.search.setText("C0557")
    dialog.case_list.setCurrentRow(0)
    with qtbot.waitSignal(dialog.assigned):
        dialog.assign_button.click()
    assert ep.audio_path in [a.path for a in lib.audio_for("C0557")]
    assert item_titled(view, "Julehilsen fra teamet").text(5) == "C0557"
    assert lib.get_progress("C0557").listened_seconds == pytest.approx(heard.listened_seconds, abs=0.05)
    dialog.close()


def test_quitting_during_a_download_keeps_the_partial_file(qtbot, window, server, lib, monkeypatch):
    monkeypatch.setattr(dl, "CHUNK", 2048)
    server.throttle = 0.1
    view = window.feeds_view
    add(qtbot, view, server.url("/feed.xml"))
    ep = next(e for e in db.episodes(lib) if e.title == "Julehilsen fra teamet")
    view.download([ep.id])
    qtbot.waitUntil(lambda: view.overall.value() > 0, timeout=10000)
    assert window.shutdown()  # cancels running work: the download pauses and stops in time
    ep = db.get_episode(lib, ep.id)
    assert ep.state == "partial" and partial_path(Path(ep.audio_path)).stat().st_size > 0
    assert not Path(ep.audio_path).exists()


def test_automatic_refresh_is_off_by_default_and_runs_when_due(qtbot, view, server, lib):
    add(qtbot, view, server.url("/feed.xml"))
    server.requests.clear()
    assert view.check_auto_refresh() is None and view.refresh_hours.value() == 0
    view.refresh_hours.setValue(6)
    assert lib.get_setting(db.REFRESH_HOURS_SETTING) == 6
    assert view.check_auto_refresh() is None  # refreshed just now
    with lib._tx() as conn:
        conn.execute("UPDATE feeds SET refreshed_at='2020-01-01T00:00:00+00:00'")
    view.offline_box.setChecked(True)
    assert view.check_auto_refresh() is None and server.requests == []  # never while offline
    view.offline_box.setChecked(False)
    with qtbot.waitSignal(view.busyChanged, check_params_cb=lambda busy: not busy, timeout=10000):
        assert view.check_auto_refresh() is not None
    assert server.paths_requested() == ["/feed.xml"] and "New episodes: 0." in view.status.text()


def test_episode_menu_plays_downloads_and_assigns(qtbot, view, server, lib):
    add(qtbot, view, server.url("/feed.xml"))
    ep = next(e for e in db.episodes(lib) if e.title == "Julehilsen fra teamet")
    menu = view.episode_menu(ep.id)
    play, get, assign = menu.actions()
    assert (play.text(), get.text(), assign.text()) == ("Play", "Download", "Assign to case…")
    assert not play.isEnabled() and get.isEnabled() and not assign.isEnabled()
    with qtbot.waitSignal(view.busyChanged, check_params_cb=lambda busy: not busy, timeout=15000):
        get.trigger()
    play, get, assign = view.episode_menu(ep.id).actions()
    assert play.isEnabled() and not get.isEnabled() and assign.isEnabled()
    with qtbot.waitSignal(view.assignRequested) as sig:
        assign.trigger()
    assert sig.args == [db.get_episode(lib, ep.id).audio_path]


def test_dialog_controls_have_accessible_names(qtbot, lib):
    from test_accessibility import unnamed_focusable

    for dialog in (AssignAudioDialog(lib), ImportUrlDialog(lib)):
        qtbot.addWidget(dialog)
        dialog.show()
        assert unnamed_focusable(dialog) == []


def test_feed_text_is_shown_as_text_never_markup(qtbot, view, server, lib):
    from PySide6.QtCore import Qt

    body = feed_xml(server.base, [("t1", "<img src=x> <b>Fet</b>", "t", "", None)])
    body = body.replace("Om ", "Om &amp;lt;b&amp;gt;fet&amp;lt;/b&amp;gt; ")  # the description reads "Om <b>fet</b>"
    server.routes["/tags.xml"] = (200, "application/rss+xml", body.encode())
    add(qtbot, view, server.url("/tags.xml"))
    item = view.episode_tree.topLevelItem(0)
    assert item.text(0).startswith("<img")  # a tree item shows the text as it is
    assert "Om &lt;b&gt;fet&lt;/b&gt;" in item.toolTip(0)  # the tooltip shows the description's markup as text
    assert view.status.textFormat() == Qt.TextFormat.PlainText


def test_an_empty_feeds_page_says_how_to_start(qtbot, tmp_path):
    from lornplayer.store import Library
    from lornplayer.ui.feeds import FeedsView

    lib = Library.open(tmp_path / "lib.sqlite3")
    view = FeedsView(lib)
    qtbot.addWidget(view)
    assert "Add feed" in view.status.text()
    view.shutdown()
    lib.close()
