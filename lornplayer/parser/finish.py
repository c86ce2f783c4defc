"""After the scan: guests, host, turns, parts, id and language put together, and the warnings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lornplayer.model import Guest
from lornplayer.parser import fields as F
from lornplayer.parser import vocab as V
from lornplayer.parser.kinds import id_from_url, listing_name
from lornplayer.parser.turns import (
    build_turns,
    host_from_turns,
    known_names,
    resolve_host,
)

if TYPE_CHECKING:
    from lornplayer.parser.scanner import PageScanner, ParseResult


def finish(s: PageScanner) -> ParseResult:
    from lornplayer.parser.scanner import ParseResult

    case = s.case
    if s.summary_parts:
        case.summary = "\n".join(s.summary_parts)
    _guests_from_block(s)
    _quick_answers(s)
    case.profile = [s.profile[k] for k in s.profile_order]
    if not case.organisation and s.about_org:
        case.organisation = s.about_org
    if not case.quote and s.lone_quote:
        case.quote = s.lone_quote

    # host: a labelled line, else the summary ("snakker Silvija med …"), else the transcript's interviewer
    labelled_host = bool(case.host)
    if not case.host and case.summary:
        case.host = _host_in_blurb(case.summary)
    candidates = [g.name for g in case.guests] + F.host_names(case.host or "") + s.turns.labels
    known = known_names(candidates)
    case.turns, marks = build_turns(s.turns, known, s.text)
    if not case.host:
        case.host = host_from_turns(case.turns)
    if case.host:
        printed = case.host
        case.host = resolve_host(printed, known_names(candidates + [t.speaker or "" for t in case.turns]), s.text)
        case.host_raw = printed if printed != case.host and labelled_host else None
        case.hosts = F.host_names(case.host)

    for number, index in marks.items():
        part = s.parts.get(number)
        if part is not None:
            part.first_turn = index
    case.parts = [s.parts[n] for n in sorted(s.parts)]
    case.language = F.guess_language(
        " ".join(
            [case.title or "", case.summary or ""]
            + [p.answer for p in case.profile]
            + [t.text for t in case.turns[:40]]
        )
    )

    result = ParseResult(case, s.warnings, layout=s.layout, url=s.url)
    listing = listing_name(s.lines, s.found_header, len(case.turns))
    if listing:
        result.is_case = False
        result.listing = f"{listing[0]} ({listing[1]} episodes)"
        s.warnings.append(f"a listing page ({result.listing}), not a single case")
        return result
    _check_id_and_title(s, result)
    return result


def _check_id_and_title(s: PageScanner, result: ParseResult) -> None:
    case = s.case
    if not case.id:
        result.derived_id = id_from_url(s.url) or (F.case_id_in_name(s.source) if s.source else None)
        where = "its address" if id_from_url(s.url) else "the file name"
        if s.found_header and case.label:
            s.warnings.append("case number unreadable")
        elif result.derived_id:
            s.warnings.append(f"no case id on the page; {where} gives {result.derived_id}")
        else:
            s.warnings.append("no case id on the page")
    signals = (
        case.theme,
        case.date,
        case.place,
        case.host,
        case.duration_minutes,
        case.perspective,
        case.profile,
        case.learning_points,
        case.reflection_questions,
        s.transcript_seen,
        case.parts,
    )
    result.is_case = bool(s.found_header or case.turns or sum(bool(x) for x in signals) >= 2)
    if not result.is_case:
        s.warnings.append("no LØRN case found in this text")
        return
    if not s.found_header and case.kind == "case":
        s.warnings.append("unfamiliar page layout: no 'LØRN Case #…' or '#0399:' heading")
    if not case.title and not s.found_header:
        case.title = _page_title(s.lines)
        if case.title:
            s.warnings.append(f"title taken from the page title: {case.title!r}")
    if not case.title:
        s.warnings.append("no title found")
    if not s.transcript_seen:
        s.warnings.append("no transcript on this page")
    elif not case.turns:
        s.warnings.append("transcript section has no speaker turns")


def _page_title(lines: list[str]) -> str | None:
    """The title from the first line when it is a page title (``Title | LØRN``, ``Title - LØRN.TECH``)."""
    first = next((ln for ln in lines if ln), "")
    if V.SITE_SUFFIX.search(first) and not V.KEY_RE.match(first):
        return V.SITE_SUFFIX.sub("", first).strip() or None
    return None


def _host_in_blurb(summary: str) -> str | None:
    for pattern in V.BLURB_HOST:
        m = pattern.search(summary)
        if m and F.is_person_name(m.group("name")):
            return m.group("name")
    return None


def _guests_from_block(s: PageScanner) -> None:
    lines = s.guest_lines
    if lines:
        triples = [lines[k : k + 3] for k in range(0, len(lines), 3)]
        if len(lines) % 3:
            grouped = _group_by_names(lines)
            if grouped is None:
                s.warnings.append(f"guest block has {len(lines)} lines, expected name/role/organisation triples")
            else:
                triples = grouped
        for chunk in triples:
            name, role, org = (chunk + [None, None])[:3]
            if name:
                s.case.guests.append(Guest(name, role, org))
    seen: set[str] = set()
    unique = []
    for g in s.case.guests:  # a header printed twice lists its guests twice
        if g.name.lower() not in seen:
            seen.add(g.name.lower())
            unique.append(g)
    s.case.guests = unique


def _group_by_names(lines: list[str | None]) -> list[list[str | None]] | None:
    """Guests from a block that is not all triples: each starts with a name, one or two lines follow."""
    groups: list[list[str | None]] = []
    for ln in lines:
        starts = ln is not None and _is_guest_name(ln) and (not groups or len(groups[-1]) > 1)
        if starts or not groups:
            groups.append([ln])
        elif len(groups[-1]) < 3:
            groups[-1].append(ln)
        else:
            return None
    if not all(g[0] and _is_guest_name(g[0]) for g in groups):
        return None
    return groups


_ORG_WORDS = {
    "kommune",
    "fylkeskommune",
    "norge",
    "norway",
    "group",
    "gruppen",
    "holding",
    "bank",
    "media",
    "labs",
    "lab",
    "tech",
    "consulting",
    "energi",
    "energy",
    "universitet",
    "university",
    "institute",
    "instituttet",
}


def _is_guest_name(line: str) -> bool:
    """A person's name, not an organisation that looks like one ("Berg AS", "ITS Norway", "Bergen Kommune")."""
    words = line.split()
    return (
        F.is_person_name(line, min_words=2)
        and not any(len(w) > 1 and w.isupper() for w in words)
        and words[-1].lower() not in _ORG_WORDS
    )


def _quick_answers(s: PageScanner) -> None:
    """The old pages' quick questions give the guest's role (and organisation) when the header lacks them."""
    if not s.case.guests or not (s.quick or s.quick_values):
        return
    g = s.case.guests[0]
    role, org = s.quick.get("role"), s.quick.get("organisation")
    if role is None:
        for value in s.quick_values:
            low = value.lower()
            if low == g.name.lower() or (
                g.organisation and (g.organisation.lower() in low or low in g.organisation.lower())
            ):
                continue
            if org is None and g.organisation is None and role is not None:
                org = value
                continue
            role = role or value
    g.role = g.role or role
    g.organisation = g.organisation or org
