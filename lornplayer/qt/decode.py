"""Decode an audio file to mono float32 PCM with Qt's QAudioDecoder (FFmpeg backend).

PySide6 is imported lazily, so importing this module costs nothing.  Works from
the GUI thread, from a worker thread (a local QEventLoop drives the decoder) and
from the command line (:func:`lornplayer.qt.application.ensure_app` creates the
Qt application when none exists).  The
length comes from counting decoded frames, never from ``duration()``.

The decoder is asked for the file's own sample rate and the conversion is done
by :mod:`lornplayer.resample`: Qt 6.11's FFmpeg backend delivers no buffer at
all when asked for a lower rate than an MP3's (a 44.1 kHz episode requested
at 16 kHz stalls).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np

from lornplayer.qt.application import ensure_app, quiet_ffmpeg
from lornplayer.resample import Resampler

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

    ensure_app()
    from PySide6.QtCore import QEventLoop, QTimer, QUrl
    from PySide6.QtMultimedia import QAudioDecoder, QAudioFormat

    fmt = QAudioFormat()  # no sample rate: the file's own (see the module's docstring)
    fmt.setChannelCount(1)
    fmt.setSampleFormat(QAudioFormat.SampleFormat.Float)

    decoder = QAudioDecoder()
    quiet_ffmpeg()  # the plugin is loaded now
    decoder.setAudioFormat(fmt)
    loop = QEventLoop()
    watchdog = QTimer()
    watchdog.setSingleShot(True)
    watchdog.setInterval(int(STALL_TIMEOUT * 1000))
    pending: list[np.ndarray] = []
    raw: list[bytes] = []  # buffers read but not yet converted, all of format raw_key
    raw_key: list[tuple] = []  # (rate, channels, sample format) of ``raw``
    state = {"finished": False, "stalled": False}
    converter: list[Resampler] = []  # the one in use (none before the first buffer)

    def convert() -> None:
        """Turn the buffers read so far into output samples, in one numpy pass."""
        if not raw:
            return
        rate, channels, kind = raw_key[0]
        data = _to_mono_float(b"".join(raw), channels, kind)
        raw.clear()
        if not converter or converter[0].rate_in != rate:
            if converter:  # the rate changed mid-stream: finish the previous conversion
                pending.append(converter.pop().flush())
            converter.append(Resampler(rate, sample_rate))
        pending.append(converter[0].process(data))

    def on_ready() -> None:
        # Per-buffer work stays minimal (an MP3 buffer is 1,152 samples): copy the bytes; the
        # conversion runs once per batch.
        while decoder.bufferAvailable():
            buffer = decoder.read()
            fmt = buffer.format()
            key = (fmt.sampleRate(), max(1, fmt.channelCount()), fmt.sampleFormat())
            if raw_key and raw_key[0] != key:
                convert()
            raw_key[:] = [key]
            raw.append(bytes(buffer.constData()))
        if len(raw) >= BATCH:  # waking the caller per buffer would be slow
            convert()
            loop.quit()

    def on_finished() -> None:
        convert()
        if converter:
            pending.append(converter.pop().flush())
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
            # error() is also a signal's name; PySide6's stubs know only the signal.
            error = decoder.error()  # type: ignore[operator]
            if error != QAudioDecoder.Error.NoError:
                raise DecodeError(path, decoder.errorString() or str(error))
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


def _to_mono_float(raw: bytes, channels: int, kind) -> np.ndarray:
    """Interleaved samples of one format as mono float32 (channels averaged)."""
    from PySide6.QtMultimedia import QAudioFormat

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
    if channels > 1:
        data = data[: len(data) // channels * channels].reshape(-1, channels).mean(axis=1, dtype=np.float32)
    return np.ascontiguousarray(data, dtype=np.float32)
