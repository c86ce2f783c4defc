"""Audio probing with mutagen (no Qt): duration, tags, and which case a file belongs to."""

from __future__ import annotations

from pathlib import Path

from lornplayer.errors import AudioError
from lornplayer.model import AudioFile

AUDIO_EXTENSIONS = {".mp3", ".m4a", ".ogg", ".opus", ".flac", ".wav"}


class AudioProbeError(AudioError):
    def __init__(self, path: str | Path, reason: str):
        self.path, self.reason = str(path), reason
        super().__init__(f"{path}: {reason}")


def is_audio_path(path: str | Path) -> bool:
    return Path(path).suffix.lower() in AUDIO_EXTENSIONS


def case_id_from_text(text: str) -> str | None:
    """The case number in a file name or tag, in every form LØRN uses (see ``feeds.matching``)."""
    from lornplayer.feeds.matching import case_number

    return case_number(text)


# Tags that hold pictures or binary data, never a case number.
_BINARY_TAG_KEYS = ("apic", "covr", "picture", "metadata_block_picture", "pic", "geob", "priv")
_MAX_TAG_TEXT = 500


def _tag_values(tags) -> list[str]:
    """``key=value`` for every short text tag (pictures and binary frames are skipped)."""
    values: list[str] = []
    if not tags:
        return values
    try:
        items = list(tags.items())
    except Exception:
        return values
    for key, value in items:
        if any(b in str(key).lower() for b in _BINARY_TAG_KEYS):
            continue
        for v in value if isinstance(value, list) else [value]:
            text = getattr(v, "text", v)
            for t in text if isinstance(text, list) else [text]:
                if isinstance(t, str) and len(t) <= _MAX_TAG_TEXT:
                    values.append(f"{key}={t}")
    return values


def _truncation(path: Path, f, size: int, duration: float) -> str | None:
    """Why the file holds less audio than its header promises, or None if it looks whole.

    WAV and MP3 (with a frame count) state their length in the header and have a known
    bitrate; FLAC states its sample count, which the last frame in the file must reach.
    Ogg lengths are read from the last page, so a cut Ogg file is just shorter.
    """
    kind = type(f).__name__
    bitrate = getattr(f.info, "bitrate", 0) or 0
    if kind == "FLAC":
        reached = _flac_last_sample(path, f.info, size)
        if reached is not None and reached < f.info.total_samples - 2 * f.info.max_blocksize:
            return (
                f"truncated audio (the header says {duration:.1f} s, the file ends at "
                f"{reached / f.info.sample_rate:.1f} s)"
            )
        return None
    if kind.startswith("Ogg") or not bitrate:
        return None
    # The header's length × bitrate is what the file must hold (PCM and CBR exactly, VBR about).
    needed = (0.85 if kind in ("WAVE", "MP3") else 0.5) * bitrate / 8 * duration
    if size < needed:
        return f"truncated audio (the header says {duration:.1f} s, the file holds much less)"
    return None


def _flac_last_sample(path: Path, info, size: int) -> int | None:
    """The sample number the last complete-looking FLAC frame ends at, or None if unknown.

    Frame headers are found in the file's tail by their sync code and CRC-8; a header only
    counts when the frame before it is found too, so audio bytes that happen to look like a
    header do not.
    """
    tail_size = min(size, max(65536, 8 * (info.max_framesize or 0)))
    with open(path, "rb") as fh:
        fh.seek(size - tail_size)
        tail = fh.read()
    frames: dict[int, int] = {}  # first sample → block size
    pos = tail.find(b"\xff")
    while pos >= 0:
        header = _flac_frame_header(tail, pos, info)
        if header:
            frames[header[0]] = header[1]
        pos = tail.find(b"\xff", pos + 1)
    ends = [start + block for start, block in frames.items() if any(s + b == start for s, b in frames.items())]
    return max(ends) if ends else None


def _crc8(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


def _flac_frame_header(buf: bytes, pos: int, info) -> tuple[int, int] | None:
    """(first sample, block size) of a valid FLAC frame header at ``buf[pos]``, else None."""
    if pos + 6 > len(buf) or buf[pos + 1] not in (0xF8, 0xF9):
        return None
    variable = buf[pos + 1] == 0xF9
    bs_code, sr_code = buf[pos + 2] >> 4, buf[pos + 2] & 0x0F
    ch_code, ss_code, reserved = buf[pos + 3] >> 4, (buf[pos + 3] >> 1) & 0x07, buf[pos + 3] & 1
    if bs_code == 0 or sr_code == 15 or ch_code > 10 or ss_code == 3 or reserved:
        return None
    # The frame (or sample) number, UTF-8 coded.
    first = buf[pos + 4]
    extra = next(
        (n for n, mask in enumerate((0x80, 0xE0, 0xF0, 0xF8, 0xFC, 0xFE, 0xFF)) if first & mask == (mask << 1) & 0xFF),
        None,
    )
    if extra is None or (extra == 6 and not variable):
        return None
    number = first & (0x7F >> extra) if extra else first
    i = pos + 5
    for _ in range(extra):
        if i >= len(buf) or buf[i] & 0xC0 != 0x80:
            return None
        number = (number << 6) | (buf[i] & 0x3F)
        i += 1
    if bs_code in (6, 7):
        n = bs_code - 5
        if i + n > len(buf):
            return None
        block = int.from_bytes(buf[i : i + n], "big") + 1
        i += n
    elif bs_code == 1:
        block = 192
    elif bs_code <= 5:
        block = 576 << (bs_code - 2)
    else:
        block = 256 << (bs_code - 8)
    i += {12: 1, 13: 2, 14: 2}.get(sr_code, 0)
    if i >= len(buf) or _crc8(buf[pos:i]) != buf[i]:
        return None
    start = number if variable else number * info.max_blocksize
    return (start, block) if start + block <= info.total_samples + info.max_blocksize else None


def _has_audio_signature(path: Path) -> bool:
    """Whether the file starts like one of the supported formats (ID3, MPEG sync, RIFF, fLaC, OggS, MP4)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(12)
    except OSError:
        return False
    return (
        head.startswith((b"ID3", b"RIFF", b"fLaC", b"OggS"))
        or head[4:8] == b"ftyp"
        or (len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)
    )


def probe(path: str | Path) -> AudioFile:
    """Read duration and tags; raise :class:`AudioProbeError` with a clear reason for bad files."""
    import mutagen

    p = Path(path)
    if p.suffix.lower() not in AUDIO_EXTENSIONS:
        raise AudioProbeError(
            p,
            f"unsupported audio format '{p.suffix}' (supported: {', '.join(sorted(e[1:] for e in AUDIO_EXTENSIONS))})",
        )
    try:
        st = p.stat()
    except OSError as exc:
        raise AudioProbeError(p, f"cannot read file ({exc.strerror or exc})") from exc
    if st.st_size == 0:
        raise AudioProbeError(p, "file is empty")
    try:
        f = mutagen.File(p)
    except Exception as exc:  # mutagen raises many kinds for damaged files
        if not _has_audio_signature(p):
            raise AudioProbeError(p, "not an audio file (its content is not audio of any known format)") from exc
        raise AudioProbeError(p, f"corrupt or truncated audio ({exc})") from exc
    if f is None or getattr(f, "info", None) is None:
        raise AudioProbeError(p, "not an audio file (no audio stream recognised)")
    duration = float(getattr(f.info, "length", 0) or 0)
    if duration <= 0:
        raise AudioProbeError(p, "no playable audio (duration is zero)")
    truncated = _truncation(p, f, st.st_size, duration)
    if truncated:
        raise AudioProbeError(p, truncated)
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
        (cid for cid in (case_id_from_text(v.partition("=")[2]) for v in tags) if cid), None
    )
    return AudioFile(
        path=str(p.resolve()),
        case_id=case_id,
        duration=duration,
        size=st.st_size,
        mtime=st.st_mtime,
        format=p.suffix.lower().lstrip("."),
        title=title,
    )
