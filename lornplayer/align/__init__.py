"""

The transcript is synthesised turn by turn with espeak-ng (so the synthetic turn
boundaries are known exactly), both signals become speaker-robust spectral-shape features
(normalised log-mel, faded out in silence and, in the real audio, where the spectrum holds
still like a jingle's tones and chords, plus loudness), and a dynamic
time warping path maps the synthetic time line onto the real one.  The DTW runs
coarse to fine (a full search on 0.4 s blocks, then narrow bands around the
projected path) so a 45-minute episode fits in memory and in seconds.  Real
audio that the transcript does not contain (jingles, ads, long pauses) is
crossed by a capped-cost "skip" step, so it does not drag the turns after it;
where the real audio pauses (a speaker stopping mid-sentence, which espeak-ng
never does) waiting costs less still, whatever the synthetic frame, so those
pauses are waited out in place instead of pushing text onto a nearby ad.
Each turn start is finally snapped to the nearest speech onset found by an
energy voice-activity detector (which does not count such tones as speech).  A sentence's
confidence is its path score times its margin over the best neighbouring offset (1–3 s away).

No Qt import at module level; decoding a file uses :mod:`lornplayer.decode`.
``align()`` is synchronous and thread-safe, meant for a QThreadPool worker.
"""

from lornplayer.align.common import (
    Alignment,
    AlignmentCancelled,
    AlignmentError,
    TTSUnavailable,
)
from lornplayer.align.core import align
from lornplayer.align.features import (
    FeatureExtractor,
    features,
    normalise,
    voice_activity,
)
from lornplayer.align.tts import (
    espeak_executable,
    guess_language,
    read_wav,
    synthesise,
    tts_available,
)

__all__ = [
    "Alignment",
    "AlignmentCancelled",
    "AlignmentError",
    "FeatureExtractor",
    "TTSUnavailable",
    "align",
    "espeak_executable",
    "features",
    "guess_language",
    "normalise",
    "read_wav",
    "synthesise",
    "tts_available",
    "voice_activity",
]
