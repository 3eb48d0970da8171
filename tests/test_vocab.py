"""The curated vocabulary as a matcher: labels, misspellings, case rules, longest match."""
from __future__ import annotations

import pytest


def labels(vocab, text):
    found, docs = vocab.find_concepts(text)
    return [vocab.concepts[m.concept].pref_label for m in found], [vocab.concepts[m.concept].pref_label for m in docs]


@pytest.mark.parametrize("text, expected", [
    ("the ISMB met", ["Informal Multistakeholder Sounding Board"]),
    ("volunteers from the WS-Strategy", ["MAG Working Group on IGF Strengthening and Strategy"]),
    ("the IGF MAG/Leadership Panel", ["Multistakeholder Advisory Group", "IGF Leadership Panel"]),
    ("the WSIS+20 HLE and WSIS", ["WSIS+20 High-Level Event", "World Summit on the Information Society"]),
    ("a blog on the UN-DESA website", ["UN DESA"]),
    ("the AI For Good Summit", ["AI for Good"]),
    ("the dc and the mag", []),  # acronyms match only as written
    ("DCs and the DC response", ["Dynamic Coalitions", "Dynamic Coalitions"]),
])
def test_vocab_finds_concepts_by_any_label(vocab, text, expected):
    assert labels(vocab, text)[0] == expected


def test_vocab_documents_are_kept_apart_from_topics(vocab):
    topics, docs = labels(vocab, "a response to the Elements Paper on the GDC")
    assert topics == ["Global Digital Compact"] and docs == ["Elements Paper"]


def test_vocab_has_the_processes_the_field_needs(vocab):
    prefs = {c.pref_label for c in vocab.concepts.values()}
    for needed in ("Internet Governance Forum", "Multistakeholder Advisory Group", "IGF Leadership Panel", "IGF Secretariat",
                   "National and Regional IGF Initiatives", "Youth IGFs", "Dynamic Coalitions", "Best Practice Forums",
                   "Policy Networks", "World Summit on the Information Society", "WSIS+20 review",
                   "WSIS+20 High-Level Event", "WSIS Forum", "WSIS Action Lines", "Global Digital Compact",
                   "Co-facilitators", "UN DESA", "ODET", "AI for Good", "Enhanced cooperation", "AI governance",
                   "Elements Paper", "Summit of the Future", "ITU", "ICANN"):
        assert needed in prefs


def test_vocab_broader_links_resolve(vocab):
    for c in vocab.concepts.values():
        for b in c.broader:
            assert b in vocab.concepts, (c.iri, b)


def test_vocab_speech_acts_know_common_reporting_verbs(vocab):
    for verb in ("noted", "stressed", "highlighted", "urged", "suggested", "asked", "shared", "felt", "gave an update"):
        assert verb in vocab.verb_forms
