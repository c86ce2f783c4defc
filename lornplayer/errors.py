"""Domain errors of lornplayer (no Qt).

Every front end (the CLI, the window) shows ``str(exc)`` of a :class:`LornError`
as the one clear message: it names the case or file and the problem.  The errors of
the core modules derive from these: ``parser.PageError`` and ``store.StoreError``
(LornError), ``audio.AudioProbeError`` (AudioError), ``align.AlignmentError`` (LornError).
"""

from __future__ import annotations


class LornError(Exception):
    """A problem the user can understand and act on; the message is complete."""


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
