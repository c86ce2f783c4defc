"""Measure the automatic aligner on narrated seed transcripts with known turn starts.

    python -m lornplayer.tools.evaluate_alignment [--seed C0557 ...] [--voices nb+m1,nb+f4,en-us]
                                                 [--seed-random N] [--format opus|mp3] [--hard]
                                                 [--keep DIR [--reuse]]
    python -m lornplayer.tools.evaluate_alignment --real DIR [--variants clean,reverb,...]  (real speech)

Each seed transcript is narrated with espeak-ng like a real episode: a ~20 s
music-like intro jingle, a different voice per speaker, pace changes per
speaker and per sentence, uneven pauses (0.15–3 s), a ~30 s "ad" by another
voice inserted mid-episode (not in the transcript), a short outro jingle and a
low noise floor, encoded to Opus or MP3.  ``--hard`` adds fillers and dropped
words (speech that strays from the transcript), more noise and reverberation.  The true turn starts are recorded
and compared with ``lornplayer.align.align`` and with a text-length baseline
(starts proportional to characters over the duration).  Prints median and p90
absolute error and the processing time per audio minute.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lornplayer.align import align, read_wav
from lornplayer.parser import parse_file
from lornplayer.tools.evaluate_real import VARIANTS
from lornplayer.tools.evaluate_real import run as run_real

RATE = 22050
DEFAULT_VOICES = ("nb+m1", "nb+f4", "nb+m7", "nb+f2", "en-us", "nb+Andy")
AD_VOICE = "nb+f5"
AD_TEXT = (
    "Denne episoden er sponset av Fjordkraft Solenergi. Visste du at et solcelleanlegg på taket "
    "kan dekke store deler av strømforbruket ditt? Besøk oss i dag og få et uforpliktende tilbud. "
    "Bruk rabattkoden podkast og få ti prosent avslag på installasjonen. Vi tar oss av alt, fra "
    "søknad til montering. Fjordkraft Solenergi, ren energi fra ditt eget tak. "
)


@dataclass
class Episode:
    path: Path
    starts: list[float]  # true turn starts, seconds
    duration: float


def _espeak(text: str, voice: str, rate: int, pitch: int, out: Path) -> np.ndarray:
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(rate), "-p", str(pitch), "-b", "1", "-w", str(out), "--stdin"],
        input=text.encode("utf-8"),
        check=True,
        capture_output=True,
    )
    data, rate_ = read_wav(out)
    if rate_ != RATE:
        raise RuntimeError(f"espeak-ng gave {rate_} Hz, expected {RATE}")
    loud = np.flatnonzero(np.abs(data) > 0.01)
    return data[loud[0] : loud[-1] + 1] if len(loud) else data[:0]


def jingle(seconds: float, rng: np.random.Generator) -> np.ndarray:
    """Music-like filler: a random melody over chords with a beat and a fade-out."""
    n = int(seconds * RATE)
    t = np.arange(n) / RATE
    out = np.zeros(n, np.float32)
    beat = 0.25 + 0.1 * rng.random()
    scale = 220.0 * 2 ** (np.array([0, 2, 4, 5, 7, 9, 11, 12, 14, 16]) / 12)
    for k in range(int(seconds / beat)):
        s, e = int(k * beat * RATE), min(n, int((k + 1.8) * beat * RATE))
        tt = t[s:e] - t[s]
        env = np.exp(-tt * 6.0)
        f = scale[rng.integers(len(scale))] * (2 if rng.random() < 0.3 else 1)
        out[s:e] += (0.25 * env * (np.sin(2 * np.pi * f * tt) + 0.3 * np.sin(4 * np.pi * f * tt))).astype(np.float32)
        if k % 2 == 0:  # drum: a short noise burst
            d = min(e, s + int(0.05 * RATE))
            out[s:d] += (0.2 * rng.normal(size=d - s) * np.exp(-np.arange(d - s) / (0.01 * RATE))).astype(np.float32)
    for k in range(int(seconds / (8 * beat)) + 1):  # chord pad
        s, e = int(k * 8 * beat * RATE), min(n, int((k + 1) * 8 * beat * RATE))
        root = scale[rng.integers(5)] / 2
        for ratio in (1.0, 1.25, 1.5):
            out[s:e] += (0.06 * np.sin(2 * np.pi * root * ratio * t[s:e])).astype(np.float32)
    fade = np.minimum(1.0, (n - np.arange(n)) / (1.5 * RATE))
    return (out * fade).astype(np.float32)


FILLERS = ("eh", "ehm", "altså", "liksom", "ja", "på en måte")


def roughen(sentence: str, rng: np.random.Generator) -> str:
    """Speech that strays from the transcript: ~5 % of words dropped, fillers added."""
    out = []
    for word in sentence.split():
        if rng.random() < 0.06:
            out.append(str(rng.choice(FILLERS)) + ",")
        if rng.random() >= 0.05:
            out.append(word)
    return " ".join(out) or sentence


def narrate(
    turns, voices: Sequence[str], rng: np.random.Generator, tmp: Path, *, ad: bool = True, hard: bool = False
) -> tuple[np.ndarray, list[float]]:
    """Synthesise an episode; returns the samples and the true turn starts (seconds)."""
    speakers = list(dict.fromkeys(t.speaker or "" for t in turns))
    order = rng.permutation(len(voices))
    style = {
        sp: (voices[order[k % len(voices)]], int(rng.integers(130, 215)), int(rng.integers(30, 70)))
        for k, sp in enumerate(speakers)
    }
    jobs = []  # (turn index, text, voice, rate, pitch)
    for i, turn in enumerate(turns):
        voice, base, pitch = style[turn.speaker or ""]
        for sentence in re.split(r"(?<=[.!?])\s+", turn.text.strip()):
            if sentence:
                rate = int(np.clip(base * rng.uniform(0.85, 1.18), 90, 260))
                jobs.append((i, roughen(sentence, rng) if hard else sentence, voice, rate, pitch))
    with ThreadPoolExecutor(max_workers=2) as pool:
        clips = list(
            pool.map(
                lambda k: _espeak(jobs[k][1], jobs[k][2], jobs[k][3], jobs[k][4], tmp / f"s{k}.wav"), range(len(jobs))
            )
        )
    ad_at = int(rng.integers(len(turns) * 2 // 5, len(turns) * 3 // 5 + 1)) if ad and len(turns) > 2 else -1
    parts = [jingle(rng.uniform(18, 22), rng), np.zeros(int(rng.uniform(0.3, 1.0) * RATE), np.float32)]
    pos = sum(len(p) for p in parts)
    starts: list[float | None] = [None] * len(turns)
    prev_turn = -1
    for (i, _text, _v, _r, _p), clip in zip(jobs, clips):
        if i != prev_turn and prev_turn >= 0:
            if i == ad_at:
                advert = _ad(rng, tmp)
                for piece in (np.zeros(int(0.8 * RATE), np.float32), advert, np.zeros(int(0.8 * RATE), np.float32)):
                    parts.append(piece)
                    pos += len(piece)
            pause = float(np.clip(rng.lognormal(np.log(0.7), 0.7), 0.15, 3.0))
        elif i == prev_turn:
            pause = float(np.clip(rng.lognormal(np.log(0.35), 0.6), 0.15, 1.5))
        else:
            pause = 0.0
        parts.append(np.zeros(int(pause * RATE), np.float32))
        pos += int(pause * RATE)
        if starts[i] is None:
            starts[i] = pos / RATE
        parts.append(clip)
        pos += len(clip)
        prev_turn = i
    parts += [np.zeros(int(0.8 * RATE), np.float32), jingle(rng.uniform(6, 10), rng)]
    audio = np.concatenate(parts)
    noise = 0.01 if hard else 0.002  # room noise, about -40 / -54 dBFS
    audio += (noise * rng.normal(size=len(audio))).astype(np.float32)
    # Turns without any sentence start where the next one does.
    nxt = len(audio) / RATE
    for i in range(len(starts) - 1, -1, -1):
        starts[i] = nxt = starts[i] if starts[i] is not None else nxt
    return audio, starts


def _ad(rng: np.random.Generator, tmp: Path) -> np.ndarray:
    clip = _espeak(AD_TEXT * 2, AD_VOICE, int(rng.integers(160, 200)), 60, tmp / "ad.wav")
    return clip[: int(rng.uniform(28, 32) * RATE)]


def encode(audio: np.ndarray, out: Path, fmt: str, tmp: Path, reverb: bool = False) -> None:
    wav = tmp / "episode.wav"
    pcm = (np.clip(audio, -1, 1) * 32767).astype("<i2")
    import wave

    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())
    if reverb:
        wet = tmp / "reverb.wav"
        subprocess.run(["sox", str(wav), str(wet), "reverb", "50", "50", "60", "gain", "-3"], check=True)
        wav = wet
    codec = ["-c:a", "libopus", "-b:a", "32k"] if fmt == "opus" else ["-c:a", "libmp3lame", "-b:a", "64k"]
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(wav), "-ac", "1", *codec, str(out)], check=True
    )


def baseline(turns, duration: float) -> list[float]:
    """Starts proportional to characters, spread over the whole duration."""
    lengths = np.array([len(t.text) for t in turns], float)
    return list(duration * np.concatenate([[0.0], np.cumsum(lengths)[:-1]]) / max(lengths.sum(), 1.0))


def _stats(errors: np.ndarray) -> str:
    return f"median {np.median(errors):5.2f} s  p90 {np.percentile(errors, 90):5.2f} s  max {errors.max():6.2f} s"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds-dir", type=Path, default=Path(__file__).resolve().parents[2] / "seeds")
    ap.add_argument("--seed", action="append", metavar="CASE_ID", help="only this case (repeatable)")
    ap.add_argument(
        "--voices", default=",".join(DEFAULT_VOICES), help="comma-separated espeak-ng voices handed to the speakers"
    )
    ap.add_argument("--seed-random", type=int, default=1, help="random seed for voices, paces, pauses")
    ap.add_argument("--format", choices=("opus", "mp3"), default="opus")
    ap.add_argument("--no-ad", action="store_true", help="do not insert the 30 s ad")
    ap.add_argument(
        "--hard", action="store_true", help="speech strays from the text (fillers, dropped words), more noise, reverb"
    )
    ap.add_argument("--keep", type=Path, help="keep the generated episodes (and true starts) in this folder")
    ap.add_argument("--reuse", action="store_true", help="reuse episodes already kept in --keep")
    ap.add_argument(
        "--real",
        type=Path,
        metavar="DIR",
        help="evaluate on real recordings: a folder of CASE.txt, CASE.mp3, CASE.truth.json",
    )
    ap.add_argument(
        "--variants", default=",".join(VARIANTS), help="with --real: acoustic variants to generate (comma-separated)"
    )
    ap.add_argument("--case", action="append", help="with --real: only this case (repeatable)")
    ap.add_argument("--cache", type=Path, help="with --real: where decoded and generated audio is cached")
    ap.add_argument("--verbose", action="store_true", help="with --real: print every turn and sentence")
    args = ap.parse_args(argv)
    if args.real:
        for tool in ("espeak-ng", "sox"):
            if shutil.which(tool) is None:
                ap.error(f"{tool} is needed")
        return run_real(args.real, [v for v in args.variants.split(",") if v], args.case, args.cache, args.verbose)
    for tool in ("espeak-ng", "ffmpeg"):
        if shutil.which(tool) is None:
            ap.error(f"{tool} is needed")
    voices = [v.strip() for v in args.voices.split(",") if v.strip()]
    pages = sorted(args.seeds_dir.glob("C*.txt"))
    if args.seed:
        pages = [p for p in pages if p.stem in args.seed]
    all_err, all_base, total_audio, total_time = [], [], 0.0, 0.0
    for page in pages:
        case = parse_file(page).case
        if not case.turns:
            continue
        rng = np.random.default_rng([args.seed_random, int(re.sub(r"\D", "", case.id) or 0)])
        with tempfile.TemporaryDirectory(prefix="lorn-eval-") as tmp_name:
            tmp = Path(tmp_name)
            out = (args.keep or tmp) / f"{case.id}-{args.seed_random}.{args.format}"
            meta = out.with_suffix(".json")
            if args.reuse and out.exists() and meta.exists():
                truth = json.loads(meta.read_text())["starts"]
            else:
                audio, truth = narrate(case.turns, voices, rng, tmp, ad=not args.no_ad, hard=args.hard)
                out.parent.mkdir(parents=True, exist_ok=True)
                encode(audio, out, args.format, tmp, reverb=args.hard)
                del audio
                if args.keep:
                    meta.write_text(json.dumps({"case": str(page), "voices": voices, "starts": truth}))
            result = align(out, case.turns)
        err = np.abs(np.array(result.starts) - np.array(truth))
        base = np.abs(np.array(baseline(case.turns, result.duration)) - np.array(truth))
        minutes = result.duration / 60
        print(
            f"{case.id}: {len(truth)} turns, {minutes:4.1f} min, aligner {_stats(err)}, "
            f"{result.seconds_taken / minutes:4.2f} s/min | baseline {_stats(base)}"
        )
        if args.keep:
            worst = np.argsort(err)[::-1][:5]
            print("   worst:", ", ".join(f"#{k} true {truth[k]:.1f} got {result.starts[k]:.1f}" for k in worst))
        all_err.append(err)
        all_base.append(base)
        total_audio += minutes
        total_time += result.seconds_taken
    if not all_err:
        print("no transcripts to evaluate")
        return 1
    err, base = np.concatenate(all_err), np.concatenate(all_base)
    print(
        f"ALL: {len(err)} turns, {total_audio:.1f} min; aligner {_stats(err)}, "
        f"{total_time / total_audio:.2f} s per audio minute; baseline {_stats(base)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
