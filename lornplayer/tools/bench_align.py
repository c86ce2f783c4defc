"""Alignment speed and peak memory on one long episode, as the app's CLI runs it.

    python -m lornplayer.tools.bench_align [--minutes 45] [--seed C0608]
    python -m lornplayer.tools.bench_align --page CASE.txt --audio EPISODE.mp3

Without ``--page``/``--audio`` a seed case's transcript is narrated with
espeak-ng by :mod:`lornplayer.tools.evaluate_alignment`'s generator (voices and
paces per speaker, an intro jingle, an inserted ad), stretched with sox to
``--minutes`` minutes and encoded as a podcast is published: 44.1 kHz stereo MP3
at 128 kbit/s (so the decoder's resampling is included).  The page and the
episode are imported into a throw-away library with ``lornplayer import`` and
aligned with ``lornplayer align`` in a fresh process; the script prints that
process's wall time, its CPU (espeak-ng included) per audio minute, and its
peak resident memory.  Targets (issue 10): ≤ 0.5 CPU s per audio minute on 2
cores, ≤ 400 MB for a 45-minute episode.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]


def _run_measured(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float, str]:
    """(wall s, CPU s incl. waited-for children, peak RSS MB, output) of one child process."""
    began = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = proc.stdout.read() if proc.stdout else ""
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - began
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{out}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out


def make_episode(seed_page: Path, minutes: float, folder: Path) -> tuple[Path, Path]:
    """A narrated episode of ``seed_page`` stretched to ``minutes``; returns (page, mp3)."""
    from lornplayer.parser import parse_file
    from lornplayer.tools.evaluate_alignment import DEFAULT_VOICES, RATE, narrate
    from lornplayer.tools.evaluate_real import _write_wav

    case = parse_file(seed_page).case
    tmp = folder / "work"
    tmp.mkdir()
    audio, _starts = narrate(case.turns, DEFAULT_VOICES, np.random.default_rng(3), tmp)
    wav = tmp / "narrated.wav"
    _write_wav(wav, audio, RATE)
    tempo = len(audio) / RATE / (minutes * 60)
    stretched = tmp / "stretched.wav"
    subprocess.run(["sox", "-V1", str(wav), str(stretched), "tempo", "-s", f"{tempo:.5f}"], check=True)
    mp3 = folder / f"{case.id}.mp3"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(stretched), "-ar", "44100", "-ac", "2"]
        + ["-c:a", "libmp3lame", "-b:a", "128k", str(mp3)],
        check=True,
    )
    page = folder / seed_page.name
    page.write_bytes(seed_page.read_bytes())
    return page, mp3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=45.0, help="length of the generated episode")
    parser.add_argument("--seed", default="C0608", help="seed case whose transcript is narrated")
    parser.add_argument("--page", type=Path, help="a case page of your own (with --audio)")
    parser.add_argument("--audio", type=Path, help="its episode audio")
    parser.add_argument("--make-episode", type=Path, help=argparse.SUPPRESS)  # internal: into this folder
    args = parser.parse_args(argv)
    if args.make_episode:
        make_episode(ROOT / "seeds" / f"{args.seed}.txt", args.minutes, args.make_episode)
        return 0
    if bool(args.page) != bool(args.audio):
        parser.error("--page and --audio go together")
    with tempfile.TemporaryDirectory(prefix="lorn-bench-align-") as tmp_dir:
        folder = Path(tmp_dir)
        if args.page:
            page, audio = args.page, args.audio
        else:
            print(f"narrating {args.seed} and stretching it to {args.minutes:g} minutes …", flush=True)
            # In a child process: a child's peak memory as the kernel reports it starts from its
            # parent's size when it was forked, and narrating takes ~1 GB.
            cmd = [sys.executable, "-m", "lornplayer.tools.bench_align", "--make-episode", str(folder)]
            subprocess.run([*cmd, "--seed", args.seed, "--minutes", str(args.minutes)], check=True)
            page, audio = folder / f"{args.seed}.txt", folder / f"{args.seed}.mp3"
        env = dict(
            os.environ, LORNPLAYER_DATA_DIR=str(folder / "data"), PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen"
        )
        from lornplayer.parser import parse_file

        case_id = parse_file(page).case.id or page.stem
        cli = [sys.executable, "-m", "lornplayer"]
        _run_measured([*cli, "import", str(page)], env)
        wall, cpu, rss, out = _run_measured([*cli, "align", case_id, "--audio", str(audio)], env)
        from lornplayer.audio import probe

        minutes = (probe(audio).duration or wall) / 60
        print(out.strip().splitlines()[-1] if out.strip() else "")
        print(f"episode: {audio.name}, {minutes:.1f} min")
        print(f"wall {wall:.1f} s = {wall / minutes:.2f} s per audio minute")
        print(f"CPU {cpu:.1f} s = {cpu / minutes:.2f} s per audio minute (espeak-ng included; target ≤ 0.5)")
        print(f"peak resident memory {rss:.0f} MB (target ≤ 400 MB for 45 min)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
