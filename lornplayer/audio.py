"""Audio probing with mutagen (no Qt): duration, tags, and which case a file belongs to."""

from __future__ import annotations

import re
from pathlib import Path

from lornplayer.model import AudioFile

AUDIO_EXTENSIONS = {".mp3", ".m4a", ".ogg", ".opus", ".flac", ".wav"}

_ID_IN_NAME = [
    re.compile(r"(?<![A-Za-z0-9])C(\d{3,5})(?![0-9])", re.IGNORECASE),
    re.compile(r"(?:lorn|lørn|case|#)[\s_\-#]*C?(\d{3,5})(?![0-9])", re.IGNORECASE),
]


class AudioProbeError(Exception):
    def __init__(self, path: str | Path, reason: str):
        self.path, self.reason = str(path), reason
        super().__init__(f"{path}: {reason}")


def is_audio_path(path: str | Path) -> bool:
    return Path(path).suffix.lower() in AUDIO_EXTENSIONS


def case_id_from_text(text: str) -> str | None:
    for pattern in _ID_IN_NAME:
        m = pattern.search(text or "")
        if m:
            return "C%04d" % int(m.group(1))
    return None


def _tag_values(tags) -> list[str]:
    values: list[str] = []
    if not tags:
        return values
    try:
        items = tags.items()
    except Exception:
        return values
    for key, value in items:
        for v in value if isinstance(value, list) else [value]:
            text = getattr(v, "text", v)
            for t in text if isinstance(text, list) else [text]:
                values.append(f"{key}={t}")
    return values


def probe(path: str | Path) -> AudioFile:
    """Read duration and tags; raise :class:`AudioProbeError` with a clear reason for bad files."""
    import mutagen

    p = Path(path)
    if p.suffix.lower() not in AUDIO_EXTENSIONS:
        raise AudioProbeError(p, f"unsupported audio format '{p.suffix}' (supported: "
                                 f"{', '.join(sorted(e[1:] for e in AUDIO_EXTENSIONS))})")
    try:
        st = p.stat()
    except OSError as exc:
        raise AudioProbeError(p, f"cannot read file ({exc.strerror or exc})") from exc
    if st.st_size == 0:
        raise AudioProbeError(p, "file is empty")
    try:
        f = mutagen.File(p)
    except Exception as exc:  # mutagen raises many kinds for damaged files
        raise AudioProbeError(p, f"corrupt or truncated audio ({exc})") from exc
    if f is None or getattr(f, "info", None) is None:
        raise AudioProbeError(p, "not an audio file (no audio stream recognised)")
    duration = float(getattr(f.info, "length", 0) or 0)
    if duration <= 0:
        raise AudioProbeError(p, "no playable audio (duration is zero)")
    bitrate = getattr(f.info, "bitrate", 0) or 0
    if bitrate and st.st_size < 0.5 * bitrate / 8 * duration:
        # The header promises far more audio than the file holds.
        raise AudioProbeError(p, f"truncated audio (the header says {duration:.1f} s, the file holds much less)")
    tags = _tag_values(getattr(f, "tags", None))
    title = None
    for key in ("title", "TIT2", "\xa9nam", "TITLE"):
        for v in tags:
            k, _, val = v.partition("=")
            if k.lower() == key.lower() and val:
                title = val
                break
        if title:
            break
    case_id = case_id_from_text(p.stem) or next(
        (cid for cid in (case_id_from_text(v.partition("=")[2]) for v in tags) if cid), None)
    return AudioFile(path=str(p.resolve()), case_id=case_id, duration=duration, size=st.st_size,
                     mtime=st.st_mtime, format=p.suffix.lower().lstrip("."), title=title)

