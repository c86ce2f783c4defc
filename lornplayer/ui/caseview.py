"""The case view: title, guests, quote, summary, learning points, reading, Q&A, reflection, related cases.

The page is our own HTML built from escaped case text (nothing from the web is
rendered as HTML).  Remote resources are never loaded, and the only links are
``case:C0061`` links to related cases that are in the library.
"""

from __future__ import annotations

import html
from collections.abc import Collection

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QTextBrowser

from lornplayer.export import format_duration
from lornplayer.model import Case


def _e(text: str | None) -> str:
    return html.escape(text or "")


def _para(text: str | None) -> str:
    return "<br>".join(_e(line) for line in (text or "").split("\n"))


class CaseView(QTextBrowser):
    """Read-only case details; emits :attr:`caseLinkActivated` for a related case in the library."""

    caseLinkActivated = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor)
        self.setObjectName("caseView")
        self.setAccessibleName(self.tr("Case details"))
        self.case: Case | None = None
        self.show_placeholder()

    def loadResource(self, type_, name):  # noqa: N802 - Qt API: never fetch anything
        return None

    def show_placeholder(self, text: str | None = None) -> None:
        self.case = None
        self.setHtml(f"<p style='color:gray'>{_e(text or self.tr('Choose a case in the library.'))}</p>")

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() == "case":
            self.caseLinkActivated.emit(url.path())

    def set_listened(self, listened: str | None) -> None:
        """New listening figures for the case shown (after progress was saved), keeping the scroll position."""
        args = getattr(self, "_args", None)
        if self.case is None or args is None or args[3] == listened:
            return
        bar = self.verticalScrollBar()
        keep = bar.value()
        self.set_case(args[0], args[1], args[2], listened)
        bar.setValue(keep)

    def listened(self) -> str | None:
        args = getattr(self, "_args", None)
        return args[3] if args else None

    def set_case(
        self,
        case: Case,
        in_library: Collection[str] = frozenset(),
        duration: float | None = None,
        listened: str | None = None,
    ) -> None:
        self.case = case
        self._args = (case, in_library, duration, listened)
        tr = self.tr
        parts: list[str] = [f"<h2 style='margin-bottom:2px'>{_e(case.title or case.id)}</h2>"]
        meta = [case.label or case.id or ""]
        kind = {
            "masterclass": tr("Masterclass"),
            "webinar": tr("Webinar"),
            "podcast-old": tr("Podcast (old page)"),
        }.get(case.kind)
        if kind:
            meta.insert(0, kind)
        if case.date:
            meta.append(case.date)
        if duration:
            meta.append(format_duration(duration))
        elif case.total_minutes:
            meta.append(tr("{0} min").format(case.total_minutes))
        parts.append(
            f"<p style='color:#666;margin-top:0'>{_e(' · '.join(meta))}"
            + (f"<br>{_e(listened)}" if listened else "")
            + "</p>"
        )
        if case.guests:
            rows = []
            for g in case.guests:
                detail = ", ".join(x for x in (g.role, g.organisation) if x)
                rows.append(f"<b>{_e(g.name)}</b>" + (f" — {_e(detail)}" if detail else ""))
            parts.append(f"<p>{'<br>'.join(rows)}</p>")
        facts = [
            (tr("Host"), case.host),
            (tr("Theme"), case.theme),
            (tr("Organisation"), case.organisation),
            (tr("Perspective"), case.perspective),
            (tr("Place"), case.place),
        ]
        facts_html = "".join(
            f"<tr><td style='color:#666;padding-right:8px'>{_e(k)}</td><td>{_e(v)}</td></tr>" for k, v in facts if v
        )
        if facts_html:
            parts.append(f"<table cellspacing='0' cellpadding='1'>{facts_html}</table>")
        if case.quote:
            quoted = tr("“{0}”").format(case.quote)  # Norwegian quotes as «…»
            parts.append(f"<blockquote style='font-style:italic'>{_e(quoted)}</blockquote>")
        if case.summary:
            parts.append(f"<p>{_para(case.summary)}</p>")
        if case.parts:
            parts.append(self._parts_html(case))
        if case.learning_points:
            items = "".join(f"<li>{_e(p)}</li>" for p in case.learning_points)
            parts.append(f"<h3>{_e(tr('What you will learn'))}</h3><ul>{items}</ul>")
        if case.reflection_questions:
            items = "".join(f"<p>{_e(q)}</p>" for q in case.reflection_questions)
            parts.append(f"<h3>{_e(tr('Reflection question'))}</h3>{items}")
        if case.further_reading:
            items = "".join(f"<li>{_e(r)}</li>" for r in case.further_reading)
            parts.append(f"<h3>{_e(tr('Further reading'))}</h3><ul>{items}</ul>")
        if case.related:
            items = []
            for r in case.related:
                label = _e(r.id)
                if r.id in in_library:
                    label = f"<a href='case:{_e(r.id)}'>{label}</a>"
                people = ", ".join(r.people)
                items.append(f"<li>{label} {_e(r.theme or '')}" + (f" — {_e(people)}" if people else "") + "</li>")
            parts.append(f"<h3>{_e(tr('Related cases'))}</h3><ul>{''.join(items)}</ul>")
        if case.profile:
            qa = "".join(f"<p><b>{_e(p.question)}</b><br>{_para(p.answer)}</p>" for p in case.profile)
            parts.append(f"<h3>{_e(tr('Guest profile'))}</h3>{qa}")
        if not case.turns:
            parts.append(f"<p style='color:#666'><i>{_e(tr('This case has no transcript.'))}</i></p>")
        self.setHtml("".join(parts))

    def _parts_html(self, case: Case) -> str:
        """The lessons of a masterclass or the parts of a webinar, in order."""
        tr = self.tr
        lesson = case.kind == "masterclass"
        items = []
        for p in case.parts:
            name = (tr("Lesson {0}") if lesson else tr("Part {0}")).format(p.number)
            line = f"<b>{_e(name)}</b>" + (f" — {_e(p.title)}" if p.title else "")
            if p.duration_minutes:
                line += f" ({_e(tr('{0} min').format(p.duration_minutes))})"
            if p.description:
                line += f"<br>{_e(p.description)}"
            items.append(f"<li>{line}</li>")
        heading = tr("Lessons") if lesson else tr("Parts")
        return f"<h3>{_e(heading)}</h3><ul>{''.join(items)}</ul>"
