"""Who said what: speaker resolution rules on small realistic reports (fictional names)."""
from __future__ import annotations

import pytest

from ingest.pipeline import extract_text

HEAD = "Example Working Group\nOnline Meeting\n3 March 2025 at 10:00 UTC\n\nSummary Report\n\n" \
       "The 4th meeting of the Example Working Group was held on 3 March 2025. The meeting was moderated by Hanne Berg.\n\n"
PARTICIPANTS = "\n\nList of participants\n\n1. Hanne Berg, Chair\n2. Maria Kovacs, MAG member\n3. Maria Estrada, Independent Expert\n" \
               "4. Berg, Olav, Government of Norway\n5. Dr. Aled Rees, Internet Society\n"


def speakers(discussion: str) -> list[tuple[str | None, str | None, str]]:
    x = extract_text(HEAD + "Discussion\n\n" + discussion + PARTICIPANTS)
    return [(s.speaker, s.verb, s.resolution or "") for s in x.statements]


@pytest.mark.parametrize("sentence, speaker, verb", [
    ("Aled noted the GDC.", "aled-rees", "noted"),
    ("Dr. Rees stressed the point.", "aled-rees", "stressed"),
    ("Mr. Rees, on behalf of the host country, welcomed everyone.", "aled-rees", "welcomed"),
    ("Hanne Berg also highlighted the NRIs.", "hanne-berg", "highlighted"),
    ("The Chair thanked participants.", "hanne-berg", "thanked"),
    ("In response, Olav asked about the IMSB.", "olav-berg", "asked"),
    ("Olav gave a brief update on the WSIS+20 review.", "olav-berg", "gave a brief update"),
])
def test_statements_resolve_the_subject_to_a_participant(sentence, speaker, verb):
    assert speakers(sentence)[0][:2] == (speaker, verb)


def test_statements_pronoun_goes_to_the_last_speaker_across_paragraphs():
    got = speakers("Aled noted the GDC.\n\nHe also urged action. Such plans matter; however, he noted the cost.")
    assert [g[:2] for g in got] == [("aled-rees", "noted"), ("aled-rees", "urged"), ("aled-rees", "noted")]


def test_statements_continue_the_paragraph_speaker_without_a_verb():
    got = speakers("Olav noted the GDC. The IMSB matters too.\n\nThere were some questions about the plan.")
    assert got == [("olav-berg", "noted", "name (given)"), ("olav-berg", None, "continues the speaker's paragraph"),
                   (None, None, "impersonal: the report gives no speaker")]


def test_statements_speaker_switches_mid_paragraph():
    got = speakers("Olav noted the GDC. Aled stressed the NRIs. He asked a question.")
    assert [g[0] for g in got] == ["olav-berg", "aled-rees", "aled-rees"]


def test_statements_ambiguous_first_name_is_not_guessed_and_says_why():
    got = speakers("Maria noted the GDC. She also offered help.\n\nMs. Estrada agreed.")
    assert got[0][0] is None and "ambiguous" in got[0][2] and "Maria Kovacs" in got[0][2] and "Maria Estrada" in got[0][2]
    assert got[1][0] is None and "unresolved" in got[1][2]
    assert got[2][0] == "maria-estrada"


def test_statements_surname_shared_by_two_people_needs_the_honorific_form_to_be_unique():
    got = speakers("Ms. Berg noted the GDC.")
    assert got[0][0] is None and "ambiguous" in got[0][2]


def test_statements_speaker_not_in_the_list_is_recorded_not_invented():
    got = speakers("Zanele noted the GDC.")
    assert got[0][0] == "zanele" and got[0][2] == "name (full)"


def test_statements_keep_exact_offsets_and_rejoin_broken_sentences():
    x = extract_text(HEAD + "Discussion\n\nOlav highlighted the\n\nsession on enhanced cooperation. Aled agreed." + PARTICIPANTS)
    first = x.statements[0]
    assert first.text == "Olav highlighted the session on enhanced cooperation."
    assert x.report.text[first.span.start:first.span.end] == "Olav highlighted the\n\nsession on enhanced cooperation."
    assert [x.report.text[s.span.start:s.span.end] for s in x.statements][1] == "Aled agreed."


def test_statements_people_mentioned_are_not_the_speaker():
    x = extract_text(HEAD + "Discussion\n\nOlav asked members to contact Aled or Dr. Rees." + PARTICIPANTS)
    assert x.statements[0].people == ("aled-rees",)


@pytest.mark.parametrize("sentence, on_behalf", [
    ("The Secretariat noted the deadline.", "https://w3id.org/igfkg/concept/igf-secretariat"),
    ("The host country representative confirmed the venue.", "https://w3id.org/igfkg/role/host-country-representative"),
])
def test_statements_role_only_speakers_are_the_body_or_role_not_a_guessed_person(sentence, on_behalf):
    x = extract_text(HEAD + "Discussion\n\n" + sentence + PARTICIPANTS)
    s = x.statements[0]
    assert s.speaker is None and s.on_behalf == on_behalf and s.verb in ("noted", "confirmed")


def test_statements_lettered_sub_headings_are_not_rejoined_into_sentences():
    x = extract_text(HEAD + "Discussion\n\n1. AI governance: next steps\n\nOlav explained the link. He stressed it.\n\n"
                     "a. African IGF\n\nb. IGF 2025\n\nc. IGF Secretariat\n\n2. Any other business" + PARTICIPANTS)
    assert [s.text for s in x.statements] == ["Olav explained the link.", "He stressed it."]
