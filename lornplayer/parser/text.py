"""From a page file to clean lines of text: reading, HTML to text, whitespace and control characters.

A page is either the text a browser copies from its window (one line per printed
line) or the HTML "Save page as…" writes.  HTML goes through the standard
library's :class:`html.parser.HTMLParser`: block elements end a line, entities are
decoded, and the content of ``script``/``style``/``template``/``svg``/… is dropped.
Nothing a page refers to (images, scripts, style sheets, frames) is ever opened.
A text copy may still carry a stray tag (the old podcast pages start with a
LinkedIn tracking ``<img>``): those tags are removed the same way, while the
text's own line breaks are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from lornplayer.errors import SourceError

MAX_PAGE_BYTES = 20 * 1024 * 1024


class PageError(SourceError):
    """The file is not a readable case page (binary, empty, unreadable, a listing, …)."""

    def __init__(self, path: str | Path | None, reason: str):
        super().__init__(str(path) if path is not None else None, reason)
        self.path = self.source


# Elements whose content is never page text.
_HIDDEN = {
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "math",
    "iframe",
    "object",
    "canvas",
    "video",
    "audio",
    "select",
    "button",
    "head",
}
# Elements that end a line of text.
_BLOCK = {
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
    "option",
    "label",
    "caption",
}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
_DOCUMENT_RE = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]", re.IGNORECASE)
_TAG_LIKE_RE = re.compile(r"<[A-Za-z/!?][^<>]{0,2000}>")
_SAVED_FROM_RE = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)
_CHARSET_RE = re.compile(rb"<meta[^>]{0,200}charset\s*=\s*[\"']?([A-Za-z0-9_\-]{2,30})", re.IGNORECASE)
_SITE_ONLY_RE = re.compile(r"^(?:LØRN|LORN|Lørn)(?:\.tech)?$", re.IGNORECASE)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff]")
_SPACE_RE = re.compile(r"[^\S\n]+")


@dataclass
class PageText:
    """The text of a page and what its HTML says about itself."""

    text: str
    is_html: bool = False
    url: str | None = None  # the page's own address (canonical link, og:url, "saved from url")
    title: str | None = None  # the HTML <title>
    warnings: list[str] = field(default_factory=list)


class _TextExtractor(HTMLParser):
    """Collect the visible text; ``document`` mode treats source line breaks as spaces, as a browser does."""

    def __init__(self, document: bool):
        super().__init__(convert_charrefs=True)
        self.document = document
        self.out: list[str | int] = []  # text, or the number of line breaks a block boundary needs
        self.hidden = 0  # depth inside elements whose text is not shown
        self.hidden_stack: list[str] = []
        self.pre = 0
        self.in_title = False
        self.title: list[str] = []
        self.url: str | None = None  # canonical link or og:url
        self.saved_from: str | None = None  # the "saved from url" comment browsers write

    # -- tags ------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._meta(tag, dict(attrs))
        if tag == "title":
            self.in_title = True
            return
        if tag in _VOID:
            if tag == "br" and not self.hidden:
                self.out.append("\n")
            elif tag == "hr" and not self.hidden:
                self.out.append(1)
            return
        if self.hidden or tag in _HIDDEN or (self.document and _not_shown(tag, attrs)):
            self.hidden += 1
            self.hidden_stack.append(tag)
            return
        if tag == "pre":
            self.pre += 1
        if tag in _BLOCK:
            self.out.append(_breaks(tag))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._meta(tag, dict(attrs))
        if tag == "br" and not self.hidden:
            self.out.append("\n")
        elif tag in _BLOCK and not self.hidden:
            self.out.append(_breaks(tag))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
            return
        if self.hidden:
            if tag in self.hidden_stack:  # close up to the matching element (browsers forgive a lot)
                while self.hidden_stack:
                    self.hidden -= 1
                    if self.hidden_stack.pop() == tag:
                        break
            return
        if tag == "pre" and self.pre:
            self.pre -= 1
        if tag in _BLOCK:
            self.out.append(_breaks(tag))

    def _meta(self, tag: str, attrs: dict[str, str | None]) -> None:
        if self.url:
            return
        if tag == "link" and (attrs.get("rel") or "").lower() == "canonical" and attrs.get("href"):
            self.url = attrs["href"]
        elif tag == "meta" and (attrs.get("property") or "").lower() == "og:url" and attrs.get("content"):
            self.url = attrs["content"]

    # -- text ------------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
            return
        if self.hidden:
            return
        if self.document and not self.pre:
            data = re.sub(r"\s+", " ", data)
        self.out.append(data)

    def handle_comment(self, data: str) -> None:
        m = _SAVED_FROM_RE.match(f"<!--{data}-->")
        if m and not self.saved_from:
            self.saved_from = m.group(1)

    def text(self) -> str:
        """The text with block boundaries as line breaks, as a browser copies it: the breaks of
        adjacent boundaries do not add up, and a paragraph is set off by a blank line."""
        pieces: list[str] = []
        pending = 0
        for item in self.out:
            if isinstance(item, int):
                pending = max(pending, item)
            elif pending and self.document and not item.strip():
                continue  # white space between blocks
            else:
                if pending and pieces:
                    pieces.append("\n" * pending)
                    if self.document:
                        item = item.lstrip(" ")
                pending = 0
                pieces.append(item)
        return "".join(pieces)


def _not_shown(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    """Site navigation and footer, and elements the page hides (a saved page keeps them all)."""
    if tag in ("nav", "footer"):
        return True
    a = {k: (v or "") for k, v in attrs}
    style = a.get("style", "").replace(" ", "").lower()
    return (
        "hidden" in a
        or a.get("aria-hidden", "").lower() == "true"
        or "display:none" in style
        or "visibility:hidden" in style
    )


def _breaks(tag: str) -> int:
    return 2 if tag == "p" else 1


_TAG_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ/!?")


def _defuse(text: str) -> tuple[str, str | None]:
    """Comments removed and tags that never close escaped, in one linear pass each.

    ``HTMLParser`` rescans to the end of the input for every ``<!--`` or ``<a `` that is not
    closed, which makes damaged pages take minutes; an unclosed one loses only its ``<``
    here.  Also returns the address of a "saved from url" comment.
    """
    saved_from = None
    out: list[str] = []
    pos = 0
    unclosed = False  # once a comment does not close, no later one does either
    while True:
        i = text.find("<!--", pos)
        if i < 0:
            out.append(text[pos:])
            break
        out.append(text[pos:i])
        j = -1 if unclosed else text.find("-->", i + 4)
        if j < 0:
            unclosed = True
            pos = i + 4
            continue
        m = _SAVED_FROM_RE.match(text, i, j + 3)
        if m and saved_from is None:
            saved_from = m.group(1)
        pos = j + 3
    text = "".join(out)
    escape: list[int] = []
    open_at = -1
    for m in re.finditer(r"[<>]", text):
        if m.group() == ">":
            open_at = -1
            continue
        if open_at >= 0:
            escape.append(open_at)
        k = m.start() + 1
        open_at = m.start() if k < len(text) and text[k] in _TAG_START else -1
    if open_at >= 0:
        escape.append(open_at)
    if escape:
        pieces, last = [], 0
        for i in escape:
            pieces += [text[last:i], "&lt;"]
            last = i + 1
        pieces.append(text[last:])
        text = "".join(pieces)
    return text, saved_from


def looks_like_html_document(text: str) -> bool:
    """A whole HTML document (a saved page), not a text copy with a stray tag."""
    head = text[:20000]
    return bool(_DOCUMENT_RE.search(head)) or len(re.findall(r"<(?:p|div|br)\b", head, re.IGNORECASE)) >= 5


def html_to_text(text: str) -> PageText:
    """The visible text of HTML (or of text with stray tags), entities decoded."""
    document = is_document = looks_like_html_document(text)
    url = title = None
    for _ in range(3):  # "&lt;b&gt;" becomes "<b>" after one round of decoding
        if "<" not in text and "&" not in text:
            break
        parser = _TextExtractor(document)
        text, saved_from = _defuse(text)
        parser.saved_from = parser.saved_from or saved_from
        try:
            parser.feed(text)
            parser.close()
        except Exception:  # pragma: no cover - HTMLParser is forgiving; keep the text
            break
        url = url or parser.url or parser.saved_from
        if title is None and parser.title:
            title = " ".join("".join(parser.title).split()) or None
            if title and _SITE_ONLY_RE.match(title):
                title = None  # "LØRN" / "LØRN.TECH": the site, not the page
        before, text = text, parser.text()
        document = False  # later rounds only remove tags that were escaped as text
        if text == before or not _TAG_LIKE_RE.search(text):
            break
    if title:
        text = title + "\n" + text
    return PageText(text, is_html=bool(is_document or url or title), url=url, title=title)


def strip_html(text: str) -> str:
    """Remove tags, scripts, styles and comments and decode entities (also entity-escaped tags)."""
    return html_to_text(text).text


def clean_lines(text: str) -> list[str]:
    """Strip HTML and control characters and normalise whitespace; blank lines become ``""``."""
    return page_lines(text)[0]


def page_lines(text: str) -> tuple[list[str], PageText]:
    """The cleaned lines of a page and what its HTML said about it."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    page = html_to_text(text) if ("<" in text or "&" in text) else PageText(text)
    cleaned = _CONTROL_RE.sub("", page.text.replace("\t", " ").replace("\v", "\n").replace("\f", "\n"))
    return [_SPACE_RE.sub(" ", raw).strip() for raw in cleaned.split("\n")], page


def _decode_utf16(data: bytes) -> str | None:
    """UTF-16 text (Notepad's "Unicode"): with a byte-order mark, or without one when every other byte is NUL."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encoding = "utf-16"
    else:
        head = data[:4096]
        even, odd = head[0::2], head[1::2]
        if len(head) < 4:
            return None
        if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
            encoding = "utf-16-le"
        elif even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
            encoding = "utf-16-be"
        else:
            return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def read_page_text(path: str | Path) -> str:
    """Read a page file as text, raising :class:`PageError` for anything that is not a text page."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_PAGE_BYTES:
            raise PageError(p, f"file is too large for a case page ({size // (1024 * 1024)} MB)")
        data = p.read_bytes()
    except PageError:
        raise
    except OSError as exc:
        raise PageError(p, f"cannot read file ({exc.strerror or exc})") from exc
    if not data.strip():
        raise PageError(p, "file is empty")
    wide = _decode_utf16(data)
    if wide is not None:
        return wide
    if b"\x00" in data[:4096]:
        raise PageError(p, "binary file, not a text case page")
    encodings = ["utf-8-sig", "cp1252"]
    m = _CHARSET_RE.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii").lower()
        if declared not in ("utf-8", "utf8"):
            encodings.insert(1, declared)
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise PageError(p, "not valid UTF-8 text")
