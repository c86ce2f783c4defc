"""Benchmark the search index against SQLite FTS5 on a synthetic library.

    python -m lornplayer.tools.bench_search [--cases 2000] [--procs N] [--keep DIR]

The library is generated from the seed pages (``seeds/*.txt``, parsed with
:mod:`lornplayer.parser`): every synthetic case mixes turns from different
seeds, shuffles their sentences and coins Norwegian-style compound words, all
from a seeded RNG, so each case's text differs and the vocabulary grows the way
a real library's does.  Printed: full build time, index size, time to add and
replace one case and one note, the start-up health check, and query latency
(p50/p95, top-10 hits with snippets) over a fixed query set, next to the same
corpus and queries in SQLite FTS5 (``unicode61 remove_diacritics 2``).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from lornplayer.model import Case, Guest, Note, ProfileItem, Turn
from lornplayer.parser import PageError, parse_file
from lornplayer.search import CASE_FIELDS, SearchIndex, case_field_text

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

FIRST_NAMES = [
    "Anne",
    "Bjørn",
    "Camilla",
    "Dag",
    "Eva",
    "Frode",
    "Guro",
    "Håkon",
    "Ingrid",
    "Jørgen",
    "Kari",
    "Lars",
    "Marte",
    "Nils",
    "Oda",
    "Pål",
    "Ragnhild",
    "Sindre",
    "Tone",
    "Øystein",
]
LAST_NAMES = [
    "Aasen",
    "Berg",
    "Dahl",
    "Eide",
    "Fjeld",
    "Haugen",
    "Johansen",
    "Kristiansen",
    "Larsen",
    "Moe",
    "Nilsen",
    "Olsen",
    "Pedersen",
    "Rønning",
    "Solberg",
    "Strand",
    "Sæther",
    "Tangen",
    "Vik",
    "Østby",
    "Ødegård",
    "Aune",
    "Bakke",
    "Lie",
    "Hansen",
]
THEMES = [
    "Digital etikk og politikk",
    "Innovasjon i offentlig sektor",
    "Bærekraft og klima",
    "Kunstig intelligens",
    "Helse og teknologi",
    "Smarte byer",
    "Finans og fintech",
    "Utdanning",
    "Energi",
    "Havrommet",
    "Mobilitet",
    "Cybersikkerhet",
]
HOST = "Silvija Seres"

# The fixed query set: (label, lornplayer query, FTS5 query or None when FTS5 has no equivalent).
QUERIES = [
    ("word", "kommune", "kommune"),
    ("word (stem)", "kommunene", "kommunene"),
    ("word (folded)", "baerekraft", "baerekraft"),
    ("2 words", "kunstig intelligens", "kunstig intelligens"),
    ("3 words", "offentlig sektor innovasjon", "offentlig sektor innovasjon"),
    ("rare word", "blokkjedeteknologi", "blokkjedeteknologi"),
    ("phrase", '"åpen innovasjon"', '"åpen innovasjon"'),
    ("phrase", '"offentlig sektor"', '"offentlig sektor"'),
    ("prefix", "innov*", "innov*"),
    ("prefix", "bære*", "bære*"),
    ("fuzzy", "innovasjn~", None),
    ("fuzzy", "bærekraftg~", None),
    ("field tema:", "tema:etikk samarbeid", "theme:etikk AND samarbeid"),
    ("field speaker:", "speaker:silvija teknologi", "speaker:silvija AND teknologi"),
    ("field gjest:", "gjest:aasen bærekraft", "guest:aasen AND bærekraft"),
    ("common+rare", "det er viktig blokkjedeteknologi", "det er viktig blokkjedeteknologi"),
]


# ---------------------------------------------------------------------------
# Synthetic library
# ---------------------------------------------------------------------------


def seed_cases(seeds_dir: Path = SEEDS) -> list[Case]:
    """The seed pages that parse and have a transcript."""
    cases = []
    for path in sorted(seeds_dir.glob("*.txt")):
        try:
            case = parse_file(path).case
        except PageError:
            continue
        if case.turns:
            cases.append(case)
    return cases


_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"\w+")


def synthetic_cases(n: int, seed: int = 1, seeds_dir: Path = SEEDS) -> Iterator[Case]:
    """``n`` distinct long cases (25–45k characters of transcript each), reproducible for a given ``seed``."""
    rng = random.Random(seed)
    seeds = seed_cases(seeds_dir)
    host_sentences = [s for c in seeds for t in c.turns if t.speaker == HOST for s in _SENTENCE.split(t.text)]
    guest_sentences = [s for c in seeds for t in c.turns if t.speaker != HOST for s in _SENTENCE.split(t.text)]
    vocabulary = sorted({w.lower() for s in guest_sentences for w in _WORD.findall(s) if len(w) > 4})
    field_sentences = [s for c in seeds for f in ("summary", "quote") for s in _SENTENCE.split(getattr(c, f) or "")]
    profile = [p for c in seeds for p in c.profile]
    learning = [p for c in seeds for p in c.learning_points]

    def mutate(sentence: str) -> str:
        # Coin a compound now and then ("data" + "deling" -> "datadeling"), as Norwegian does.
        return _WORD.sub(
            lambda m: m.group(0) + rng.choice(vocabulary) if rng.random() < 0.015 else m.group(0), sentence
        )

    for i in range(n):
        base = seeds[i % len(seeds)]
        guests = [
            Guest(
                f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                rng.choice(["Forsker", "Daglig leder", "Rådgiver"]),
                rng.choice(["Sintef", "NTNU", "Oslo kommune", "Equinor", "DNB", "Telenor"]),
            )
            for _ in range(rng.choice([1, 1, 1, 2]))
        ]
        turns, size, target = [], 0, rng.randint(25_000, 45_000)
        while size < target:
            host = len(turns) % 2 == 0
            pool = host_sentences if host else guest_sentences
            text = " ".join(mutate(rng.choice(pool)) for _ in range(rng.randint(1, 3) if host else rng.randint(3, 12)))
            turns.append(Turn(HOST if host else rng.choice(guests).name, text))
            size += len(text)
        title_words = base.title.split()
        rng.shuffle(title_words)
        yield Case(
            id=f"C{i + 1:04d}",
            label=f"#C{i + 1:04d}",
            title=" ".join(title_words),
            summary=" ".join(mutate(rng.choice(field_sentences)) for _ in range(3)),
            guests=guests,
            quote=mutate(rng.choice(field_sentences)),
            theme=rng.choice(THEMES),
            organisation=guests[0].organisation,
            perspective=rng.choice(["Offentlig sektor", "Næringsliv"]),
            host=HOST,
            learning_points=rng.sample(learning, min(5, len(learning))),
            profile=[ProfileItem(p.question, mutate(p.answer)) for p in rng.sample(profile, min(8, len(profile)))],
            reflection_questions=[mutate(rng.choice(guest_sentences)) for _ in range(2)],
            turns=turns,
        )


# ---------------------------------------------------------------------------
# Measurements
# ---------------------------------------------------------------------------


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def _cpu() -> float:
    """CPU seconds of this process and its finished child processes."""
    t = os.times()  # children's times come in clock ticks; our own from the finer process_time()
    return time.process_time() + t.children_user + t.children_system


class Clock:
    """Wall-clock and CPU time of a block.  On a busy machine wall time grows, CPU time hardly."""

    def __enter__(self) -> Clock:
        self._wall, self._cpu = time.perf_counter(), _cpu()
        return self

    def __exit__(self, *exc) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = _cpu() - self._cpu


def _timed_queries(run, queries: list[str], rounds: int) -> dict:
    """{query: [Clock, ...]} plus {query + " hits": total}; round 0 only warms caches."""
    out: dict = {q: [] for q in queries}
    for r in range(rounds + 1):
        for q in queries:
            with Clock() as c:
                total = run(q)
            if r:
                out[q].append(c)
            if r == 1:
                out[q + " hits"] = total
    return out


def _latency(lat: dict, queries: list[str]) -> dict:
    walls = [c.wall for q in queries for c in lat[q]]
    cpus = [c.cpu for q in queries for c in lat[q]]
    return {"p50": _pct(walls, 0.5), "p95": _pct(walls, 0.95), "cpu50": _pct(cpus, 0.5), "cpu95": _pct(cpus, 0.95)}


def bench_whoosh(library: list[Case], workdir: Path, procs: int | None, rounds: int) -> dict:
    ix = SearchIndex(workdir / "whoosh", procs=procs)
    with Clock() as build:
        ix.rebuild([(c, []) for c in library])
    out = {"build": build, "size": _dir_size(workdir / "whoosh")}
    # Cases given as objects are indexed in this process (worker processes read a library database
    # themselves: see lornplayer.tools.bench_build for a build from a library with workers).
    print(f"  full build            {build.wall:.1f} s wall, {build.cpu:.1f} s CPU in one process")
    print(f"  index size            {out['size'] / 1e6:.0f} MB")

    adds, notes = [], []
    for j, case in enumerate(synthetic_cases(12, seed=99)):
        case.id = f"C9{j:03d}"
        with Clock() as c:
            ix.update_case(case, [])
        adds.append(c.wall)
    with Clock() as replace:
        ix.update_case(library[0], [])
    for j in range(12):
        with Clock() as c:
            ix.update_note(Note(id=j, case_id=library[j].id, text=f"mitt notat nummer {j} om blokkjeder", turn_index=3))
        notes.append(c.wall)
    print(f"  add one case          median {_ms(statistics.median(adds))}, max {_ms(max(adds))}  (12 new cases)")
    print(f"  replace one case      {_ms(replace.wall)}")
    print(f"  add one note          median {_ms(statistics.median(notes))}, max {_ms(max(notes))}  (12 notes)")
    out["add"] = statistics.median(adds)

    ix.close()
    with Clock() as check:
        rebuilt = ix.ensure(list)
    print(f"  start-up check        {_ms(check.wall)}  (rebuilt: {rebuilt})")

    queries = [q for _, q, _ in QUERIES]
    out["queries"] = _timed_queries(lambda q: ix.search(q, limit=10).total, queries, rounds)
    out.update(_latency(out["queries"], queries))
    ix.close()
    return out


def _fts5_rows(case: Case) -> list[tuple]:
    """FTS5's natural layout: one row per case field and per turn, theme and guests copied onto each."""
    guests = " ; ".join(case.guest_names)
    rows = [(case.id, name, None, None, case.theme, guests, case_field_text(case, name)) for name in CASE_FIELDS]
    rows += [(case.id, "turn", i, t.speaker, case.theme, guests, t.text) for i, t in enumerate(case.turns)]
    return [r for r in rows if r[-1].strip()]


def bench_fts5(library: list[Case], workdir: Path, rounds: int) -> dict:
    db_path = workdir / "fts5.sqlite3"
    db = sqlite3.connect(db_path)
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(case_id UNINDEXED, kind UNINDEXED, turn UNINDEXED, "
        "speaker, theme, guest, text, tokenize='unicode61 remove_diacritics 2')"
    )
    insert = "INSERT INTO docs VALUES (?,?,?,?,?,?,?)"
    with Clock() as build:
        with db:
            for case in library:
                db.executemany(insert, _fts5_rows(case))
        db.execute("INSERT INTO docs(docs) VALUES('optimize')")
        db.commit()
    out = {"build": build, "size": db_path.stat().st_size}
    print(f"  full build            {build.wall:.1f} s wall, {build.cpu:.1f} s CPU")
    print(f"  index size            {out['size'] / 1e6:.0f} MB")

    extra = next(synthetic_cases(1, seed=98))
    extra.id = "C9999"
    with Clock() as add, db:
        db.execute("DELETE FROM docs WHERE case_id = ?", (extra.id,))
        db.executemany(insert, _fts5_rows(extra))
    out["add"] = add.wall
    print(f"  add one case          {_ms(out['add'])}")

    sql = (
        "SELECT case_id, kind, turn, snippet(docs, 6, '[', ']', '…', 24), bm25(docs) FROM docs "
        "WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10"
    )

    def run(q: str) -> int:
        fq = dict((wq, fq) for _, wq, fq in QUERIES)[q]
        db.execute(sql, (fq,)).fetchall()
        return db.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (fq,)).fetchone()[0]

    queries = [q for _, q, fq in QUERIES if fq]
    out["queries"] = _timed_queries(run, queries, rounds)
    out.update(_latency(out["queries"], queries))
    db.close()
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument(
        "--procs",
        type=int,
        default=None,
        help="SearchIndex(procs=N) (worker processes only build from a library database)",
    )
    ap.add_argument("--rounds", type=int, default=10, help="timed rounds over the query set")
    ap.add_argument("--keep", type=Path, help="build in this directory and keep it (default: a temporary one)")
    args = ap.parse_args(argv)

    print(f"load average at the start: {_load()}")
    t = time.perf_counter()
    library = list(synthetic_cases(args.cases))
    chars = sum(len(tu.text) for c in library for tu in c.turns)
    print(
        f"synthetic library: {len(library)} cases, {sum(len(c.turns) for c in library)} turns, "
        f"{chars / 1e6:.1f} M characters of transcript (generated in {time.perf_counter() - t:.1f} s)"
    )

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="bench-search-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        print("Whoosh (lornplayer.search):")
        w = bench_whoosh(library, workdir, args.procs, args.rounds)
        print("SQLite FTS5:")
        f = bench_fts5(library, workdir, args.rounds)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    print(f"\nquery latency, top 10 hits with snippets ({args.rounds} rounds): wall ms p50/p95, total hits")
    print(f"  {'query':<44} {'whoosh':>18} {'fts5':>18}")
    for label, q, fq in QUERIES:
        walls = [c.wall for c in w["queries"][q]]
        line = f"  {label + ': ' + q:<44} {_pct(walls, 0.5) * 1000:6.1f}/{_pct(walls, 0.95) * 1000:5.1f} {w['queries'][q + ' hits']:>5}"
        if fq:
            walls = [c.wall for c in f["queries"][q]]
            line += f"  {_pct(walls, 0.5) * 1000:6.1f}/{_pct(walls, 0.95) * 1000:5.1f} {f['queries'][q + ' hits']:>5}"
        else:
            line += "   (FTS5 has no fuzzy)"
        print(line)
    print("\nsummary                 whoosh        fts5   whoosh/fts5")
    rows = [
        ("full build, wall", w["build"].wall, f["build"].wall, "s"),
        ("full build, CPU", w["build"].cpu, f["build"].cpu, "s"),
        ("index size", w["size"] / 1e6, f["size"] / 1e6, "MB"),
        ("add one case", w["add"] * 1000, f["add"] * 1000, "ms"),
        ("query p50, wall", w["p50"] * 1000, f["p50"] * 1000, "ms"),
        ("query p95, wall", w["p95"] * 1000, f["p95"] * 1000, "ms"),
        ("query p50, CPU", w["cpu50"] * 1000, f["cpu50"] * 1000, "ms"),
        ("query p95, CPU", w["cpu95"] * 1000, f["cpu95"] * 1000, "ms"),
    ]
    for name, a, b, unit in rows:
        print(f"  {name:<18} {a:8.1f} {unit:<2} {b:8.1f} {unit:<2} {a / b:8.1f}x")
    print("(Whoosh is one document per case with Norwegian stemming/folding and fuzzy words; FTS5 is one row per")
    print(" turn/field, no stemming, no æ/ø folding, no fuzzy: its p50/p95 leave the fuzzy queries out.)")
    print(f"load average at the end: {_load()}")


def _load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} CPUs"
    except OSError:
        return "unknown"


if __name__ == "__main__":
    main()
