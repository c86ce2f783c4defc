"""English words that LØRN users type find the Norwegian words the cases use."""

from lornplayer.bilingual import looks_english, norwegian_query


def test_known_english_words_become_norwegian():
    q, pairs = norwegian_query("innovation")
    assert q == "innovasjon" and pairs == [("innovation", "innovasjon")]
    q, _ = norwegian_query("Sustainability cities")
    assert q == "bærekraft byer"


def test_plurals_phrases_and_untouched_parts():
    q, pairs = norwegian_query("robots artificial intelligence tema:helse")
    assert q == 'roboter "kunstig intelligens" tema:helse'
    assert ("artificial intelligence", "kunstig intelligens") in pairs
    q, _ = norwegian_query('"smart city" innovations')
    assert q == '"smart city" innovasjon'


def test_nothing_to_translate_gives_none():
    assert norwegian_query("kommune") is None
    assert norwegian_query("") is None
    assert norwegian_query("Silvija Seres") is None


def test_looks_english():
    assert looks_english("sustainability")
    assert not looks_english("bærekraft")
