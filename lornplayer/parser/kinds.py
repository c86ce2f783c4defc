"""The kinds of LØRN page: recognising them, and the parts of the webinar and masterclass layouts.

=================  ==================================================================================
kind               recognised by
=================  ==================================================================================
``case``           ``LØRN Case #C0557`` (also ``LØRN case C0061 -`` of the English legacy template)
``podcast-old``    ``#0399: Title`` / ``#0070 - Title - LØRN.TECH`` (HubSpot and WordPress podcast pages)
``masterclass``    ``LØRN Masterclass M0042``, ``Leksjon N - …`` lessons, "… denne Masterclass" (2024 site)
``webinar``        a ``Webinar`` line, ``Del N - E0017`` parts, ``Moderator:``
listing            many episode blurbs and no case of its own: refused (:func:`listing_name`)
=================  ==================================================================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lornplayer.model import Guest
from lornplayer.parser.fields import (
    DATE_LINE_RE,
    case_id_in_name,
    is_person_name,
    normalise_case_id,
    parse_date,
    split_role_comma_org,
)
from lornplayer.parser.vocab import (
    EPISODE_BLURB,
    HEADER_A,
    HEADER_B,
    ID_ONLY,
    JINGLE,
    KEY_RE,
    PART_RE,
    SECTION_RELATED,
    SECTION_TRANSCRIPT,
    SITE_SUFFIX,
    TIME_LINE,
    WEBINAR_MARK,
)


@dataclass
class PartLabel:
    number: int
    title: str | None
    minutes: int | None
    case_id: str | None  # "Del 1 - E0017" names the case


def part_label(line: str) -> PartLabel | None:
    """``Leksjon 2 - Eksempler (35min)`` / ``Del 1 - E0017`` / ``Del 3``; None for other lines."""
    m = PART_RE.match(line)
    if not m or len(line) > 140:
        return None
    rest = (m.group("rest") or "").strip()
    case_id = None
    if ID_ONLY.match(rest):
        case_id, rest = normalise_case_id(rest), ""
    if rest and (len(rest) > 90 or rest.endswith(".")):
        return None  # "Del 2: Panelsamtale med …, Ståle Gjersvold." is a programme item, not a part label
    minutes = int(m.group("min")) if m.group("min") else None
    return PartLabel(int(m.group("n")), rest or None, minutes, case_id)


# -- which kind ------------------------------------------------------------------------------


def detect_kind(lines: list[str], url: str | None = None) -> tuple[str, str]:
    """``(kind, layout)`` of a page from its lines (and its own URL when the HTML gave one).

    The layout names the template: ``case``, ``case-legacy-en``, ``podcast-hubspot``,
    ``podcast-wordpress``, ``masterclass``, ``masterclass-2024``, ``webinar``.
    """
    text_lines = [ln for ln in lines if ln]
    head = text_lines[:40]
    path = (url or "").lower()
    for ln in head:
        m = HEADER_A.match(ln)
        if m:
            word = m.group("word").lower()
            if word.startswith("master"):
                return "masterclass", "masterclass"
            if word == "webinar":
                return "webinar", "webinar"
            return "case", "case" if "#" in m.group("id") else "case-legacy-en"
    if any(WEBINAR_MARK.match(ln) for ln in head[:10]) or "/webinar/" in path:
        return "webinar", "webinar"
    part_ids = [p.case_id for ln in text_lines if (p := part_label(ln)) and p.case_id]
    if part_ids and part_ids[0].startswith("E"):
        return "webinar", "webinar"
    low = " ".join(text_lines[:60]).lower()
    if (
        "/masterclass/" in path
        or re.search(r"\bmasterclass(en)?\b|\blørn masters\b", low)
        or any((p := part_label(ln)) and p.minutes is not None for ln in text_lines[:200])
    ):
        return "masterclass", "masterclass-2024" if "lyttinger" in low or "© 20" in low else "masterclass"
    for ln in head:
        m = HEADER_B.match(ln)
        if m:
            wordpress = any(
                SITE_SUFFIX.search(x) or x.lower().startswith(("expørt", "ekspørt", "med lørner")) for x in head
            )
            return "podcast-old", "podcast-wordpress" if wordpress else "podcast-hubspot"
    if "/lorn-pod/" in path:
        return "podcast-old", "podcast-old"
    return "case", "case"


def listing_name(lines: list[str], has_own_case: bool, turn_count: int) -> tuple[str, int] | None:
    """``(name, episodes)`` when the page lists many cases and has none of its own, else None."""
    if has_own_case or turn_count:
        return None
    blurbs = sum(1 for ln in lines if ln and EPISODE_BLURB.match(ln))
    # or many case numbers ("#C0557", "LØRN Case #C0608") outside a related-cases section
    ids = (
        set()
        if any(SECTION_RELATED.match(ln) for ln in lines if ln)
        else {m.group(1).upper() for ln in lines if ln and (m := _LISTED_ID.match(ln))}
    )
    count = max(blurbs, len(ids))
    if blurbs < 2 and len(ids) < 3:
        return None
    name = next((ln for ln in lines if ln and ln != "\x00NULL"), "")
    name = SITE_SUFFIX.sub("", name).strip() or "untitled"
    return name, count


_LISTED_ID = re.compile(r"^(?:LØRN\s+(?:Case|Masterclass|Webinar)\s*)?#?\s*([CEM]\d{3,5})\b", re.IGNORECASE)


def id_from_url(url: str | None) -> str | None:
    return case_id_in_name(url) if url else None


# -- the webinar front page -------------------------------------------------------------------

_PARTNER_RE = re.compile(
    r"^(in partnership with|in collaboration with|i samarbeid med|i partnerskap med)\b", re.IGNORECASE
)


@dataclass
class WebinarFront:
    case_id: str | None = None
    title: str | None = None
    date: str | None = None
    host: str | None = None
    guests: list[Guest] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    end: int = 0  # index of the first line after the front page (the part list or the transcript)


def read_webinar_front(lines: list[str], transcript_start: int | None) -> WebinarFront:
    """Everything before the part list: date line, ``Med:`` guests, ``Moderator:``, title, blurb, the panel."""
    front = WebinarFront()
    end = len(lines) if transcript_start is None else transcript_start
    for i, ln in enumerate(lines[:end]):
        label = part_label(ln) if ln else None
        # the part list ("Del 1 - E0017", "Del 3"); "Del 1: Introduksjon …" is a programme item
        if (label and (label.case_id or not label.title)) or (
            ln and (SECTION_TRANSCRIPT.match(ln) or JINGLE.match(ln))
        ):
            end = i
            break
    front.end = end
    for ln in lines:
        p = part_label(ln) if ln else None
        if p and p.case_id:
            front.case_id = p.case_id
            break
    # a page title printed before the "Webinar" line is not the front page
    mark = next((i for i, ln in enumerate(lines[:end]) if ln and WEBINAR_MARK.match(ln)), None)
    first = mark + 1 if mark is not None and sum(1 for ln in lines[:mark] if ln) <= 3 else 0
    med: list[str] = []
    panel: dict[str, tuple[str | None, str | None]] = {}
    panel_order: list[str] = []
    state = "head"
    current: str | None = None
    for ln in lines[first:end]:
        if not ln:
            if state == "med":
                state = "head"
            continue
        low = ln.lower().rstrip(":")
        if WEBINAR_MARK.match(ln) or TIME_LINE.match(ln):
            continue
        if DATE_LINE_RE.match(ln):
            front.date = front.date or parse_date(ln)
            continue
        m = re.match(r"^(?:med|with|gjester|guests|panel)\s*:\s*(.*)$", ln, re.IGNORECASE)
        if m and state in ("head", "med"):
            state = "med"
            med += [n.strip() for n in re.split(r",|\s+og\s+|\s+and\s+", m.group(1)) if n.strip()]
            continue
        m = re.match(r"^(?:moderator|vert|host|programleder)\s*:\s*(.+)$", ln, re.IGNORECASE)
        if m:
            front.host = front.host or m.group(1).strip().rstrip(".")
            state = "head" if state == "med" else state
            continue
        if state == "med" and is_person_name(ln, min_words=2):
            med.append(ln)
            continue
        if low in ("program", "programme", "agenda"):
            state = "program"
            continue
        if low in ("panelet", "panel", "paneldeltakere", "panellists", "panelists", "innledere", "speakers"):
            state, current = "panel", None
            continue
        if state == "program":
            continue
        if state == "panel":
            if low == "bio":
                continue
            if is_person_name(ln, min_words=2) and len(ln) <= 40:
                current = ln
                panel.setdefault(ln, (None, None))
                panel_order.append(ln)
            elif current and panel[current] == (None, None) and len(ln) <= 120 and not ln.endswith("."):
                panel[current] = split_role_comma_org(ln)
            continue
        if KEY_RE.match(ln):
            continue
        if front.title is None:
            if not ln.endswith(".") and len(ln) <= 150 and not _PARTNER_RE.match(ln):
                front.title = SITE_SUFFIX.sub("", ln).strip() or None
            continue
        front.summary.append(ln)
    names = med or panel_order
    seen: set[str] = set()
    for name in names + [n for n in panel_order if n not in med]:
        if name.lower() in seen:
            continue
        seen.add(name.lower())
        role, org = next((v for k, v in panel.items() if k.lower() == name.lower()), (None, None))
        if role is None and org is None:
            role, org = _role_in_blurb(name, front.summary)
        front.guests.append(Guest(name, role, org))
    return front


def _role_in_blurb(name: str, summary: list[str]) -> tuple[str | None, str | None]:
    """``… med Kristian Myklevoll (Forsker, NORCE) …`` → ("Forsker", "NORCE")."""
    m = re.search(re.escape(name) + r"\s*\(([^()]{2,120})\)", " ".join(summary))
    return split_role_comma_org(m.group(1)) if m else (None, None)
