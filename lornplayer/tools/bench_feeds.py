"""Figures for feeds: matching an episode against a big library, and download speed on 127.0.0.1.

    python -m lornplayer.tools.bench_feeds [--cases 2000] [--megabytes 50]

Matching: the time to find the case of an episode title with no number among N cases whose
titles are drawn from a small Norwegian vocabulary (so many share words: a hard case for the
shortlist).  Download: a file served by ``http.server`` on 127.0.0.1 is fetched with the real
client (chunks, progress, the final size and rename), so the figure is lornplayer's own overhead.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from lornplayer.feeds.download import download_file
from lornplayer.feeds.matching import Candidate, Evidence, match
from lornplayer.feeds.net import Client

WORDS = [
    "innovasjon",
    "bærekraft",
    "kommune",
    "digital",
    "teknologi",
    "fremtid",
    "samfunn",
    "data",
    "læring",
    "ledelse",
    "skole",
    "helse",
    "byer",
    "energi",
    "mobilitet",
    "kunstig",
    "intelligens",
    "etikk",
    "offentlig",
    "sektor",
    "samarbeid",
    "forskning",
    "næringsliv",
    "klima",
    "havet",
    "industri",
    "finans",
    "sikkerhet",
    "personvern",
    "utdanning",
]


def bench_matching(cases: int, episodes: int = 50) -> list[float]:
    rng = random.Random(7)
    candidates = [
        Candidate(
            f"C{i:04d}",
            " ".join(rng.sample(WORDS, rng.randint(3, 6))).capitalize(),
            [f"Gjest Nummer{i}"],
            rng.randint(15, 45),
        )
        for i in range(cases)
    ]
    times = []
    for _ in range(episodes):
        title = f"{candidates[rng.randrange(cases)].title} {rng.choice(WORDS)}"  # close, not equal
        t0 = time.perf_counter()
        match(Evidence(title=title), candidates)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def bench_download(megabytes: int) -> float:
    body = bytes(range(256)) * (megabytes * 4096)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "audio/mpeg")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            for i in range(0, len(body), 1 << 20):
                self.wfile.write(body[i : i + (1 << 20)])

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            download_file(
                Client(),
                f"http://127.0.0.1:{httpd.server_address[1]}/big.mp3",
                Path(tmp) / "big.mp3",
                progress=lambda d, t: None,
                reserve=0,
            )
            return len(body) / 1e6 / (time.perf_counter() - t0)
    finally:
        httpd.shutdown()
        httpd.server_close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--megabytes", type=int, default=50)
    args = ap.parse_args()
    times = bench_matching(args.cases)
    print(
        f"match one episode by title among {args.cases} cases: median {statistics.median(times):.1f} ms, "
        f"max {max(times):.1f} ms"
    )
    print(f"download {args.megabytes} MB from 127.0.0.1: {bench_download(args.megabytes):.0f} MB/s")


if __name__ == "__main__":
    main()
