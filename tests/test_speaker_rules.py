"""Who said what in the layouts real records use, each rule on a short record written the way
those bodies write theirs (the names are invented): IRC minutes, session reports with a speaker
line over each paragraph, IAB-style minutes with numbered headings and no agenda, narrative notes
in the present tense, and action items in the forms minutes give them."""
from __future__ import annotations

import pytest

from ingest.pipeline import extract_text
from ingest.segment import speaker_line
from ingest.turns import is_command


def said(x) -> list[tuple[str | None, str]]:
    names = {p.key: p.name for p in x.participants}
    return [(names.get(s.speaker), s.text) for s in x.statements]


def speaker_of(x, start: str) -> str | None:
    hits = [who for who, text in said(x) if text.startswith(start)]
    assert len(hits) == 1, f"{start!r}: {said(x)}"
    return hits[0]


IRC = """W3C

- DRAFT -

Web Platform Liaison Teleconference

14 May 2025

Attendees

Present
Marta Kowal, Ilse van Dijk, Tomasz Nowak, rbenz
Regrets
Kofi Mensah
Chair
Marta Kowal
Scribe
Ilse van Dijk, tnowak

Contents


<trackbot> Date: 14 May 2025

<mkowal> The liaison note went out last week: https://example.org/note

<ivd> scribe: ivd

Liaison with the IGF

tnowak: My concern is that the note fixes a single figure for every forum.

<rbenz> He said that the figure would age badly, and I agree

<mkowal> q+

MK: We can give a range instead of one number.

[no objections]

tnowak: Exactly.
"""


@pytest.fixture(scope="module")
def irc():
    return extract_text(IRC, path="irc.txt")


def test_irc_lines_under_contents_are_the_discussion_and_nicks_name_their_people(irc):
    # "<mkowal>" is Marta Kowal (given initial + family), "tnowak:" a lower-case nick from the Scribe line
    assert speaker_of(irc, "The liaison note went out") == "Marta Kowal"
    assert speaker_of(irc, "My concern is that the note") == "Tomasz Nowak"
    assert speaker_of(irc, "Exactly.") == "Tomasz Nowak"
    assert speaker_of(irc, "We can give a range") == "Marta Kowal"  # initials


def test_irc_relayed_speech_is_the_last_other_speakers(irc):
    # a speaker is never "he" in their own turn: rbenz reports what the speaker before said
    assert speaker_of(irc, "He said that the figure would age badly") == "Tomasz Nowak"


def test_irc_bookkeeping_is_not_a_statement_but_scribe_events_are(irc):
    texts = [t for _, t in said(irc)]
    assert not any(t.startswith(("scribe:", "q+", "<trackbot>", "Date:")) for t in texts), texts
    assert "[no objections]" in texts
    assert irc.coverage >= 0.97  # the bookkeeping lines count as accounted for


def test_irc_unresolved_nick_is_a_participant_of_its_own(irc):
    names = {p.name for p in irc.participants}
    assert "rbenz" in names and {"Marta Kowal", "Ilse van Dijk", "Tomasz Nowak"} <= names


@pytest.mark.parametrize("line", ["scribe: ivd", "scribe+ Ana_Lima", "present+", "q+", "ack tnowak",
                                  "zakim, close the queue", "<trackbot> Closed action-33."])
def test_irc_bookkeeping_forms(line):
    assert is_command(line)


@pytest.mark.parametrize("line", ["Scribe notes were circulated.", "Present were the chairs of both groups.", "Quorum was met."])
def test_irc_bookkeeping_is_not_prose(line):
    assert not is_command(line)


SESSION = """Open Forum #12 Community data and local languages
24 Jun 2025 11:00h - 12:00h
Session report
Lina Haddad-Moreau, Senior Policy Lead, Coastal Digital Rights Hub
The moderator framed the session around one test: can a fisher file a permit in her own language? In her closing remarks, she asked the panel for concrete proposals to the NRIs.
Pekka Virtanen, Professor, University of Oulu
Virtanen traced the speech corpus project from a pilot to a national service. Volunteer recordings, he explained, were the only way to collect enough speech.
Audience
An online participant asked how communities can audit what models learn. Haddad-Moreau replied that nobody has yet tested it.
Speakers
  • Lina Haddad-Moreau, Senior Policy Lead, Coastal Digital Rights Hub
  • Pekka Virtanen, Professor, University of Oulu
"""


def test_session_report_speaker_line_names_the_paragraph_under_it():
    x = extract_text(SESSION, path="session.txt")
    assert speaker_of(x, "The moderator framed the session") == "Lina Haddad-Moreau"
    assert speaker_of(x, "In her closing remarks, she asked") == "Lina Haddad-Moreau"
    assert speaker_of(x, "Virtanen traced the speech corpus") == "Pekka Virtanen"
    assert speaker_of(x, "Volunteer recordings, he explained") == "Pekka Virtanen"
    # under a heading of its own the speaker line no longer holds
    assert speaker_of(x, "An online participant asked") is None
    assert speaker_of(x, "Haddad-Moreau replied") == "Lina Haddad-Moreau"


@pytest.mark.parametrize("line, following, expected", [
    ("Pekka Virtanen, Professor, University of Oulu", "Virtanen traced the speech corpus project from a pilot.", True),
    ("Lina Haddad, Jan Berg, Rui Costa", "The session examined how public infrastructure serves people.", False),
    ("Geneva, 17-19 November 2025", "The session examined how public infrastructure serves people.", False),
    ("Pekka Virtanen, Professor, opened the session and", "said that the corpus project had grown in five years.", False),
])
def test_speaker_line_is_a_name_with_role_over_prose(line, following, expected):
    assert speaker_line(line, following) is expected


IAB = """Internet Architecture Board Minutes, Wednesday, 8 October 2025
Business meeting, held by video conference

1. Opening and agenda

Rosa Lindgren opened the meeting at 14:03. No items were added to the agenda.

2. Program updates (Omar)

Omar Siddiqui reported on two programs:

  - The EIMPACT program will hold an interim meeting on 8 December.
  - The EDM program has a new draft ready for adoption.

Ayo asked what closing a program would involve. Omar explained that the list would be kept open.

3. Action item review

  * 2025-09-24: Rosa Lindgren to circulate the draft letter to the IAB list.
  * Ayo Bankole to draft a reply to the liaison statement by 20 October 2025.

Attendance
Present:
Rosa Lindgren, IAB Chair
Omar Siddiqui
Ayo Bankole
"""


def test_numbered_minutes_without_agenda_start_at_the_first_numbered_heading():
    x = extract_text(IAB, path="iab.txt")
    assert speaker_of(x, "Rosa Lindgren opened the meeting") == "Rosa Lindgren"
    assert speaker_of(x, "No items were added") is None
    # the items of a list a speaker introduces are the speaker's
    assert speaker_of(x, "The EIMPACT program will hold") == "Omar Siddiqui"
    assert speaker_of(x, "The EDM program has a new draft") == "Omar Siddiqui"
    # an action line names its owner, not a speaker
    assert speaker_of(x, "Ayo Bankole to draft a reply") is None
    owners = {(x.person(a.assignee).name, a.task.split()[0], a.due.isoformat() if a.due else None) for a in x.actions}
    assert ("Rosa Lindgren", "circulate", None) in owners
    assert ("Ayo Bankole", "draft", "2025-10-20") in owners
    assert [i.title for i in x.agenda][:2] == ["Opening and agenda", "Program updates (Omar)"]


NOTES = """1. Review of the Agenda

2. Draft objection procedure

Dario suggests that the flow charts be supported by documentation given their detail

Dario states that "introduction" be changed to "draft", Wen agrees and suggests another title. Dario recommends a shorter one.

Mr. Okonjo, co-facilitator of the correspondence group, presented the spreadsheet the group had gathered. Following him, Dr. Halvorsen (Norway) presented an analysis of the contributions. The group discussed the way forward.

Fiona asked Wen to prepare a one-page glossary before the next call. Wen agreed and will share it on the list (with Dario).
"""


def test_narrative_notes_in_the_present_tense_and_speakers_named_by_honorific_only():
    x = extract_text(NOTES, path="notes.txt")
    assert speaker_of(x, "Dario suggests that the flow charts") == "Dario"  # a line without its full stop
    assert speaker_of(x, 'Dario states that "introduction"') == "Dario"
    assert speaker_of(x, "Dario recommends a shorter one") == "Dario"
    assert speaker_of(x, "Mr. Okonjo, co-facilitator") == "Okonjo"
    assert speaker_of(x, "Following him, Dr. Halvorsen (Norway) presented") == "Halvorsen"
    assert speaker_of(x, "The group discussed the way forward") is None
    owners = {x.person(a.assignee).name for a in x.actions if "glossary" in a.task}
    assert owners == {"Wen"}  # the one asked owns the action


def test_a_sentence_broken_after_a_function_word_joins_the_next_block():
    x = extract_text("The group formed an ad-hoc group led by\n\nMr. Okonjo (Kenya), who presented its outline.\n",
                     path="broken.txt")
    assert [t for _, t in said(x)] == ["The group formed an ad-hoc group led by Mr. Okonjo (Kenya), who presented its outline."]


WG_SUMMARY = """Working Group on Testing
Fifth meeting - Geneva, 12 March 2024

Chairman's summary

1. The fifth meeting of the Working Group was held in Geneva on 12 March 2024. It was chaired by Ambassador Tomas Lindqvist (Sweden).

2. The chairman welcomed the delegates.

3. The Chair Ambassador Ruth Okafor opened the second session. Kenya and the Republic of Korea supported the draft agenda. The UNESCO representative (Ms. Mei Tanaka) presented the report. It was said that the report would be published.

4. Anna Lindgren (Association for Digital Rights), co-moderator, mentioned that the consultation was open.
"""


@pytest.mark.parametrize("start, speaker", [
    ("The Chair Ambassador Ruth Okafor opened", "Ruth Okafor"),  # the office, then the name (not the meeting's chair)
    ("The chairman welcomed", "Tomas Lindqvist"),  # "chairman" is the meeting's chair
    ("Kenya and the Republic of Korea supported", None),  # delegations, not the chairman's paragraph going on
    ("The UNESCO representative (Ms. Mei Tanaka) presented", "Mei Tanaka"),  # the person in brackets
    ("It was said that", None),  # a passive after a named speaker
    ("Anna Lindgren (Association for Digital Rights), co-moderator, mentioned", "Anna Lindgren"),  # two appositions
])
def test_speaker_rules_intergovernmental_summary_subjects(start, speaker):
    assert speaker_of(extract_text(WG_SUMMARY), start) == speaker
GLANCE = "Example Session\n24 Jun 2025 11:00h - 12:00h\nSummary\nAna Lima noted that the session had started late.\n\n{sentence}\n"


@pytest.mark.parametrize("sentence, speaker", [
    ("Norwegian Minister Karin Dahl outlined a national plan.", "Karin Dahl"),  # a descriptor before the name
    ("Nobel Prize laureate Karin Dahl delivered a powerful keynote on truth.", "Karin Dahl"),
    ("Youth representative Karin Dahl from Malawi shared her journey.", "Karin Dahl"),
    ("ITU Secretary-General Ms. Karin Dahl provided a narrative of the process.", "Karin Dahl"),
    ("Karin Dahl from Cognite demonstrated how startups can compete.", "Karin Dahl"),  # verbs of session reports
    ("Karin Dahl advocated for open models.", "Karin Dahl"),
    ("Karin Dahl insisted that small states can lead.", "Karin Dahl"),
    ("UNDP's Karin Dahl stressed the need for training.", "Karin Dahl"),  # a body's possessive, then the name
    ("**Standards:** Dr. Karin Dahl from IEEE highlighted the role of standards.", "Karin Dahl"),  # a bold lead-in
    ("Brazil's representative highlighted a peering agreement.", None),  # a body's representative is nobody named
    ("Industry representatives Karin Dahl from Microsoft and Jon Berg from Meta discussed open models.", None),  # joint
    ("Representatives from various sectors reinforced the need for open standards.", None),  # a collective
    ("Technical community representatives, government officials, and judiciary members all stressed openness.", None),
    ("The forum concluded with support for a permanent mandate.", None),  # the event itself
    ("The report by Professor Karin Dahl noted a gap.", None),  # a descriptor is a title, not "the report by"
])
def test_session_report_prose_subjects(sentence, speaker):
    x = extract_text(GLANCE.format(sentence=sentence))
    assert speaker_of(x, sentence[:30]) == speaker


@pytest.mark.parametrize("heading, speaker", [
    ("Rui Costa", "Rui Costa"),  # the name alone, after the 'Session report' label
    ("Rui K. Costa", "Rui K. Costa"),
    ("Artificial Intelligence", None),  # a topic, not a person
])
def test_session_report_a_name_alone_heads_that_speakers_part(heading, speaker):
    text = ("Example Session | IGF 2023\n\n9 Oct 2023 10:00h - 11:00h UTC\n\nSession report\n\n" + heading +
            "\n\nThe event showed that rural operators pay more for backhaul. Participants heard that one tower serves "
            "three villages.\n")
    x = extract_text(text)
    assert speaker_of(x, "The event showed") == speaker and speaker_of(x, "Participants heard") == speaker


@pytest.mark.parametrize("sentence, speaker", [
    # an office with its body, a comma, then the name and the verb with no comma after the name
    ("The coordinator of the IGF Best Practice Forum (BPF) on Cyber Security, Mr. Rui Costa joined the call to give an update.",
     "rui-costa"),
    # commas of a lead-in, then an impersonal clause: nobody, not the last speaker
    ("Under the last agenda item, Any other Business (AoB), it was suggested to add an update on the gathering.", None),
])
def test_speaker_rules_an_office_of_a_body_then_the_name_and_an_impersonal_after_a_lead_in(sentence, speaker):
    from ingest.pipeline import extract_text
    record = ("Example Virtual Meeting, 3 March 2025\n\n1. The meeting was hosted by Ms. Ana Lima from the IGF Secretariat "
              "and attended by Mr. Rui Costa.\n\n2. Ms. Ana Lima shared the agenda. " + sentence + "\n")
    x = extract_text(record)
    (last,) = [s for s in x.statements if s.text.startswith(sentence[:30])]
    assert last.speaker == speaker


@pytest.mark.parametrize("sentence, speaker", [
    ("The host, Ms Ana Lima (Example Forum (EF)) opened the session by presenting statistics.", "ana-lima"),
    ("The host, Ms Ana Lima, opened the session.", "ana-lima"),
])
def test_speaker_rules_the_host_then_the_name_and_its_body_in_brackets(sentence, speaker):
    from ingest.pipeline import extract_text
    x = extract_text("Open mic session\n\n25 Nov 2025 15:00h - 17:00h\n\nEvent report\n\n" + sentence + " She thanked everyone.\n")
    assert [s.speaker for s in x.statements][:2] == [speaker, speaker]
