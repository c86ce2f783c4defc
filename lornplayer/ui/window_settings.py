"""What of the main window survives a restart: geometry, splitter, player rate/volume/mute, text size,
the last open case (kept in the library's settings)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray


def restore(w) -> None:
    lib = w.library
    geometry = lib.get_setting("window.geometry")
    if geometry:
        w.restoreGeometry(QByteArray.fromBase64(geometry.encode()))
    sizes = lib.get_setting("window.splitter")
    if sizes and len(sizes) == w.splitter.count():
        w.splitter.setSizes(sizes)
    w.player.set_rate(float(lib.get_setting("player.rate", 1.0)))
    w.player.set_volume(float(lib.get_setting("player.volume", 0.8)))
    w.player.set_muted(bool(lib.get_setting("player.muted", False)))
    size = lib.get_setting("transcript.font_size")
    if size:
        w.transcript.set_font_size(float(size))


def save(w) -> None:
    lib = w.library
    lib.set_setting("window.geometry", bytes(w.saveGeometry().toBase64()).decode())
    lib.set_setting("window.splitter", w.splitter.sizes())
    lib.set_setting("transcript.font_size", w.transcript.font_size())
    if w.case is not None:
        lib.set_setting("last_case", w.case.id)
