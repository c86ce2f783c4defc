"""Aligner accuracy on real recordings with known turn and sentence starts.

    python -m lornplayer.tools.evaluate_alignment --real DIR [--variants clean,reverb,...]
                                                 [--case C9101 ...] [--cache DIR] [--verbose]

DIR holds LØRN-like cases: ``CASE.txt`` (the page), ``CASE.mp3`` (or another
audio format) and ``CASE.truth.json`` with the true start of every turn and of
the sentences whose start is known (``start`` null where it is not).  Each
case is imported into a throw-away library and decoded once; acoustic variants
are generated from the decoded audio with sox and numpy and cached (``--cache``,
default a folder in the system temp dir), so repeated runs are fast:

    clean      the file as published
    reverb     sox reverb (a medium room)
    phone      telephone band: 300–3400 Hz, 8 kHz µ-law
    slow, fast tempo 0.92 / 1.08 with the pitch kept (sox tempo -s); truth rescaled
    noise      pink noise 15 dB below the speech level
    musicbed   the case's own intro music looped under the whole episode, 12 dB below speech

Prints per case and variant the turn and sentence start error (median / p90 /
max), the processing time per audio minute, and overall figures, plus how well
the per-sentence confidence ranks good against bad sentences (AUC of
confidence versus error > 1 s).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import tempfile
import unicodedata
import wave
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

RATE = 16000
VARIANTS = ("clean", "reverb", "phone", "slow", "fast", "noise", "musicbed")
TEMPO = {"slow": 0.92, "fast": 1.08}


@dataclass
class Truth:
    case_id: str
    page: Path
    audio: Path
    turn_starts: list[float]
    # (turn index, character offset in the turn's text, true start) per known sentence
    sentences: list[tuple[int, int, float]]
    intro_end: float
    duration: float


@dataclass
class Result:
    case_id: str
    variant: str
    turn_err: np.ndarray
    sent_err: np.ndarray
    sent_conf: np.ndarray
    minutes: float
    seconds: float
    details: list[str] = field(default_factory=list)
    cpu: float = 0.0  # CPU seconds, espeak-ng included


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _norm_with_origin(text: str) -> tuple[str, list[int]]:
    """:func:`_norm` of ``text`` and, per character of it, its offset in ``text``."""
    out, origin = [], []
    for k, ch in enumerate(
        unicodedata.normalize("NFKC", text) if len(unicodedata.normalize("NFKC", text)) == len(text) else text
    ):
        if ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                origin.append(k)
        else:
            out.append(ch)
            origin.append(k)
    if out and out[-1] == " ":
        out.pop()
        origin.pop()
    return "".join(out), origin


def load_truth(truth_path: Path, turns) -> Truth:
    data = json.loads(truth_path.read_text(encoding="utf-8"))
    stem = truth_path.name[: -len(".truth.json")]
    audio = next(
        (
            p
            for p in sorted(truth_path.parent.glob(stem + ".*"))
            if p.suffix.lower() in (".mp3", ".opus", ".ogg", ".m4a", ".wav", ".flac")
        ),
        None,
    )
    if audio is None:
        raise SystemExit(f"{truth_path}: no audio file {stem}.mp3 beside it")
    if len(data["turns"]) != len(turns):
        raise SystemExit(f"{truth_path}: {len(data['turns'])} truth turns but the page has {len(turns)}")
    sentences = []
    for i, (tt, turn) in enumerate(zip(data["turns"], turns)):
        text, origin = _norm_with_origin(turn.text)
        pos = 0
        for s in tt["sentences"]:
            at = text.find(_norm(s["text"]), pos)
            if at < 0:
                raise SystemExit(f"{truth_path}: sentence not found in turn {i}: {s['text'][:40]!r}")
            pos = at + 1
            if s.get("start") is not None:
                sentences.append((i, origin[at], float(s["start"])))
    return Truth(
        stem,
        truth_path.with_name(stem + ".txt"),
        audio,
        [float(t["start"]) for t in data["turns"]],
        sentences,
        float(data.get("intro_jingle_end") or 0.0),
        float(data["duration"]),
    )


# -- audio and variants --------------------------------------------------------------


def _write_wav(path: Path, audio: np.ndarray, rate: int = RATE) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())


def _read_wav(path: Path) -> np.ndarray:
    from lornplayer.align import read_wav

    data, rate = read_wav(path)
    if rate != RATE:
        raise RuntimeError(f"{path}: {rate} Hz")
    return data


def _sox(src: Path, dst: Path, *effects: str, pre: Sequence[str] = ()) -> None:
    subprocess.run(
        ["sox", "-V1", str(src), *pre, "-r", str(RATE), "-b", "16", "-c", "1", str(dst), *effects], check=True
    )


def _speech_rms(audio: np.ndarray) -> float:
    frames = audio[: len(audio) // 400 * 400].reshape(-1, 400)
    rms = np.sqrt((frames**2).mean(axis=1) + 1e-12)
    return float(np.sqrt(np.mean(np.square(rms[rms > np.percentile(rms, 60)]))))


def pink_noise(n: int, rng: np.random.Generator) -> np.ndarray:
    spec = np.fft.rfft(rng.standard_normal(n))
    spec /= np.sqrt(np.maximum(np.arange(len(spec)), 1.0))
    out = np.fft.irfft(spec, n)
    return (out / (np.sqrt(np.mean(out**2)) + 1e-12)).astype(np.float32)


def variant_audio(truth: Truth, variant: str, cache: Path) -> tuple[np.ndarray, float]:
    """(16 kHz mono samples, tempo factor) of a variant, made once and cached as WAV."""
    key = hashlib.sha1(f"{truth.audio.resolve()}:{truth.audio.stat().st_mtime_ns}".encode()).hexdigest()[:10]
    cache.mkdir(parents=True, exist_ok=True)
    clean = cache / f"{truth.case_id}-{key}-clean.wav"
    if not clean.exists():
        from lornplayer.decode import decode  # the app's own decoder

        _write_wav(clean, decode(truth.audio, RATE))
    out = cache / f"{truth.case_id}-{key}-{variant}.wav"
    factor = TEMPO.get(variant, 1.0)
    if not out.exists():
        tmp = out.with_suffix(".tmp.wav")
        if variant == "reverb":
            _sox(clean, tmp, "reverb", "50", "50", "80", "gain", "-n", "-3")
        elif variant == "phone":
            mid = out.with_suffix(".ulaw.wav")
            subprocess.run(
                ["sox", "-V1", str(clean), "-r", "8000", "-e", "u-law", str(mid), "sinc", "300-3400"], check=True
            )
            _sox(mid, tmp)
            mid.unlink()
        elif variant in TEMPO:
            _sox(clean, tmp, "tempo", "-s", str(factor))
        elif variant in ("noise", "musicbed"):
            audio = _read_wav(clean)
            level = _speech_rms(audio)
            rng = np.random.default_rng(7)
            if variant == "noise":
                bed = pink_noise(len(audio), rng)
                gain_db = -15.0
            else:
                intro = audio[: int(max(truth.intro_end, 5.0) * RATE)]
                bed = np.resize(intro, len(audio))
                bed = bed / (_speech_rms(intro) + 1e-9)
                gain_db = -12.0
            mixed = audio + bed * level * 10 ** (gain_db / 20)
            _write_wav(tmp, mixed / max(1.0, float(np.abs(mixed).max())))
        elif variant == "clean":
            tmp = clean
        else:
            raise SystemExit(f"unknown variant {variant!r} (known: {', '.join(VARIANTS)})")
        if tmp != clean:
            tmp.rename(out)
    return _read_wav(out), factor


# -- statistics ----------------------------------------------------------------------


def auc(conf: np.ndarray, bad: np.ndarray) -> float | None:
    """Probability that a good item has a higher confidence than a bad one (ties count half)."""
    good_c, bad_c = conf[~bad], conf[bad]
    if not len(good_c) or not len(bad_c):
        return None
    greater = (good_c[:, None] > bad_c[None, :]).sum() + 0.5 * (good_c[:, None] == bad_c[None, :]).sum()
    return float(greater / (len(good_c) * len(bad_c)))


def stats(err: np.ndarray) -> str:
    if not len(err):
        return "      (none)          "
    return f"{np.median(err):5.2f} / {np.percentile(err, 90):5.2f} / {err.max():6.2f}"


# -- running -------------------------------------------------------------------------


def evaluate_case(truth: Truth, case, variant: str, cache: Path, verbose: bool = False) -> Result:
    from lornplayer.align import align

    audio, factor = variant_audio(truth, variant, cache)
    cpu0 = _cpu()
    result = align(audio, case.turns, sample_rate=RATE)
    cpu = _cpu() - cpu0
    true_turns = np.array(truth.turn_starts) / factor
    turn_err = np.abs(np.array(result.starts) - true_turns)
    sent_err, sent_conf, details = [], [], []
    for turn, offset, start in truth.sentences:
        got, conf = result.time_at(turn, offset)
        sent_err.append(abs(got - start / factor))
        sent_conf.append(conf)
        if verbose:
            details.append(f"    turn {turn} char {offset}: true {start / factor:7.2f} got {got:7.2f} conf {conf:.2f}")
    if verbose:
        details[:0] = [
            f"    turn {k}: true {t:7.2f} got {g:7.2f}" for k, (t, g) in enumerate(zip(true_turns, result.starts))
        ]
    return Result(
        truth.case_id,
        variant,
        turn_err,
        np.array(sent_err),
        np.array(sent_conf),
        result.duration / 60,
        result.seconds_taken,
        details,
        cpu,
    )


def _cpu() -> float:
    """CPU seconds of this process and its finished children (espeak-ng)."""
    import resource

    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run(
    folder: Path, variants: Sequence[str], cases: Sequence[str] | None, cache: Path | None, verbose: bool = False
) -> int:
    from lornplayer.importer import import_paths
    from lornplayer.store import Library

    truths = sorted(folder.glob("*.truth.json"))
    if cases:
        truths = [t for t in truths if t.name.split(".")[0] in cases]
    if not truths:
        print(f"{folder}: no *.truth.json files")
        return 1
    cache = cache or Path(tempfile.gettempdir()) / "lornplayer-real-eval"
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="lorn-real-lib-") as lib_dir:
        library = Library.open(Path(lib_dir) / "library.sqlite3")
        import_paths(library, [folder])  # the pages go through the app's own importer
        for truth_path in truths:
            case_id = truth_path.name.split(".")[0]
            case = library.get_case(case_id)
            if case is None:
                print(f"{truth_path}: the page was not imported")
                return 1
            truth = load_truth(truth_path, case.turns)
            for variant in variants:
                res = evaluate_case(truth, case, variant, cache, verbose)
                results.append(res)
                print(
                    f"{case_id} {variant:9s} turns {len(res.turn_err)} {stats(res.turn_err)} | "
                    f"sentences {len(res.sent_err)} {stats(res.sent_err)} | "
                    f"{res.seconds / res.minutes:4.2f} s/min",
                    flush=True,
                )
                for line in res.details:
                    print(line)
        library.close()
    print("\nmedian / p90 / max in seconds")
    print(f"{'variant':10s} {'turn starts':>24s}   {'sentence starts':>24s}")
    groups = [(v, [r for r in results if r.variant == v]) for v in variants]
    mixes = [r for r in results if r.variant in ("clean", "musicbed")]
    others = [r for r in results if r.variant not in ("clean", "musicbed")]
    if mixes and others:  # the two sets the targets are stated for
        groups += [("clean+bed", mixes), ("acoustic", others)]
    groups.append(("ALL", results))
    for name, rs in groups:
        te = np.concatenate([r.turn_err for r in rs])
        se = np.concatenate([r.sent_err for r in rs])
        print(f"{name:10s} {stats(te):>24s}   {stats(se):>24s}")
    se = np.concatenate([r.sent_err for r in results])
    sc = np.concatenate([r.sent_conf for r in results])
    a = auc(sc, se > 1.0)
    minutes = sum(r.minutes for r in results)
    print(
        f"sentence confidence AUC (error > 1 s is bad): {'n/a' if a is None else f'{a:.2f}'} "
        f"({int((se > 1.0).sum())} bad of {len(se)})"
    )
    print(
        f"speed: {sum(r.seconds for r in results) / minutes:.2f} s per audio minute (wall clock), "
        f"{sum(r.cpu for r in results) / minutes:.2f} CPU s per audio minute, over {minutes:.1f} min"
    )
    return 0
