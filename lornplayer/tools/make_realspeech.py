"""Build a LØRN-like real-speech test case from word-aligned public-domain recordings.

    python -m lornplayer.tools.make_realspeech SRC_DIR [--ad FILE ...] [--out DIR] [--case C9103]

``SRC_DIR`` is a folder laid out like pocketsphinx's ``test/data/librivox``
(in the pocketsphinx 5.x source distribution on PyPI, MIT licence): a
``fileids`` list, and for each id a 16 kHz mono ``<id>.wav`` LibriVox
utterance (public domain) with ``<id>.json``, its word-level forced alignment
(``{"w": [{"b": start, "d": duration, "t": word}, ...]}``).  The utterances
become the sentences of two speaker turns, put together like an episode: a
synthetic intro jingle, room tone, uneven pauses, untranscribed speech
between the turns (``--ad``: raw 16-bit 16 kHz or any file sox reads), a soft
music bed under the second turn and an outro jingle, encoded to 128 kbps MP3.

Writes ``<case>.txt`` (a page in the LØRN transcript layout), ``<case>.mp3``
and ``<case>.truth.json`` in the format ``evaluate_alignment --real`` reads.
Each sentence's true start is its first word's start in the forced
alignment, shifted by where the utterance was placed: exact to the
alignment's 10 ms frames.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import wave
from pathlib import Path

import numpy as np

from lornplayer.tools.evaluate_real import pink_noise

RATE = 16000
SPEAKERS = ("Kari Nordmann", "Per Hansen")


def _read_any(path: Path) -> np.ndarray:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "a.wav"
        pre = ["-t", "raw", "-r", "16000", "-e", "signed", "-b", "16", "-c", "1"] if path.suffix == ".raw" else []
        subprocess.run(["sox", "-V1", *pre, str(path), "-r", str(RATE), "-c", "1", "-b", "16", str(out)], check=True)
        with wave.open(str(out)) as w:
            data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return data.astype(np.float32) / 32768.0


def _first_word(alignment: dict) -> float:
    for w in alignment["w"]:
        if not w["t"].startswith("<") and w["t"] != "[NOISE]":
            return float(w["b"])
    return 0.0


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + "."


def chord_jingle(seconds: float, rng: np.random.Generator, rate: int = RATE) -> np.ndarray:
    """Four sustained tones, each beating in loudness at its own rate, faded in and out."""
    t = np.arange(int(seconds * rate)) / rate
    out = np.zeros_like(t)
    for i, f in enumerate((220.0, 277.2, 329.6, 440.0)):
        beat = 0.5 + 0.5 * np.sin(2 * np.pi * (1.5 + 0.25 * i) * t)
        out += np.sin(2 * np.pi * f * t + rng.uniform(0, 6)) * beat
    fade = np.minimum(1.0, np.minimum(t / 0.5, (seconds - t) / 2.0))
    return (0.08 * out * fade).astype(np.float32)


def build(src: Path, ads: list[Path], out: Path, case: str, seed: int = 3) -> dict:
    rng = np.random.default_rng(seed)
    ids = [line.strip() for line in (src / "fileids").read_text().splitlines() if line.strip()]
    if len(ids) < 2:
        raise SystemExit(f"{src}: need at least two utterances in fileids")
    utterances = []
    for uid in ids:
        alignment = json.loads((src / f"{uid}.json").read_text())
        utterances.append((_read_any(src / f"{uid}.wav"), _sentence(alignment["t"]), _first_word(alignment)))
    split = (len(utterances) + 1) // 2
    pieces: list[np.ndarray] = []
    at = 0.0

    def put(audio: np.ndarray) -> float:
        nonlocal at
        start = at
        pieces.append(audio)
        at += len(audio) / RATE
        return start

    def pause(seconds: float) -> None:
        put(np.zeros(int(seconds * RATE), np.float32))

    put(chord_jingle(14.0, rng))
    intro_end = at
    pause(0.7)
    turns = []
    bed_span = None
    for t, group in enumerate((utterances[:split], utterances[split:])):
        if t == 1:
            pause(1.4)
            ad_start = at
            for ad in ads:
                put(_read_any(ad))
                pause(float(rng.uniform(0.3, 0.9)))
            ad_end = at
            pause(1.1)
            bed_from = at
        sentences: list[dict[str, str | float]] = []
        for k, (audio, text, lead) in enumerate(group):
            if k:
                pause(float(rng.uniform(0.25, 1.6)))
            how = f"forced alignment of {src.name} (pocketsphinx test data): the first word's start"
            sentences.append({"text": text, "start": round(put(audio) + lead, 3), "how": how})
        if t == 1:
            bed_span = (bed_from, at)
        turns.append(
            {
                "speaker": SPEAKERS[t],
                "text": " ".join(str(s["text"]) for s in sentences),
                "start": sentences[0]["start"],
                "sentences": sentences,
            }
        )
    pause(1.2)
    outro_start = put(chord_jingle(8.0, rng))
    audio = np.concatenate(pieces)
    audio += 10 ** (-55 / 20) * pink_noise(len(audio), rng)  # room tone
    if bed_span is not None:
        a, b = (int(x * RATE) for x in bed_span)
        bed = np.resize(chord_jingle(14.0, rng), b - a)
        audio[a:b] += bed * 10 ** (-14 / 20)
    audio = audio / max(1.0, float(np.abs(audio).max()) / 0.9)

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "mix.wav"
        with wave.open(str(wav), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes((audio * 32767).astype("<i2").tobytes())
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y", "-i", str(wav), "-ar", "44100", "-b:a", "128k", str(out / f"{case}.mp3")],
            check=True,
        )
    truth = {
        "case": case,
        "set": "dev",
        "language": "en",
        "duration": round(len(audio) / RATE, 3),
        "intro_jingle_end": round(intro_end, 3),
        "outro_jingle_start": round(outro_start, 3),
        "music_bed": [[round(bed_span[0], 3), round(bed_span[1], 3)]] if bed_span else [],
        "ads": [{"source": ", ".join(a.name for a in ads), "start": round(ad_start, 3), "end": round(ad_end, 3)}],
        "turns": turns,
        "source": (
            "LibriVox recording of Sense and Sensibility (public domain) as shipped with word-level forced "
            "alignments in pocketsphinx's test data (PyPI sdist pocketsphinx-5.1.1, MIT); built by "
            "python -m lornplayer.tools.make_realspeech"
        ),
    }
    (out / f"{case}.truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / f"{case}.txt").write_text(_page(case, turns), encoding="utf-8")
    return truth


def _page(case: str, turns: list[dict]) -> str:
    body = "\n\n \n\n".join(f"{t['speaker']}: {t['text']}" for t in turns)
    return (
        f"LØRN Case #{case}\nEn mann med liten vilje\n"
        "En testepisode satt sammen av ekte opptak med eksakt tekst (offentlige testdata).\n\n"
        f'{SPEAKERS[0]}\n\nGjest\n\nTestdata\n\n"Ekte stemmer, eksakt tekst."\n\nVarighet: 1 min\n\nLYTTE\n\n'
        "Vis mer\nTema: Testdata\nOrganisasjon: Testdata\nPerspektiv: Forsker\nDato: 250101\nSted: OSLO\n"
        f"Vert: {SPEAKERS[1]}\n\nDette er hva du vil lære:\n\n\nTesting\n\n"
        f"Utskrift av samtalen: En mann med liten vilje\n\n{body}\n\n \n\nQuiz for Case #{case}\n"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("src", type=Path)
    ap.add_argument("--ad", type=Path, action="append", default=[], help="untranscribed speech between the turns")
    ap.add_argument("--out", type=Path, default=Path("tests/data/realspeech"))
    ap.add_argument("--case", default="C9103")
    args = ap.parse_args(argv)
    truth = build(args.src, args.ad, args.out, args.case)
    print(f"{args.out / args.case}: {truth['duration']:.1f} s, {len(truth['turns'])} turns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
