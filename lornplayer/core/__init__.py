"""The application core (no Qt): one :class:`AppCore` every front end goes through, and a
:class:`CaseSession` for the open case.  See :mod:`lornplayer.core.app`."""

from lornplayer.core.app import (
    LEAD_IN_SETTING,
    LEAD_OUT_SETTING,
    AppCore,
    TimedHit,
    TimedResult,
    case_duration,
    primary_audio,
)
from lornplayer.core.session import CaseSession

__all__ = [
    "LEAD_IN_SETTING",
    "LEAD_OUT_SETTING",
    "AppCore",
    "CaseSession",
    "TimedHit",
    "TimedResult",
    "case_duration",
    "primary_audio",
]
