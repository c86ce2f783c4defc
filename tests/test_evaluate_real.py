"""The real-speech evaluation's pieces: truth files matched to the page's turns, the AUC."""

from __future__ import annotations

import json

import numpy as np
import pytest

from lornplayer.model import Turn
from lornplayer.tools.evaluate_real import auc, load_truth


def test_truth_sentences_are_found_in_the_turns_by_their_text(tmp_path):
    turns = [Turn("A", "Hei  og velkommen. Vi snakker om byer."), Turn("B", "Takk.")]
    truth = {
        "duration": 30.0,
        "intro_jingle_end": 5.0,
        "turns": [
            {
                "start": 5.5,
                "sentences": [
                    {"text": "Hei og velkommen.", "start": 5.5},
                    {"text": "Vi snakker om byer.", "start": 8.0},
                ],
            },
            {"start": 12.0, "sentences": [{"text": "Takk.", "start": 12.0}]},
        ],
    }
    (tmp_path / "C1.truth.json").write_text(json.dumps(truth))
    (tmp_path / "C1.mp3").write_bytes(b"")
    t = load_truth(tmp_path / "C1.truth.json", turns)
    assert t.turn_starts == [5.5, 12.0] and t.audio.name == "C1.mp3" and t.intro_end == 5.0
    # offsets in the page's own text (two spaces after "Hei"); unknown starts are left out
    assert t.sentences == [(0, 0, 5.5), (0, 19, 8.0), (1, 0, 12.0)]
    assert turns[0].text[19:].startswith("Vi snakker")
    truth["turns"][0]["sentences"][1]["text"] = "Not in the page."
    (tmp_path / "C1.truth.json").write_text(json.dumps(truth))
    with pytest.raises(SystemExit, match="sentence not found"):
        load_truth(tmp_path / "C1.truth.json", turns)


def test_auc_ranks_good_above_bad():
    assert auc(np.array([0.9, 0.8, 0.2]), np.array([False, False, True])) == 1.0
    assert auc(np.array([0.1, 0.8, 0.9]), np.array([False, False, True])) == 0.0
    assert auc(np.array([0.5, 0.5]), np.array([False, True])) == 0.5
    assert auc(np.array([0.5]), np.array([False])) is None
