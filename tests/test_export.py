"""Exports: notes/reflections, learning log, transcripts as Markdown, HTML and PDF."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser

import pytest

from lornplayer.export import (
    Labels,
    LogEntry,
    all_notes_markdown,
    format_duration,
    format_time,
    learning_log_markdown,
    md_block,
    md_escape,
    notes_markdown,
    transcript_html,
    transcript_markdown,
)
from lornplayer.model import Case, Guest, Note, Turn

QUESTION_1 = "Hva betyr åpen innovasjon for din kommune?"
QUESTION_2 = "Hvordan kan du bryte ned siloer?"


class Timing:
    def __init__(self, starts):
        self.starts = starts


@pytest.fixture
def case() -> Case:
    return Case(
        id="C0557",
        label="#C0557",
        title="Hvordan skape innovative byer?",
        summary="Øyvind forteller om internasjonalt samarbeid.",
        guests=[Guest("Øyvind Laderud", "Internasjonal koordinator", "Kristiansand Kommune")],
        quote="Innovasjon krever samarbeid.",
        duration_minutes=15,
        theme="Digital etikk og politikk",
        organisation="Kristiansand Kommune",
        date="2019-12-06",
        host="Silvija Seres",
        learning_points=["Åpen innovasjon", "Silotenkning"],
        reflection_questions=[QUESTION_1, QUESTION_2],
        turns=[
            Turn("Silvija Seres", "Velkommen til LØRN. Gjesten min er Øyvind Laderud."),
            Turn("Øyvind Laderud", "Tusen takk."),
            Turn("Silvija Seres", "Hva gjør du?"),
            Turn("Øyvind Laderud", "Vi skriver <script>alert('x')</script> & 5 < 7 i koden."),
        ],
    )


@pytest.fixture
def notes(case) -> list[Note]:
    return [
        Note(2, case.id, "Samarbeid på tvers\n* ikke en liste", position=3725.0, turn_index=3),
        Note(1, case.id, "Godt poeng om byer", position=65.4, turn_index=1),
        Note(3, case.id, "Vi deler data med nabokommunene.", kind="reflection", key=QUESTION_1),
        Note(4, case.id, "Innovasjon utenfra.", kind="learning", key="Åpen innovasjon"),
    ]


def test_time_formats():
    assert format_time(0) == "0:00"
    assert format_time(65.9) == "1:05"
    assert format_time(3725) == "1:02:05"
    assert format_time(-3) == "0:00"
    assert format_duration(45) == "45 s"
    assert format_duration(12 * 60 + 10) == "12 min"
    assert format_duration(3600 + 5 * 60) == "1 h 05 min"


def test_markdown_escaping():
    assert md_escape("# Tittel") == "# Tittel"  # inside a line '#' needs no escape
    assert md_escape("# Tittel", line_start=True) == r"\# Tittel"
    assert md_escape("1. mai", line_start=True) == r"1\. mai"
    assert md_escape("a *b* _c_ <d> [e](f) x|y") == r"a \*b\* \_c\_ \<d\> \[e\](f) x\|y"
    assert md_block("linje én\n- linje to\n\nnytt avsnitt") == "linje én\\\n\\- linje to\n\nnytt avsnitt"


def test_notes_markdown_has_times_speakers_and_answers(case, notes):
    md = notes_markdown(case, notes)
    assert md.startswith("# Hvordan skape innovative byer?\n")
    assert "#C0557" in md and "Øyvind Laderud (Internasjonal koordinator, Kristiansand Kommune)" in md
    # Moment notes in time order, each under its time and the turn's speaker.
    first = md.index("### 1:05 · Øyvind Laderud\n\nGodt poeng om byer")
    second = md.index("### 1:02:05 · Øyvind Laderud\n\nSamarbeid på tvers\\\n\\* ikke en liste")
    assert first < second
    # The answer sits under its question; the unanswered question says so.
    section = md[md.index("## Reflection questions") : md.index("## What you will learn")]
    assert f"### {QUESTION_1}\n\nVi deler data med nabokommunene." in section
    assert f"### {QUESTION_2}\n\n*(not answered)*" in section
    learning = md[md.index("## What you will learn") :]
    assert "### Åpen innovasjon\n\nInnovasjon utenfra." in learning
    assert "### Silotenkning\n\n*(not answered)*" in learning


def test_notes_markdown_time_from_timing_and_orphaned_answers(case):
    notes = [
        Note(1, case.id, "Notat uten posisjon", turn_index=2),
        Note(2, case.id, "Svar", kind="reflection", key="Et spørsmål som ikke lenger finnes?"),
    ]
    md = notes_markdown(case, notes, timing=Timing([0.0, 10.0, 42.0, 60.0]), include_unanswered=False)
    assert "### 0:42 · Silvija Seres\n\nNotat uten posisjon" in md
    assert "### Et spørsmål som ikke lenger finnes?\n\nSvar" in md
    assert QUESTION_2 not in md and "Silotenkning" not in md


def test_all_notes_markdown(case, notes):
    other = Case(id="C9001", title="Et kort testopptak", turns=[Turn("Kari Nordmann", "Hei.")])
    md = all_notes_markdown([(case, notes), (other, [Note(9, "C9001", "Kort notat", position=2, turn_index=0)])])
    assert md.startswith("# Notes\n")
    assert md.index("## Hvordan skape innovative byer?") < md.index("## Et kort testopptak")
    assert "#### 0:02 · Kari Nordmann\n\nKort notat" in md
    assert QUESTION_2 not in md  # only answered questions in the collection


def test_translated_labels(case, notes):
    labels = Labels.translated(lambda ctx, text: {"Notes": "Notater"}.get(text, text))
    assert "## Notater" in notes_markdown(case, notes, labels=labels)


def test_learning_log(case, notes):
    other = Case(id="C9001", label="#C9001", title="Et kort testopptak")
    third = Case(id="C0775", label="#C0775", title="Tredje case")
    md = learning_log_markdown(
        [
            {"case": other, "time_listened": 30, "listened_fraction": 0.5},
            LogEntry(case, finished_at=date(2024, 3, 1), time_listened=2100, listened_fraction=0.97, notes=notes),
            LogEntry(third, finished_at=date(2024, 2, 10), time_listened=1500, listened_fraction=1.0),
        ],
        generated=date(2024, 5, 1),
    )
    assert md.startswith("# Learning log\n\nGenerated 2024-05-01.")
    summary = md[md.index("## Summary") : md.index("## Finished cases")]
    assert "**Cases finished:** 2" in summary
    assert "**Cases in progress:** 1" in summary
    assert "**Time listened:** 1 h 00 min" in summary  # 2100 + 1500 + 30 s
    assert "**Notes:** 2" in summary
    assert "**Answers to reflection questions and learning points:** 2" in summary
    # Finished cases by date, with their time listened.
    table = md[md.index("## Finished cases") : md.index("## Tredje case")]
    assert "| 2024-02-10 | #C0775 | Tredje case | 25 min |" in table
    assert "| 2024-03-01 | #C0557 | Hvordan skape innovative byer? | 35 min |" in table
    assert table.index("2024-02-10") < table.index("2024-03-01")
    # Per case: status, listening, reflections and notes; in-progress cases last.
    detail = md[md.index("## Hvordan skape innovative byer?") : md.index("## Et kort testopptak")]
    assert "**Finished 2024-03-01**" in detail and "**Listened:** 97 %" in detail
    assert f"### Reflection questions\n\n#### {QUESTION_1}\n\nVi deler data med nabokommunene." in detail
    assert "#### 1:05 · Øyvind Laderud\n\nGodt poeng om byer" in detail
    assert QUESTION_2 not in detail
    tail = md[md.index("## Et kort testopptak") :]
    assert "**In progress**" in tail and "**Listened:** 50 %" in tail and "**Time listened:** 30 s" in tail


def test_transcript_markdown(case):
    md = transcript_markdown(case, Timing([0.0, 12.0, 15.5, 3700.0]))
    assert md.startswith("# Hvordan skape innovative byer?\n")
    for fact in (
        "#C0557",
        "**Guests:** Øyvind Laderud (Internasjonal koordinator, Kristiansand Kommune)",
        "**Host:** Silvija Seres",
        "**Date:** 2019-12-06",
        "**Theme:** Digital etikk og politikk",
        "- Åpen innovasjon",
        f"- {QUESTION_1}",
        "> *Innovasjon krever samarbeid.*",
    ):
        assert fact in md
    assert "`0:12` **Øyvind Laderud:** Tusen takk." in md
    assert "`1:01:40` **Øyvind Laderud:** Vi skriver \\<script\\>alert('x')\\</script\\> & 5 \\< 7 i koden." in md
    plain = transcript_markdown(case, Timing([0.0, 12.0, 15.5, 3700.0]), with_times=False)
    assert "**Øyvind Laderud:** Tusen takk." in plain and "`0:12`" not in plain
    assert "**Silvija Seres:** Hva gjør du?" in transcript_markdown(case)  # no timing: no times


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data):
        self.text.append(data)


def test_transcript_html_is_standalone_and_escaped(case):
    doc = transcript_html(case, Timing([0.0, 12.0, 15.5, 3700.0]))
    assert doc.startswith("<!DOCTYPE html>") and doc.rstrip().endswith("</html>")
    assert '<meta charset="utf-8">' in doc and "<style>" in doc
    p = _Collector()
    p.feed(doc)
    assert "script" not in p.tags and "img" not in p.tags and "link" not in p.tags
    assert not any(name in ("src", "href") or name.startswith("on") for name, _ in p.attrs)
    assert "http" not in doc
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; 5 &lt; 7" in doc
    text = "".join(p.text)
    for fact in (
        "Hvordan skape innovative byer?",
        "#C0557",
        "Øyvind Laderud",
        "Internasjonal koordinator, Kristiansand Kommune",
        "2019-12-06",
        "Digital etikk og politikk",
        "Silotenkning",
        QUESTION_1,
        "1:01:40",
        "Tusen takk.",
    ):
        assert fact in text
    assert "0:12" not in transcript_html(case, Timing([0.0, 12.0, 15.5, 3700.0]), with_times=False)


def test_transcript_html_escapes_metadata():
    evil = Case(
        id="C1",
        title="<b>Tittel</b>",
        guests=[Guest('"Navn" <i>', "<rolle>", None)],
        learning_points=["<img src=x onerror=alert(1)>"],
        turns=[Turn("<Taler>", "a\nb")],
    )
    doc = transcript_html(evil)
    p = _Collector()
    p.feed(doc)
    assert "b" not in p.tags and "i" not in p.tags and "img" not in p.tags
    assert "&lt;b&gt;Tittel&lt;/b&gt;" in doc and "&quot;Navn&quot; &lt;i&gt; (&lt;rolle&gt;)" in doc
    assert "&lt;Taler&gt;:</span> a<br>b" in doc


def _pdf_text(path) -> str | None:
    if not shutil.which("pdftotext"):
        return None
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


# The PDF tests take pytest-qt's QApplication first, so that html_to_pdf never leaves a
# bare QGuiApplication behind for the widget tests running later in this process.
def test_transcript_pdf_keeps_title_and_norwegian_letters(qapp, case, tmp_path):
    from lornplayer.qt.pdf import html_to_pdf

    out = tmp_path / "sub" / "C0557.pdf"
    html_to_pdf(transcript_html(case, Timing([0.0, 12.0, 15.5, 3700.0])), out, title=case.title)
    assert out.read_bytes().startswith(b"%PDF")
    text = _pdf_text(out)
    if text is None:
        pytest.skip("pdftotext not installed")
    assert "Hvordan skape innovative byer?" in text
    assert "Øyvind" in text and "LØRN" in text
    assert "<script>alert('x')</script>" in text  # shown as text, not interpreted
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert re.search(r"Page size:\s+595(\.\d+)? x 842", info)  # A4
    assert re.search(r"Title:\s+Hvordan skape innovative byer\?", info)


def test_notes_pdf_from_markdown(qapp, case, notes, tmp_path):
    from lornplayer.qt.pdf import markdown_to_pdf

    out = tmp_path / "notes.pdf"
    markdown_to_pdf(notes_markdown(case, notes), out, title=case.title)
    text = _pdf_text(out)
    if text is None:
        pytest.skip("pdftotext not installed")
    assert "Hvordan skape innovative byer?" in text
    assert "1:05 · Øyvind Laderud" in text
    assert "Vi deler data med nabokommunene." in text
    assert "* ikke en liste" in text  # escaped Markdown comes out literally


_SCRIPT = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from lornplayer.qt.pdf import html_to_pdf
if sys.argv[2] == "core":
    app = QCoreApplication([])
html_to_pdf("<h1>Blåbærsyltetøy</h1>", Path(sys.argv[1]))
"""


@pytest.mark.parametrize("existing", ["none", "core"])
def test_pdf_in_a_fresh_process_without_display(tmp_path, existing):
    """Without a display, and even when a bare QCoreApplication (no fonts) already runs."""
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    out = tmp_path / "fresh.pdf"
    run = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(out), existing], env=env, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert out.read_bytes().startswith(b"%PDF")
    text = _pdf_text(out)
    assert text is None or "Blåbærsyltetøy" in text
