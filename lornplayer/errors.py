"""Domain errors of lornplayer (no Qt).

Every front end (the CLI, the window) shows ``str(exc)`` of a :class:`LornError`
as the one clear message: it names the case or file and the problem.  The errors of
the core modules derive from these: ``parser.PageError`` and ``store.StoreError``
(LornError), ``audio.AudioProbeError`` (AudioError), ``align.AlignmentError`` (LornError); the errors that
name a file, URL or episode (pages, feeds, OPML, downloads) share :class:`SourceError`.
"""

from __future__ import annotations


class LornError(Exception):
    """A problem the user can understand and act on; the message is complete."""


class SourceError(LornError):
    """A problem with one file, URL or episode: ``str()`` is ``"<source>: <reason>"`` (or the reason alone).

    The base of the errors that name where the trouble is (pages, feeds, OPML files, downloads)."""

    def __init__(self, source: str | None, reason: str):
        self.source = str(source) if source is not None else None
        self.reason = reason
        super().__init__(f"{self.source}: {reason}" if self.source else reason)


class Cancelled(LornError):
    """Long work (import, indexing, alignment) stopped because the caller asked it to.

    The one cancellation type: background work raises it when its ``cancelled()``
    callback turns true, and front ends treat it as "nothing to report"."""


class CaseNotFound(LornError, LookupError):
    """No case with this id is in the library."""

    def __init__(self, case_id: str):
        super().__init__(f"no such case in the library: {case_id}")
        self.case_id = case_id


class NoTranscript(LornError):
    """The case has no transcript for what was asked (timed export, alignment)."""


class AudioError(LornError):
    """The audio is missing, unreadable, or does not fit the case."""


class ExportError(LornError):
    """An export cannot be written as asked (unknown format, PDF without an output file)."""
