"""Transcript hand-outs as the reader sees them: the length the app shows, and no half-empty first page."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from lornplayer import export
from lornplayer.parser import parse_file
from lornplayer.timing import build_timing


@pytest.fixture
def case(seeds_dir):
    return parse_file(seeds_dir / "C0796.txt").case


def test_the_duration_is_the_audios_when_the_audio_is_known(case):
    assert case.duration_minutes and case.duration_minutes != 13
    timing = build_timing(case.turns, 13 * 60 + 4.0)
    html = export.transcript_html(case, timing)
    md = export.transcript_markdown(case, timing)
    assert "<td>13 min</td>" in html and "13 min" in md
    assert f"{case.duration_minutes} min" not in html
    # Without audio the page's "Varighet" is all there is.
    assert f"<td>{case.duration_minutes} min</td>" in export.transcript_html(case)


def test_the_pdf_transcript_starts_on_the_first_page_when_it_has_room(qapp, case, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    from lornplayer.qt import pdf

    out = tmp_path / "C0796.pdf"
    pdf.html_to_pdf(export.transcript_html(case), out, case.title)
    first = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-enc", "UTF-8", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Transcript" in first
    assert case.turns[0].text.split()[2] in first  # the first turn begins on page 1, not after a gap
