"""espeak-ng synthesis of the transcript and language guessing."""

from __future__ import annotations

import html
import itertools
import os
import re
import shutil
import subprocess
import tempfile
import wave
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from lornplayer import language
from lornplayer.align.common import (
    ESPEAK_ENV,
    SYNTH_RATE,
    AlignmentError,
    Cancelled,
    TTSUnavailable,
)


def espeak_executable(executable: str | None = None) -> str | None:
    """Path of the espeak-ng binary: ``executable``, env LORNPLAYER_ESPEAK, or PATH."""
    name = executable or os.environ.get(ESPEAK_ENV)
    if name:
        return shutil.which(name) or (name if Path(name).is_file() and os.access(name, os.X_OK) else None)
    return shutil.which("espeak-ng") or shutil.which("espeak")


def guess_language(texts: Iterable[str]) -> str:
    """'en' when English function words outnumber Norwegian ones, else 'nb' (see :mod:`lornplayer.language`)."""
    return language.guess_language(texts) or "nb"


def tts_available(executable: str | None = None) -> bool:
    return espeak_executable(executable) is not None


def _speakable(text: str) -> str:
    text = re.sub(r"https?://\S+|www\.\S+", " ", text)
    text = re.sub(r"[#*_\[\]{}<>|\\]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as w:
        rate, channels, width = w.getframerate(), w.getnchannels(), w.getsampwidth()
        raw = w.readframes(w.getnframes())
    if width != 2:
        raise AlignmentError(f"unexpected {8 * width}-bit WAV from espeak-ng")
    data = np.frombuffer(raw, np.int16).astype(np.float32) / 32768.0
    if channels > 1:
        data = data.reshape(-1, channels).mean(axis=1)
    return data, rate


def _trim(x: np.ndarray, rate: int, level: float = 0.01) -> np.ndarray:
    """Cut leading and trailing silence (so a synthetic turn starts at its onset)."""
    loud = np.flatnonzero(np.abs(x) > level)
    if not len(loud):
        return x[:0]
    pad = int(0.01 * rate)
    return x[max(0, loud[0] - pad) : loud[-1] + pad]


def _require_espeak(executable: str | None) -> str:
    exe = espeak_executable(executable)
    if exe is None:
        raise TTSUnavailable(
            "automatic alignment needs the espeak-ng text-to-speech program, which was not found "
            f"(install the 'espeak-ng' package or set {ESPEAK_ENV} to its path)"
        )
    return exe


BREAK_MS = 1500  # SSML pause put between the sentences of a turn, found again to split it
_BREAK_MIN = 1.1  # seconds of silence taken for such a pause (espeak's own pauses are shorter)


def _run_espeak(exe: str, voice: str, text: str, ssml: bool, tmp: str, tag: str) -> tuple[np.ndarray, int]:
    src, out = Path(tmp, f"{tag}.txt"), Path(tmp, f"{tag}.wav")
    src.write_text(text, encoding="utf-8")
    try:
        subprocess.run(
            [
                exe,
                "-v",
                voice,
                "-s",
                str(SYNTH_RATE),
                "-b",
                "1",
                *(["-m"] if ssml else []),
                "-f",
                str(src),
                "-w",
                str(out),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
        return read_wav(out)
    except (OSError, subprocess.SubprocessError, wave.Error) as exc:
        raise AlignmentError(f"espeak-ng failed: {exc}") from exc
    finally:
        src.unlink(missing_ok=True)
        out.unlink(missing_ok=True)


def split_at_breaks(x: np.ndarray, rate: int, count: int) -> list[np.ndarray] | None:
    """Cut ``x`` at its ``count - 1`` silences longer than _BREAK_MIN (None if there are not that many)."""
    hop = max(1, rate // 100)
    frames = np.abs(x[: len(x) // hop * hop]).reshape(-1, hop).max(axis=1) < 0.01
    edges = np.diff(np.concatenate([[0], frames.astype(np.int8), [0]]))
    begins, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    long = [(b, e) for b, e in zip(begins, ends) if (e - b) * hop >= _BREAK_MIN * rate and b > 0 and e < len(frames)]
    if len(long) != count - 1:
        return None
    cuts = [0] + [((b + e) // 2) * hop for b, e in long] + [len(x)]
    return [_trim(x[c0:c1], rate) for c0, c1 in itertools.pairwise(cuts)]


def synthesise(
    texts: Sequence[str | Sequence[str]],
    language: str,
    *,
    executable: str | None = None,
    cancelled: Callable[[], bool] | None = None,
    workers: int = 2,
    progress: Callable[[float], None] | None = None,
) -> Iterator[tuple[np.ndarray | list, int]]:
    """Speak each text with espeak-ng, ``workers`` at a time.

    Yields, in order, (float32 samples with leading/trailing silence cut, rate)
    per text, so the caller can consume them without holding them all.  A text
    given as a list of sentences is spoken in one espeak-ng run (with long SSML
    pauses between the sentences, cut out again) and yields a list of arrays,
    one per sentence (empty for an unspeakable one).
    """
    exe = _require_espeak(executable)
    voice = "en" if language.startswith("en") else "nb"
    with tempfile.TemporaryDirectory(prefix="lornplayer-tts-") as tmp:

        def speak_one(text: str, tag: str) -> tuple[np.ndarray, int]:
            text = _speakable(text)
            if not text:
                return np.zeros(0, np.float32), 0
            data, rate = _run_espeak(exe, voice, text, False, tmp, tag)
            return _trim(data, rate), rate

        def speak(index: int) -> tuple[np.ndarray | list, int]:
            if cancelled and cancelled():
                raise Cancelled("alignment cancelled")
            item = texts[index]
            if isinstance(item, str):
                return speak_one(item, str(index))
            parts = [_speakable(t) for t in item]
            spoken = [k for k, t in enumerate(parts) if t]
            out: list[np.ndarray] = [np.zeros(0, np.float32)] * len(parts)
            if not spoken:
                return out, 0
            brk = f'<break time="{BREAK_MS}ms"/>'
            ssml = "<speak>" + brk.join(html.escape(parts[k], quote=False) for k in spoken) + "</speak>"
            data, rate = _run_espeak(exe, voice, ssml, True, tmp, str(index))
            pieces = split_at_breaks(data, rate, len(spoken)) if len(spoken) > 1 else [_trim(data, rate)]
            if pieces is None:  # the pauses were not found: one run per sentence
                pieces = [speak_one(parts[k], f"{index}_{k}")[0] for k in spoken]
            for k, piece in zip(spoken, pieces):
                out[k] = piece
            return out, rate

        pool = ThreadPoolExecutor(max_workers=max(1, workers))
        ahead: deque = deque()  # a few turns in flight, so memory stays small
        try:
            for i in range(len(texts)):
                while len(ahead) < 2 * workers and i + len(ahead) < len(texts):
                    ahead.append(pool.submit(speak, i + len(ahead)))
                yield ahead.popleft().result()
                if progress:
                    progress((i + 1) / len(texts))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
