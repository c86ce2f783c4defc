"""The desktop entry, AppStream metainfo and icon: valid, installed and removed again."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from lornplayer import desktop


@pytest.fixture
def xdg(tmp_path, monkeypatch):
    home = tmp_path / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def test_install_and_uninstall(xdg):
    installed = desktop.install()
    assert set(installed) == set(desktop.targets(xdg).values())
    entry = (xdg / "applications" / "io.github.lornplayer.desktop").read_text(encoding="utf-8")
    exec_line = next(line for line in entry.splitlines() if line.startswith("Exec="))
    assert "lornplayer" in exec_line and "%" not in exec_line
    assert (xdg / "icons/hicolor/scalable/apps/io.github.lornplayer.svg").read_bytes().startswith(b"<")
    assert sorted(desktop.uninstall()) == sorted(installed)
    assert not any(p.exists() for p in installed)
    assert desktop.uninstall() == []


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-validate is not installed")
def test_desktop_entry_validates(xdg):
    desktop.install()
    for path in (desktop.sources()["desktop"], desktop.targets(xdg)["desktop"]):
        result = subprocess.run(["desktop-file-validate", str(path)], check=False, capture_output=True, text=True)
        assert result.returncode == 0 and "error" not in result.stdout, result.stdout


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstreamcli is not installed")
def test_metainfo_validates():
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(desktop.sources()["metainfo"])],
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_cli_options(xdg, capsys):
    import argparse

    from lornplayer import cli_player

    parser = argparse.ArgumentParser()
    cli_player.register(parser)
    assert cli_player.handle(parser.parse_args([])) is None
    assert cli_player.handle(parser.parse_args(["--install-desktop"])) == 0
    assert desktop.targets(xdg)["desktop"].exists()
    assert cli_player.handle(parser.parse_args(["--uninstall-desktop"])) == 0
    assert "removed" in capsys.readouterr().out and not desktop.targets(xdg)["desktop"].exists()
    with pytest.raises(SystemExit):
        parser.parse_args(["--install-desktop", "--uninstall-desktop"])


def test_through_the_command_line(xdg, capsys):
    from lornplayer.cli import main

    assert main(["--install-desktop"]) == 0
    assert desktop.targets(xdg)["metainfo"].exists() and "installed" in capsys.readouterr().out
    assert main(["--uninstall-desktop"]) == 0
    assert not desktop.targets(xdg)["metainfo"].exists()
