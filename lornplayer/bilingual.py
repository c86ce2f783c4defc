"""A small English → Norwegian word list for LØRN's themes, so English queries find Norwegian cases.

LØRN talks about technology and innovation in Norwegian; a user who types "innovation" or
"sustainability" means "innovasjon" and "bærekraft".  :func:`norwegian_query` rewrites the
English words it knows; the search then looks for both (see ``AppCore``/search), and the UI says
what it did.  Qt-free.
"""

from __future__ import annotations

import re

# English word (or two-word phrase) -> Norwegian equivalent as LØRN's pages write it.
WORDS: dict[str, str] = {
    "innovation": "innovasjon",
    "innovative": "innovativ",
    "sustainability": "bærekraft",
    "sustainable": "bærekraftig",
    "technology": "teknologi",
    "artificial intelligence": "kunstig intelligens",
    "ai": "KI",
    "digitalisation": "digitalisering",
    "digitalization": "digitalisering",
    "digital transformation": "digital transformasjon",
    "city": "by",
    "cities": "byer",
    "smart city": "smartby",
    "health": "helse",
    "healthcare": "helsetjeneste",
    "hospital": "sykehus",
    "patient": "pasient",
    "doctor": "lege",
    "medicine": "medisin",
    "welfare": "velferd",
    "elderly": "eldre",
    "education": "utdanning",
    "learning": "læring",
    "knowledge": "kunnskap",
    "research": "forskning",
    "school": "skole",
    "university": "universitet",
    "teacher": "lærer",
    "student": "student",
    "competence": "kompetanse",
    "skills": "ferdigheter",
    "energy": "energi",
    "climate": "klima",
    "environment": "miljø",
    "green": "grønn",
    "circular economy": "sirkulærøkonomi",
    "future": "fremtid",
    "security": "sikkerhet",
    "cybersecurity": "cybersikkerhet",
    "privacy": "personvern",
    "ethics": "etikk",
    "trust": "tillit",
    "transparency": "åpenhet",
    "leadership": "ledelse",
    "management": "ledelse",
    "entrepreneurship": "gründerskap",
    "entrepreneur": "gründer",
    "startup": "oppstartsselskap",
    "ocean": "hav",
    "sea": "hav",
    "fish": "fisk",
    "aquaculture": "havbruk",
    "finance": "finans",
    "bank": "bank",
    "banking": "bank",
    "payment": "betaling",
    "insurance": "forsikring",
    "industry": "industri",
    "robot": "robot",
    "robots": "roboter",
    "blockchain": "blokkjede",
    "cloud": "sky",
    "society": "samfunn",
    "public sector": "offentlig sektor",
    "municipality": "kommune",
    "government": "myndigheter",
    "politics": "politikk",
    "democracy": "demokrati",
    "law": "lov",
    "regulation": "regulering",
    "transport": "transport",
    "mobility": "mobilitet",
    "car": "bil",
    "electric": "elektrisk",
    "battery": "batteri",
    "hydrogen": "hydrogen",
    "solar": "sol",
    "wind": "vind",
    "oil": "olje",
    "gas": "gass",
    "electricity": "strøm",
    "power": "kraft",
    "building": "bygg",
    "construction": "bygg",
    "real estate": "eiendom",
    "property": "eiendom",
    "retail": "handel",
    "trade": "handel",
    "media": "medier",
    "design": "design",
    "culture": "kultur",
    "music": "musikk",
    "games": "spill",
    "gaming": "spill",
    "women": "kvinner",
    "diversity": "mangfold",
    "inclusion": "inkludering",
    "children": "barn",
    "work": "arbeid",
    "jobs": "jobber",
    "automation": "automatisering",
    "platform": "plattform",
    "ecosystem": "økosystem",
    "collaboration": "samarbeid",
    "cooperation": "samarbeid",
    "partnership": "partnerskap",
    "customer": "kunde",
    "user": "bruker",
    "users": "brukere",
    "service": "tjeneste",
    "services": "tjenester",
    "product": "produkt",
    "value": "verdi",
    "growth": "vekst",
    "investment": "investering",
    "capital": "kapital",
    "market": "marked",
    "economy": "økonomi",
    "strategy": "strategi",
    "change": "endring",
    "transformation": "omstilling",
    "quantum": "kvante",
    "space": "romfart",
    "satellite": "satellitt",
    "drone": "drone",
    "internet of things": "tingenes internett",
    "sensor": "sensor",
    "machine learning": "maskinlæring",
    "algorithm": "algoritme",
    "software": "programvare",
    "programming": "programmering",
    "code": "kode",
    "network": "nettverk",
    "communication": "kommunikasjon",
    "identity": "identitet",
    "logistics": "logistikk",
    "shipping": "skipsfart",
    "maritime": "maritim",
    "tourism": "turisme",
    "travel": "reise",
    "food": "mat",
    "agriculture": "landbruk",
    "farming": "landbruk",
    "data": "data",
    "privacy by design": "innebygd personvern",
    "equality": "likestilling",
    "gender equality": "likestilling",
    "volunteering": "frivillighet",
    "housing": "bolig",
    "water": "vann",
    "waste": "avfall",
    "recycling": "gjenvinning",
    "emissions": "utslipp",
}

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _lookup(word: str) -> str | None:
    w = word.lower()
    return WORDS.get(w) or WORDS.get(_singular(w))


def norwegian_query(query: str) -> tuple[str, list[tuple[str, str]]] | None:
    """The query with the English words this list knows replaced by Norwegian ones, and the pairs replaced.

    Two-word phrases are tried before single words ("artificial intelligence" → "kunstig intelligens",
    written as a phrase).  Words inside quotes, field prefixes (``tema:``) and operators are kept.
    None when nothing was replaced.
    """
    if not query or not query.strip():
        return None
    out: list[str] = []
    pairs: list[tuple[str, str]] = []
    tokens = query.split()
    i = 0
    in_quote = False
    while i < len(tokens):
        tok = tokens[i]
        quotes = tok.count('"')
        if (
            in_quote
            or quotes
            or ":" in tok
            or tok in ("OR", "AND", "NOT")
            or tok.startswith("-")
            or any(c in tok for c in "*?~")
        ):
            out.append(tok)
            if quotes % 2:
                in_quote = not in_quote
            i += 1
            continue
        if i + 1 < len(tokens):
            two = f"{tokens[i]} {tokens[i + 1]}".lower()
            two_clean = " ".join(_singular(w) for w in re.findall(r"[a-z'-]+", two))
            hit = WORDS.get(two) or WORDS.get(two_clean)
            if hit:
                pairs.append((f"{tokens[i]} {tokens[i + 1]}", hit))
                out.append(f'"{hit}"' if " " in hit else hit)
                i += 2
                continue
        m = _WORD.fullmatch(tok.strip(",.;!?"))
        hit = _lookup(m.group(0)) if m else None
        if hit and hit.lower() != tok.lower():
            pairs.append((tok.strip(",.;!?"), hit))
            out.append(f'"{hit}"' if " " in hit else hit)
        else:
            out.append(tok)
        i += 1
    if not pairs:
        return None
    return " ".join(out), pairs


def looks_english(query: str) -> bool:
    """True when the query's words are plain ASCII words, as an English query would be (a weak hint)."""
    words = _WORD.findall(query)
    return bool(words) and all(w.isascii() for w in words) and not re.search(r"[æøåÆØÅ]", query)
