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
import random
import re
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Iterator

from lornplayer.model import Case, Guest, Note, ProfileItem, Turn
from lornplayer.parser import PageError, parse_file
from lornplayer.search import CASE_FIELDS, SearchIndex, case_field_text

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

FIRST_NAMES = ["Anne", "Bjørn", "Camilla", "Dag", "Eva", "Frode", "Guro", "Håkon", "Ingrid", "Jørgen",
               "Kari", "Lars", "Marte", "Nils", "Oda", "Pål", "Ragnhild", "Sindre", "Tone", "Øystein"]
LAST_NAMES = ["Aasen", "Berg", "Dahl", "Eide", "Fjeld", "Haugen", "Johansen", "Kristiansen", "Larsen",
              "Moe", "Nilsen", "Olsen", "Pedersen", "Rønning", "Solberg", "Strand", "Sæther", "Tangen",
              "Vik", "Østby", "Ødegård", "Aune", "Bakke", "Lie", "Hansen"]
THEMES = ["Digital etikk og politikk", "Innovasjon i offentlig sektor", "Bærekraft og klima",
          "Kunstig intelligens", "Helse og teknologi", "Smarte byer", "Finans og fintech", "Utdanning",
          "Energi", "Havrommet", "Mobilitet", "Cybersikkerhet"]
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
        return _WORD.sub(lambda m: m.group(0) + rng.choice(vocabulary) if rng.random() < 0.015 else m.group(0),
                         sentence)

    for i in range(n):
        base = seeds[i % len(seeds)]
        guests = [Guest(f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", rng.choice(["Forsker", "Daglig leder", "Rådgiver"]),
                        rng.choice(["Sintef", "NTNU", "Oslo kommune", "Equinor", "DNB", "Telenor"]))
                  for _ in range(rng.choice([1, 1, 1, 2]))]
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
            id=f"C{i + 1:04d}", label=f"#C{i + 1:04d}", title=" ".join(title_words),
            summary=" ".join(mutate(rng.choice(field_sentences)) for _ in range(3)),
            guests=guests, quote=mutate(rng.choice(field_sentences)), theme=rng.choice(THEMES),
            organisation=guests[0].organisation, perspective=rng.choice(["Offentlig sektor", "Næringsliv"]),
            host=HOST, learning_points=rng.sample(learning, min(5, len(learning))),
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


def bench_whoosh(library: list[Case], workdir: Path, procs: int | None, rounds: int) -> dict:
    ix = SearchIndex(workdir / "whoosh", procs=procs)
    t = time.perf_counter()
    ix.rebuild([(c, []) for c in library])
    out = {"build": time.perf_counter() - t, "size": _dir_size(workdir / "whoosh")}
    print(f"  full build            {out['build']:.1f} s   ({ix.procs} process(es))")
    print(f"  index size            {out['size'] / 1e6:.0f} MB")

    extra = list(synthetic_cases(11, seed=99))
    adds = []
    for j, case in enumerate(extra[:10]):
        case.id = f"C9{j:03d}"
        t = time.perf_counter()
        ix.update_case(case, [])
        adds.append(time.perf_counter() - t)
    t = time.perf_counter()
    ix.update_case(library[0], [])
    replace = time.perf_counter() - t
    notes = []
    for j in range(10):
        t = time.perf_counter()
        ix.update_note(Note(id=j, case_id=library[j].id, text=f"mitt notat nummer {j} om blokkjeder", turn_index=3))
        notes.append(time.perf_counter() - t)
    print(f"  add one case          median {_ms(statistics.median(adds))}, max {_ms(max(adds))}  (10 new cases)")
    print(f"  replace one case      {_ms(replace)}")
    print(f"  add one note          median {_ms(statistics.median(notes))}, max {_ms(max(notes))}")
    out["add"] = statistics.median(adds)

    ix.close()
    t = time.perf_counter()
    ok = ix.ensure(lambda: [])
    print(f"  start-up check        {_ms(time.perf_counter() - t)}  (rebuilt: {ok})")

    lat = {q: [] for _, q, _ in QUERIES}
    for r in range(rounds + 1):
        for _, q, _ in QUERIES:
            t = time.perf_counter()
            res = ix.search(q, limit=10)
            dt = time.perf_counter() - t
            if r:  # round 0 warms caches
                lat[q].append(dt)
            if r == 1:
                lat[q + " hits"] = res.total
    all_lat = [v for _, q, _ in QUERIES for v in lat[q]]
    out["queries"] = lat
    out["p50"], out["p95"] = _pct(all_lat, 0.5), _pct(all_lat, 0.95)
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
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(case_id UNINDEXED, kind UNINDEXED, turn UNINDEXED, "
               "speaker, theme, guest, text, tokenize='unicode61 remove_diacritics 2')")
    insert = "INSERT INTO docs VALUES (?,?,?,?,?,?,?)"
    t = time.perf_counter()
    with db:
        for case in library:
            db.executemany(insert, _fts5_rows(case))
    db.execute("INSERT INTO docs(docs) VALUES('optimize')")
    db.commit()
    out = {"build": time.perf_counter() - t, "size": db_path.stat().st_size}
    print(f"  full build            {out['build']:.1f} s")
    print(f"  index size            {out['size'] / 1e6:.0f} MB")

    extra = next(synthetic_cases(1, seed=98))
    extra.id = "C9999"
    t = time.perf_counter()
    with db:
        db.execute("DELETE FROM docs WHERE case_id = ?", (extra.id,))
        db.executemany(insert, _fts5_rows(extra))
    out["add"] = time.perf_counter() - t
    print(f"  add one case          {_ms(out['add'])}")

    sql = ("SELECT case_id, kind, turn, snippet(docs, 6, '[', ']', '…', 24), bm25(docs) FROM docs "
           "WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10")
    lat = {q: [] for _, q, fq in QUERIES if fq}
    for r in range(rounds + 1):
        for _, q, fq in QUERIES:
            if not fq:
                continue
            t = time.perf_counter()
            db.execute(sql, (fq,)).fetchall()
            total = db.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (fq,)).fetchone()[0]
            dt = time.perf_counter() - t
            if r:
                lat[q].append(dt)
            if r == 1:
                lat[q + " hits"] = total
    all_lat = [v for _, q, fq in QUERIES if fq for v in lat[q]]
    out["queries"] = lat
    out["p50"], out["p95"] = _pct(all_lat, 0.5), _pct(all_lat, 0.95)
    db.close()
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--procs", type=int, default=None, help="processes for the Whoosh build (default: up to 4 CPUs)")
    ap.add_argument("--rounds", type=int, default=10, help="timed rounds over the query set")
    ap.add_argument("--keep", type=Path, help="build in this directory and keep it (default: a temporary one)")
    args = ap.parse_args(argv)

    t = time.perf_counter()
    library = list(synthetic_cases(args.cases))
    chars = sum(len(tu.text) for c in library for tu in c.turns)
    print(f"synthetic library: {len(library)} cases, {sum(len(c.turns) for c in library)} turns, "
          f"{chars / 1e6:.1f} M characters of transcript (generated in {time.perf_counter() - t:.1f} s)")

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

    print(f"\nquery latency, top 10 hits with snippets ({args.rounds} rounds; ms p50/p95, total hits):")
    print(f"  {'query':<42} {'whoosh':>16} {'fts5':>16}")
    for label, q, fq in QUERIES:
        wl = w["queries"][q]
        line = f"  {label + ': ' + q:<42} {_ms(_pct(wl, .5)):>8}/{_pct(wl, .95) * 1000:5.1f} {w['queries'][q + ' hits']:>6}"
        if fq:
            fl = f["queries"][q]
            line += f"  {_ms(_pct(fl, .5)):>8}/{_pct(fl, .95) * 1000:5.1f} {f['queries'][q + ' hits']:>6}"
        else:
            line += "   (no fuzzy in FTS5)"
        print(line)
    print("\nsummary            whoosh      fts5   whoosh/fts5")
    print(f"  full build     {w['build']:7.1f} s {f['build']:7.1f} s   {w['build'] / f['build']:6.1f}x")
    print(f"  index size     {w['size'] / 1e6:6.0f} MB {f['size'] / 1e6:6.0f} MB   {w['size'] / f['size']:6.1f}x")
    print(f"  add one case   {_ms(w['add']):>9} {_ms(f['add']):>9}   {w['add'] / f['add']:6.1f}x")
    print(f"  query p50      {_ms(w['p50']):>9} {_ms(f['p50']):>9}   {w['p50'] / f['p50']:6.1f}x")
    print(f"  query p95      {_ms(w['p95']):>9} {_ms(f['p95']):>9}   {w['p95'] / f['p95']:6.1f}x")
    print("(FTS5 here: no stemming, no æ/ø folding, no fuzzy; its p50/p95 exclude the fuzzy queries.)")


if __name__ == "__main__":
    main()
