"""Narrate the seed cases' transcripts into small synthetic demo audio files.

    python -m lornplayer.tools.make_demo_audio [--seeds-dir seeds] [--only C0557]

Each turn is spoken by espeak-ng with a Norwegian voice of its own per speaker,
with short pauses between turns, and the whole is encoded as mono Opus
(``seeds/C0557.opus`` …) tagged with mutagen.  The output is deterministic: the
same transcript gives the same file.  The narration is synthetic — it is not
the original LØRN recording, and its timing is not the original's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import wave
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mutagen.oggopus import OggOpus

from lornplayer.model import Case
from lornplayer.parser import parse_file

ALBUM = "LØRN (synthetic narration)"
COMMENT = (
    "Synthetic narration of the LØRN transcript with espeak-ng (Norwegian voices), "
    "made for the lornplayer demo. This is not the original recording."
)
WORDS_PER_MINUTE = 170
BITRATE = "16k"
LEAD_SECONDS = 0.5  # silence before the first and after the last turn
# Voices by apparent gender, handed out in order of first appearance.
FEMALE_VOICES = ("nb+f2", "nb+f4", "nb+f3", "nb+f5")
MALE_VOICES = ("nb+m3", "nb+m1", "nb+m7", "nb+m2")
NARRATOR_VOICE = "nb"  # turns without a speaker
FEMALE_FIRST_NAMES = {"silvija", "pia", "tone", "kristin", "kari", "anne", "ingrid", "marit", "hanne"}


def assign_voices(speakers: Sequence[str]) -> dict[str, str]:
    """A different espeak-ng voice for each speaker (by apparent gender where known)."""
    palettes = {True: list(FEMALE_VOICES), False: list(MALE_VOICES)}
    voices: dict[str, str] = {}
    for n, speaker in enumerate(speakers):
        first = speaker.split()[0].casefold() if speaker.split() else ""
        female = first in FEMALE_FIRST_NAMES if first else n % 2 == 0
        palette = palettes[female] or palettes[not female]
        voices[speaker] = palette.pop(0)
    return voices


def pause_after(index: int) -> float:
    """A short pause after turn ``index``, varying deterministically between 0.35 and 0.75 s."""
    return 0.35 + 0.04 * (index * 7 % 11)


def synthesize(text: str, voice: str, path: Path) -> None:
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(WORDS_PER_MINUTE), "-w", str(path), "--stdin"],
        input=text.encode("utf-8"),
        check=True,
        capture_output=True,
    )


def narrate(case: Case, out_path: Path, workdir: Path) -> None:
    """Speak every turn of ``case`` and encode the narration to ``out_path`` (Opus)."""
    voices = assign_voices(case.speakers)
    clips = [workdir / f"turn{i:04d}.wav" for i in range(len(case.turns))]
    jobs = [
        (turn.text, voices[turn.speaker] if turn.speaker else NARRATOR_VOICE, clip)
        for turn, clip in zip(case.turns, clips)
    ]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        list(pool.map(lambda job: synthesize(*job), jobs))
    joined = workdir / "narration.wav"
    with wave.open(str(joined), "wb") as out:
        for i, clip in enumerate(clips):
            with wave.open(str(clip), "rb") as w:
                if i == 0:
                    out.setparams(w.getparams())
                    rate, frame = w.getframerate(), w.getsampwidth() * w.getnchannels()
                    out.writeframes(b"\0" * frame * int(LEAD_SECONDS * rate))
                out.writeframes(w.readframes(w.getnframes()))
            gap = pause_after(i) if i + 1 < len(clips) else LEAD_SECONDS
            out.writeframes(b"\0" * frame * int(gap * rate))
    encoded = workdir / "narration.opus"
    subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-i",
            str(joined),
            "-ac",
            "1",
            "-c:a",
            "libopus",
            "-b:a",
            BITRATE,
            "-application",
            "voip",
            "-map_metadata",
            "-1",
            "-fflags",
            "+bitexact",
            "-flags:a",
            "+bitexact",
            str(encoded),
        ],
        check=True,
    )
    tag(encoded, case)
    shutil.move(encoded, out_path)


def tag(path: Path, case: Case) -> None:
    audio = OggOpus(path)
    audio["title"] = case.title or case.id
    audio["album"] = ALBUM
    audio["artist"] = "; ".join(case.speakers)
    audio["comment"] = COMMENT
    audio["lorn_case"] = case.id
    if case.date:
        audio["date"] = case.date
    audio.save()


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds-dir", type=Path, default=Path("seeds"))
    ap.add_argument("--only", action="append", metavar="CASE_ID", help="only this case (repeatable)")
    args = ap.parse_args(argv)
    for tool in ("espeak-ng", "ffmpeg"):
        if shutil.which(tool) is None:
            ap.error(f"{tool} is needed (Debian package {tool})")
    pages = sorted(args.seeds_dir.glob("C*.txt"))
    if args.only:
        pages = [p for p in pages if p.stem in args.only]
    for page in pages:
        case = parse_file(page).case
        if not case.turns:
            print(f"{case.id}: no transcript, skipped")
            continue
        out = args.seeds_dir / f"{case.id}.opus"
        with tempfile.TemporaryDirectory(prefix="lorn-narration-") as tmp:
            narrate(case, out, Path(tmp))
        info = OggOpus(out).info
        print(
            f"{out}: {info.length / 60:.1f} min, {out.stat().st_size / 1e6:.2f} MB, "
            f"voices {assign_voices(case.speakers)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
