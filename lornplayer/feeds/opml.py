"""OPML subscription lists: read and write (stdlib XML, no Qt)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from lornplayer.errors import SourceError


class OpmlError(SourceError):
    def __init__(self, path: str, reason: str):
        super().__init__(path, reason)
        self.path = path


@dataclass
class Outline:
    url: str
    title: str | None = None
    link: str | None = None


def read_opml(path: str | Path) -> list[Outline]:
    """Every feed (``outline`` with ``xmlUrl``) in an OPML file, also inside folders."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise OpmlError(str(p), f"cannot read file ({exc.strerror or exc})") from exc
    if b"<!ENTITY" in data[:65536].upper():
        raise OpmlError(str(p), "OPML files with entity declarations are not read")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise OpmlError(str(p), f"not an OPML file (XML error: {exc})") from exc
    if root.tag.lower() != "opml":
        raise OpmlError(str(p), f"not an OPML file (the document is <{root.tag}>)")
    out, seen = [], set()
    for el in root.iter("outline"):
        url = (el.get("xmlUrl") or el.get("xmlurl") or "").strip()
        if url and url not in seen:
            seen.add(url)
            out.append(Outline(url, el.get("title") or el.get("text"), el.get("htmlUrl")))
    return out


def write_opml(path: str | Path, outlines: list[Outline], title: str = "lornplayer subscriptions") -> Path:
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = datetime.now(timezone.utc).strftime("%a, %d %b %Y %H:%M:%S +0000")
    body = ET.SubElement(root, "body")
    for o in outlines:
        attrs = {"type": "rss", "text": o.title or o.url, "title": o.title or o.url, "xmlUrl": o.url}
        if o.link:
            attrs["htmlUrl"] = o.link
        ET.SubElement(body, "outline", attrs)
    ET.indent(root)
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(f".{p.name}.tmp")
    tmp.write_bytes(b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n")
    tmp.replace(p)
    return p
