"""Decode an audio file to mono float32 PCM with Qt's QAudioDecoder (FFmpeg backend).

PySide6 is imported lazily, so importing this module costs nothing.  Works from
the GUI thread, from a worker thread (a local QEventLoop drives the decoder) and
from the command line (a QCoreApplication is created when none exists).  The
length comes from counting decoded frames, never from ``duration()``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np

# Give up when the decoder produces nothing for this long (a hung backend).
STALL_TIMEOUT = 30.0
# Decoded buffers gathered into one yielded block.
BATCH = 64


class DecodeError(Exception):
    """The file is missing, corrupt or in a format the backend cannot decode."""

    def __init__(self, path: str | Path, reason: str):
        super().__init__(f"cannot decode {path}: {reason}")
        self.path = str(path)
        self.reason = reason


def decode(path: str | Path, sample_rate: int = 16000) -> np.ndarray:
    """The whole file as a mono float32 array at ``sample_rate``."""
    blocks = list(iter_decode(path, sample_rate))
    return np.concatenate(blocks) if blocks else np.zeros(0, np.float32)


def iter_decode(path: str | Path, sample_rate: int = 16000) -> Iterator[np.ndarray]:
    """Decode ``path`` block by block (mono float32 at ``sample_rate``).

    Only a few decoded buffers are held at a time, so a long episode can be
    turned into features without keeping all its samples in memory.
    Raises :class:`DecodeError` when nothing (or garbage) can be decoded.
    """
    path = Path(path)
    if not path.is_file():
        raise DecodeError(path, "no such file")
    if path.stat().st_size == 0:
        raise DecodeError(path, "empty file")

    os.environ.setdefault("QT_MEDIA_BACKEND", "ffmpeg")
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer, QUrl
    from PySide6.QtMultimedia import QAudioDecoder, QAudioFormat

    if QCoreApplication.instance() is None:
        _keep_app.append(QCoreApplication([]))
    _guard_none_refcount()

    fmt = QAudioFormat()
    fmt.setSampleRate(sample_rate)
    fmt.setChannelCount(1)
    fmt.setSampleFormat(QAudioFormat.SampleFormat.Float)

    decoder = QAudioDecoder()
    decoder.setAudioFormat(fmt)
    loop = QEventLoop()
    watchdog = QTimer()
    watchdog.setSingleShot(True)
    watchdog.setInterval(int(STALL_TIMEOUT * 1000))
    pending: list[np.ndarray] = []
    state = {"finished": False, "stalled": False}

    def on_ready() -> None:
        while decoder.bufferAvailable():
            pending.append(_to_mono_float(decoder.read(), sample_rate))
        if len(pending) >= BATCH:  # waking the caller per buffer would be slow
            loop.quit()

    def on_finished() -> None:
        state["finished"] = True
        loop.quit()

    def on_stall() -> None:
        state["stalled"] = True
        loop.quit()

    decoder.bufferReady.connect(on_ready)
    decoder.finished.connect(on_finished)
    decoder.error.connect(lambda _err: loop.quit())
    watchdog.timeout.connect(on_stall)
    decoder.setSource(QUrl.fromLocalFile(str(path.resolve())))
    frames = 0
    try:
        decoder.start()  # may fail synchronously (e.g. unreadable data)
        while True:
            if decoder.error() != QAudioDecoder.Error.NoError:
                raise DecodeError(path, decoder.errorString() or str(decoder.error()))
            if pending and (len(pending) >= BATCH or state["finished"]):
                block = np.concatenate(pending)
                pending.clear()
                frames += len(block)
                yield block
                continue
            if state["finished"]:
                break
            if state["stalled"]:
                raise DecodeError(path, f"decoder stalled for {STALL_TIMEOUT:.0f} s")
            watchdog.start()
            loop.exec()
            watchdog.stop()
        if frames == 0:
            raise DecodeError(path, "no audio decoded")
    finally:
        watchdog.stop()
        decoder.stop()
        decoder.bufferReady.disconnect(on_ready)
        decoder.finished.disconnect(on_finished)
        decoder.deleteLater()


# A QCoreApplication created here for command-line use must outlive the decoders.
_keep_app: list = []
_none_guarded: list[bool] = []


def _guard_none_refcount() -> None:
    """Work around PySide6 6.12.0 on Python 3.11 dropping a reference to None per void call.

    Decoding a long file makes tens of thousands of such calls, and CPython
    aborts ("none_dealloc") once None's count reaches zero.  When the leak is
    detected, None gets a large reserve of references (harmless otherwise).
    """
    if _none_guarded:
        return
    import ctypes
    import sys

    from PySide6.QtCore import QTimer

    timer = QTimer()
    before = sys.getrefcount(None)
    for _ in range(10):
        timer.setInterval(1)
    if sys.getrefcount(None) < before:
        ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
    _none_guarded.append(True)


def _to_mono_float(buffer, sample_rate: int) -> np.ndarray:
    """Convert a QAudioBuffer to mono float32 at ``sample_rate`` (normally a no-op)."""
    from PySide6.QtMultimedia import QAudioFormat

    fmt = buffer.format()
    raw = bytes(buffer.constData())
    kind = fmt.sampleFormat()
    if kind == QAudioFormat.SampleFormat.Float:
        data = np.frombuffer(raw, np.float32)
    elif kind == QAudioFormat.SampleFormat.Int16:
        data = np.frombuffer(raw, np.int16).astype(np.float32) / 32768.0
    elif kind == QAudioFormat.SampleFormat.Int32:
        data = (np.frombuffer(raw, np.int32) / 2147483648.0).astype(np.float32)
    elif kind == QAudioFormat.SampleFormat.UInt8:
        data = (np.frombuffer(raw, np.uint8).astype(np.float32) - 128.0) / 128.0
    else:
        raise ValueError(f"unsupported sample format {kind}")
    channels = max(1, fmt.channelCount())
    if channels > 1:
        data = data[: len(data) // channels * channels].reshape(-1, channels).mean(axis=1)
    rate = fmt.sampleRate()
    if rate != sample_rate and len(data):
        n = int(round(len(data) * sample_rate / rate))
        data = np.interp(np.arange(n) * (rate / sample_rate), np.arange(len(data)), data)
    return np.ascontiguousarray(data, dtype=np.float32)
