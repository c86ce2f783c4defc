"""Install the desktop entry, AppStream metainfo and icon into the user's XDG folders (Qt-free).

``lornplayer --install-desktop`` copies ``resources/desktop/io.github.lornplayer.desktop`` to
``$XDG_DATA_HOME/applications`` (``~/.local/share/applications``), the metainfo to
``$XDG_DATA_HOME/metainfo`` and the icon to ``$XDG_DATA_HOME/icons/hicolor/scalable/apps``; the
entry's ``Exec`` names the command that is running now, so the menu starts this very installation.
``--uninstall-desktop`` removes exactly those files.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from lornplayer import paths

APP_ID = "io.github.lornplayer"


def data_home() -> Path:
    value = os.environ.get("XDG_DATA_HOME", "").strip()
    return Path(value) if value and os.path.isabs(value) else Path.home() / ".local" / "share"


def targets(base: Path | None = None) -> dict[str, Path]:
    base = base or data_home()
    return {
        "desktop": base / "applications" / f"{APP_ID}.desktop",
        "metainfo": base / "metainfo" / f"{APP_ID}.metainfo.xml",
        "icon": base / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
    }


def sources() -> dict[str, Path]:
    res = paths.resources_dir()
    return {
        "desktop": res / "desktop" / f"{APP_ID}.desktop",
        "metainfo": res / "desktop" / f"{APP_ID}.metainfo.xml",
        "icon": res / "icons" / "lornplayer.svg",
    }


def launch_command() -> list[str]:
    """How the menu entry starts lornplayer: the installed command, else this Python with ``-m lornplayer``."""
    exe = shutil.which("lornplayer")
    return [exe] if exe else [sys.executable, "-m", "lornplayer"]


def desktop_entry(command: list[str] | None = None) -> str:
    command = command or launch_command()
    lines = []
    for line in sources()["desktop"].read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            line = "Exec=" + " ".join(shlex.quote(c) for c in command)
        elif line.startswith("TryExec="):
            line = "TryExec=" + command[0]
        lines.append(line)
    return "\n".join(lines) + "\n"


def _refresh_caches(base: Path) -> None:
    """Tell the desktop about the change where the usual tools exist (quietly; nothing breaks without them)."""
    for cmd in (
        ["update-desktop-database", "-q", str(base / "applications")],
        ["gtk-update-icon-cache", "-q", "-t", str(base / "icons" / "hicolor")],
    ):
        if shutil.which(cmd[0]):
            subprocess.run(cmd, check=False, capture_output=True, timeout=30)


def install(base: Path | None = None) -> list[Path]:
    """Install the three files; returns their paths."""
    base = base or data_home()
    dest, src = targets(base), sources()
    for path in dest.values():
        path.parent.mkdir(parents=True, exist_ok=True)
    dest["desktop"].write_text(desktop_entry(), encoding="utf-8")
    shutil.copyfile(src["metainfo"], dest["metainfo"])
    shutil.copyfile(src["icon"], dest["icon"])
    _refresh_caches(base)
    return list(dest.values())


def uninstall(base: Path | None = None) -> list[Path]:
    """Remove the installed files; returns those that were there."""
    base = base or data_home()
    removed = []
    for path in targets(base).values():
        if path.exists():
            path.unlink()
            removed.append(path)
    _refresh_caches(base)
    return removed
