"""Command-line options of the listening features: ``--install-desktop`` / ``--uninstall-desktop``."""

from __future__ import annotations

import argparse


def register(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--install-desktop",
        action="store_true",
        help="add lornplayer to the desktop's application menu (desktop entry, metainfo, icon "
        "in the user's XDG data folder) and exit",
    )
    group.add_argument("--uninstall-desktop", action="store_true", help="remove what --install-desktop added and exit")


def handle(args) -> int | None:
    """Run the option if one was given (returns the exit code), else None."""
    from lornplayer import desktop

    if getattr(args, "install_desktop", False):
        for path in desktop.install():
            print(f"installed {path}")
        return 0
    if getattr(args, "uninstall_desktop", False):
        removed = desktop.uninstall()
        for path in removed:
            print(f"removed {path}")
        if not removed:
            print("lornplayer's desktop entry was not installed")
        return 0
    return None
