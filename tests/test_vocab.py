"""The curated vocabulary as a matcher: labels, misspellings, case rules, longest match."""
from __future__ import annotations

import pytest


def labels(vocab, text):
    found, docs = vocab.find_concepts(text)
    return [vocab.concepts[m.concept].pref_label for m in found], [vocab.concepts[m.concept].pref_label for m in docs]


NRIS = "National and Regional IGF Initiatives"


@pytest.mark.parametrize("text, expected, written", [
    # a national or regional initiative named by its place is not the global forum
    ("It was noted that the Kenya IGF request is in progress.", [NRIS], ["Kenya IGF"]),
    ("an invoice received from IGF Chad", [NRIS], ["IGF Chad"]),
    ("Mr. Haddad from the Lebanese IGF informed participants", [NRIS], ["Lebanese IGF"]),
    ("The Italian IGF coordinator noted the deadline", [NRIS], ["Italian IGF"]),
    ("the United Kingdom IGF and the Asia Pacific IGF", [NRIS, NRIS], ["United Kingdom IGF", "Asia Pacific IGF"]),
    ("14 national initiatives in the region", [NRIS], ["national initiatives"]),
    # the global forum stays the forum: no place, a city (where its annual meeting was), the UN
    ("The IGF met; the Global IGF and the Open IGF", ["Internet Governance Forum"] * 3, ["IGF"] * 3),
    ("the Kyoto IGF", ["Internet Governance Forum"], ["IGF"]),
    ("the UN IGF", ["United Nations", "Internet Governance Forum"], ["UN", "IGF"]),
    ("the IGF Secretariat", ["IGF Secretariat"], ["IGF Secretariat"]),
    ("the Youth IGF Nepal", ["Youth IGFs"], ["Youth IGF"]),
])
def test_vocab_an_initiative_named_by_its_place_is_an_nri(vocab, text, expected, written):
    found, _ = vocab.find_concepts(text, 100)
    assert [vocab.concepts[m.concept].pref_label for m in found] == expected
    assert [m.label for m in found] == written
    assert all(text[m.span.start - 100:m.span.end - 100] == m.label for m in found)  # offsets in the text


@pytest.mark.parametrize("text, expected", [
    ("the ISMB met", ["Informal Multistakeholder Sounding Board"]),
    ("volunteers from the WS-Strategy", ["MAG Working Group on IGF Strengthening and Strategy"]),
    ("the IGF MAG/Leadership Panel", ["Multistakeholder Advisory Group", "IGF Leadership Panel"]),
    ("the WSIS+20 HLE and WSIS", ["WSIS+20 High-Level Event", "World Summit on the Information Society"]),
    ("a blog on the UN-DESA website", ["UN DESA"]),
    ("the AI For Good Summit", ["AI for Good"]),
    ("the dc and the mag", []),  # acronyms match only as written
    ("DCs and the DC response", ["Dynamic Coalitions", "Dynamic Coalitions"]),
    # bodies, processes and offices of real meeting records
    ("the Internet Governance Forum Support Association", ["IGFSA"]),  # longest label: not the IGF
    ("the IGF Support Association and the IGF", ["IGFSA", "Internet Governance Forum"]),
    ("the Executive Committee of the IGFSA met; the IGFSA EC agreed", ["IGFSA Executive Committee", "IGFSA Executive Committee"]),
    ("IGFSA Secretariat: two staff", ["IGFSA Secretariat"]),
    ("the Youth@IGF programme, not a Youth IGF", ["Youth@IGF", "Youth IGFs"]),
    ("multistakeholderism, as the Youth Initiatives said", ["Multistakeholder model", "Youth IGFs"]),
    ("GNSO Council Teleconference Minutes", ["GNSO Council"]),
    ("a joint session with the ccNSO Council on DNS Abuse", ["ccNSO Council", "DNS abuse"]),
    ("the ALAC, the At-Large Community, the GAC, the SSAC and the RSSAC",
     ["ALAC", "At-Large", "GAC", "SSAC", "RSSAC"]),
    ("the ASO and the GNSO reported to the ICANN Board of Directors", ["ASO", "GNSO", "ICANN Board"]),
    ("AFRINIC, APNIC, ARIN, LACNIC and the RIPE NCC, the five RIRs of the NRO",
     ["AFRINIC", "APNIC", "ARIN", "LACNIC", "RIPE NCC", "Regional Internet Registries", "NRO"]),
    ("the Internet Society (ISOC)", ["ISOC", "ISOC"]),
    ("the IETF, the Internet Architecture Board, the IESG and the IRTF", ["IETF", "IAB", "IESG", "IRTF"]),
    ("the World Wide Web Consortium and its Technical Architecture Group", ["W3C", "W3C TAG"]),
    ("the W3C TAG", ["W3C TAG"]),
    ("the OECD and the Commission on Science and Technology for Development", ["OECD", "CSTD"]),
    ("the ITU Council Working Group on WSIS&SDG (CWG-WSIS)", ["CWG-WSIS", "CWG-WSIS"]),
    ("a meeting with the TechEnvoy office on the HLMB", ["ODET", "High-level Multistakeholder Body"]),
    ("the Office of the Secretary-General\u2019s Envoy on Technology", ["ODET"]),
    ("the African IGF, the Arab IGF, the APrIGF, EuroDIG and LACIGF",
     ["African IGF", "Arab IGF", "APrIGF", "EuroDIG", "LACIGF"]),
    ("the Asia Pacific Regional Internet Governance Forum", ["APrIGF"]),
    ("the National, Subregional, Regional and Youth IGF Initiatives and the NRIs Network",
     ["National and Regional IGF Initiatives", "National and Regional IGF Initiatives"]),
    ("the DC Coordination Group (DCCG)", ["Dynamic Coalition Coordination Group", "Dynamic Coalition Coordination Group"]),
    ("BPFs, PNs and the LP", ["Best Practice Forums", "Policy Networks", "IGF Leadership Panel"]),
    ("a tag, the aso, a ripe apple, the arin, the oecd", []),  # the new acronyms match only as written
])
def test_vocab_finds_concepts_by_any_label(vocab, text, expected):
    assert labels(vocab, text)[0] == expected


@pytest.mark.parametrize("text, expected", [
    ("Treasurer", ["Treasurer"]),
    ("Co-Secretary", ["Secretary"]),
    ("the Secretary-General", ["Secretary-General"]),  # not the Secretary
    ("DCCG co-facilitator", ["Co-facilitator"]),
    ("NRIs Focal Point", ["Focal Point"]),
    ("ALAC Liaison to the GNSO", ["Liaison"]),
    ("Meeting host", ["Host"]),
    ("host country", ["Host country representative"]),  # longest label: not the Host
    ("Convener", ["Convenor"]),
    ("staff member", ["Staff"]),
    ("IGF Secretariat staff", ["Secretariat staff"]),
    ("Vice-President, Policy Development", ["Vice President"]),
    ("IETF Executive Director", ["Executive Director"]),
    ("ICANN Board Director", ["Director"]),
    ("CEO", ["Chief Executive Officer"]),
    ("Programme Officer", ["Officer"]),
    ("Policy Manager", ["Manager"]),
    ("Nominating Committee Appointee", ["Appointee"]),
    ("Minute-taker", ["Minute taker"]),
    ("Note-taker", ["Scribe"]),
    ("Panelist", ["Panellist"]),
    ("Vice Chairperson", ["Vice-Chair"]),
    ("Vice-Chairman", ["Vice-Chair"]),
    ("Co-coordinator", ["Coordinator"]),
    ("hostile staffing of the directory and the presidency", []),  # whole words only
])
def test_vocab_finds_roles_by_any_label(vocab, text, expected):
    assert [vocab.roles[m.concept].pref_label for m in vocab.role_matcher.find(text)] == expected


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
                   "Elements Paper", "Summit of the Future", "ITU", "ICANN", "IGFSA", "IGFSA Executive Committee",
                   "ISOC", "NRO", "Regional Internet Registries", "GNSO", "GNSO Council", "ccNSO", "ALAC", "GAC",
                   "ICANN Board", "IETF", "IAB", "IESG", "IRTF", "W3C", "W3C TAG", "OECD", "CSTD", "CWG-WSIS",
                   "High-level Multistakeholder Body", "EuroDIG", "DNS abuse", "Dynamic Coalition Coordination Group"):
        assert needed in prefs


def test_vocab_broader_links_resolve(vocab):
    for c in vocab.concepts.values():
        for b in c.broader:
            assert b in vocab.concepts, (c.iri, b)


def test_vocab_speech_acts_know_common_reporting_verbs(vocab):
    for verb in ("noted", "stressed", "highlighted", "urged", "suggested", "asked", "shared", "felt", "gave an update"):
        assert verb in vocab.verb_forms
