"""What of the main window survives a restart: geometry, splitter, player rate/volume/mute, text size,
the last open case (kept in the library's settings)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray


def restore(w) -> None:
    """Restore what was saved, and save the player's speed, volume and mute whenever they change."""
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
    w.player.rateChanged.connect(lambda r: lib.set_setting("player.rate", r))
    w.player.volumeChanged.connect(lambda v: lib.set_setting("player.volume", v))
    w.player.mutedChanged.connect(lambda m: lib.set_setting("player.muted", m))
    size = lib.get_setting("transcript.font_size")
    if size:
        w.transcript.set_font_size(float(size))


def save(w) -> None:
    lib = w.library
    lib.set_setting("window.geometry", bytes(w.saveGeometry().toBase64()).decode())
    lib.set_setting("window.splitter", w.splitter.sizes())
    lib.set_setting("transcript.font_size", w.transcript.font_size())
    if w.case is not None:
        w.core.remember_last_case(w.case.id)
