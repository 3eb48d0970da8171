"""Each layout a user's reports come in, detected automatically: summary reports, numbered
paragraphs (MAG summaries of earlier years), real-time captioning transcripts, minutes."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.pipeline import extract_file, extract_text
from ingest.turns import detect_layout

LAYOUTS = Path(__file__).resolve().parent / "data" / "layouts"


def said(x):
    names = {p.key: p.name for p in x.participants + x.unlisted}
    return [(names.get(s.speaker), s.text) for s in x.statements]


@pytest.mark.parametrize("name, layout", [
    ("numbered_mag.txt", "numbered"), ("transcript_open_consultation.txt", "transcript"),
    ("minutes_w3c_style.txt", "minutes"),
])
def test_layouts_are_detected(name, layout):
    assert detect_layout((LAYOUTS / name).read_text(encoding="utf-8")) == layout


def test_layouts_summary_seed_is_detected_as_summary(seed_path):
    assert detect_layout(seed_path.read_text(encoding="utf-8")) == "summary"


def test_layouts_numbered_paragraphs_with_grouped_participants():
    x = extract_file(LAYOUTS / "numbered_mag.txt")
    m = x.meeting
    assert (m.number, m.date.isoformat(), m.start_time, m.next_date.isoformat()) == (7, "2023-10-03", "13:00", "2023-10-17")
    assert x.person(m.moderator).name == "Hanne Berg"
    roles = {p.name: [r.label for r in p.roles] for p in x.participants}
    # a heading naming a body sets the affiliation, one naming an office the role, one naming a class of members neither
    assert roles == {"Hanne Berg": ["Chair", "MAG Chair"], "Chidinma Okafor": [], "Tomas Lindqvist": [], "Jorge Ruiz": [],
                     "Aled Rees": ["Host country"], "Mei Tanaka": []}
    assert {p.name: p.affiliation for p in x.participants}["Jorge Ruiz"] == "IGF Secretariat"
    assert said(x) == [
        ("Hanne Berg", "The Chair welcomed members and recalled that the meeting would focus on the preparations for the annual meeting."),
        ("Hanne Berg", "Ms. Berg invited the Secretariat to give an update."),
        ("Jorge Ruiz", "Mr. Ruiz gave an update on registration for the annual meeting, noting that more than 5,000 participants had registered."),
        ("Jorge Ruiz", "He added that the Youth IGFs had submitted 40 session proposals."),
        ("Aled Rees", "Mr. Aled Rees, on behalf of the host country, confirmed that the venue would be ready two weeks before the meeting."),
        ("Aled Rees", "He stressed that visa support letters were being processed."),
        ("Chidinma Okafor", "Ms. Okafor asked whether remote hubs would receive technical support."),
        ("Jorge Ruiz", "Mr. Ruiz replied that the Secretariat would publish guidance on remote hubs."),
        (None, "There were several questions about the Global Digital Compact."),
        (None, "The next meeting of the MAG will take place on 17 October 2023 at 13:00 UTC."),
    ]


def test_layouts_transcript_turns_are_direct_speech_and_the_chair_is_resolved():
    x = extract_file(LAYOUTS / "transcript_open_consultation.txt")
    assert x.person(x.meeting.moderator).name == "Anna Mitchell"
    got = said(x)
    assert got[0] == ("Anna Mitchell", "Good morning, everyone.")
    assert ("Anna Mitchell", "Thank you, Pedro.") in got  # ">> CHAIR:" alone
    assert ("Lindiwe Dube", "I want to stress the importance of the NRIs in the programme.") in got
    assert all(s.verb is None for s in x.statements)
    # with no list, the people are those the record introduces and those who speak, each with where it was found
    assert {p.name: (p.found_in, p.listed) for p in x.participants} == {
        "Anna Mitchell": ("prose", False), "Pedro Alves": ("turn", False), "Lindiwe Dube": ("turn", False)}


def test_layouts_minutes_turns_lists_and_action_lines():
    x = extract_file(LAYOUTS / "minutes_w3c_style.txt")
    assert [p.name for p in x.participants] == ["Ana Pires", "Bo Lindqvist", "Chen Wei", "Dara Okoye"]
    assert [p.name for p in x.apologies] == ["Eva Moreau"]
    assert x.person(x.meeting.moderator).name == "Ana Pires"
    assert (x.meeting.next_date.isoformat(), x.meeting.next_time) == ("2025-06-19", "15:00")
    got = said(x)
    assert ("Bo Lindqvist", "The Zero Draft does not mention the IGF mandate clearly.") in got
    assert ("Dara Okoye", "The NRIs can help collect examples.") in got
    assert [(a.assignee, a.task, a.due and a.due.isoformat()) for a in x.actions] == [
        ("bo-lindqvist", "circulate a draft input by 12 June", "2025-06-12"),
        ("chen-wei", "send the calendar invitation", None)]
    assert [i.title for i in x.agenda] == ["WSIS+20 review", "Next call"]


def test_layouts_can_be_overridden(run_cli, tmp_path):
    r = run_cli("ingest", LAYOUTS / "minutes_w3c_style.txt", "--store", tmp_path / "s", "--layout", "summary")
    assert r.returncode == 0, r.stderr
    r = run_cli("ingest", LAYOUTS / "minutes_w3c_style.txt", "--store", tmp_path / "s", "--layout", "nope")
    assert r.returncode == 2 and "nope" in r.stderr


MAILED = """[Board] Minutes - 3 March

Board Secretariat board at example.org
Wed Mar 5 10:02:11 UTC 2025

Dear all,

Please find below the notes of the Board call.

Participants:
- Ana Lima (Chair)
- Rui Costa

Discussion

Ana Lima opened the call. Rui Costa presented the budget.
"""


def test_layouts_a_mailed_record_is_dated_by_the_meeting_its_subject_names():
    """An archived e-mail's own time stamp is when it was sent, often days later: a subject that
    names the meeting with a day and month ("Minutes - 3 March") dates it, the year from the post."""
    x = extract_text(MAILED)
    assert str(x.meeting.date) == "2025-03-03"
    assert MAILED[x.meeting.date_span.start:x.meeting.date_span.end] == "3 March"


BOARD_MINUTES = """177th Executive Board Meeting Minutes

18-20 May 2025, Lisbon

Author: Rui Costa
Publication date: 16 June 2025
Status: Final

Attendees:

  \u2022 Ana Lima (AL), Chair
  \u2022 Rui Costa (RC), Secretary
  \u2022 Eva Sousa (ES), Member

1. Welcome and Agenda

The Executive Board Chair, Ana Lima, welcomed everyone and opened the meeting at 12:40 UTC+1. She noted a late change to the agenda.
"""


@pytest.mark.parametrize("record, date, moderator", [
    (BOARD_MINUTES, "2025-05-18", "Ana Lima"),  # the meeting's days, not the publication date
    (BOARD_MINUTES.replace("The Executive Board Chair, Ana Lima,", "Ana Lima, Executive Board Chairwoman,")
     .replace("Ana Lima (AL), Chair", "Ana Lima (AL), Member").replace("Eva Sousa (ES), Member", "Eva Sousa (ES), Chair"),
     "2025-05-18", "Ana Lima"),  # who opened the meeting as its chair, over a list that says otherwise
    (BOARD_MINUTES.replace("18-20 May 2025, Lisbon", "Lisbon").replace("Publication date: 16 June 2025", "Date: 2025/05/19"),
     "2025-05-19", "Ana Lima"),  # a year-first date
])
def test_layouts_board_minutes_are_dated_by_the_meeting_and_chaired_by_who_opened_it(record, date, moderator):
    x = extract_text(record)
    assert str(x.meeting.date) == date
    assert x.meeting.moderator_text == moderator


ROLL_CALL = """Narrative minutes for the 2025-03-06 IESG Teleconference

1. Administrivia
1.1 Roll call

Ana Lima (Example Networks) / IETF Chair, General Area
Rui Costa (AMS) / IETF Secretariat
Eva Sousa (Example Labs) / Routing Area

1.2 Regrets

Tomas Berg (Example Labs) / Internet Area

1.3 Bash the agenda

Rui: Does anyone have anything new to add to today's agenda?

Ana: One thing, if there is time: the WSIS+20 statement.
"""


def test_layouts_a_numbered_roll_call_and_first_name_turns_in_a_short_opening():
    """The opening of a telechat's narrative minutes: a roll call under "1.1 Roll call" (not a
    bare "Roll call") and two turns by the first names of people it lists."""
    x = extract_text(ROLL_CALL)
    assert [(p.name, [r.label for r in p.roles], p.affiliation) for p in x.participants] == [
        ("Ana Lima", ["IETF Chair", "General Area"], "Example Networks"),
        ("Rui Costa", ["IETF Secretariat"], "AMS"),
        ("Eva Sousa", ["Routing Area"], "Example Labs")]
    assert [p.name for p in x.apologies] == ["Tomas Berg"]
    assert [(s.speaker, ROLL_CALL[s.span.start:s.span.start + 12]) for s in x.statements] == [
        ("rui-costa", "Does anyone "), ("ana-lima", "One thing, i")]


BOARD_PROSE = """Minutes of the Special Board Meeting 12 March 2025

A Special Meeting of the Board of Directors was held on 12 March 2025 at 14:00 UTC.

Chairman Ana Lima promptly called the meeting to order.

In addition to Chairman Ana Lima the following Directors participated in all or part of the meeting: Rui Costa (Vice-Chair), Eva Sousa, and Tomas Berg. Lena Moro sent apologies.

The following staff members were also present: Jo Park \u2013 General Counsel, Kai Wong \u2013 Director of Board Support.

Rui noted that the draft had been circulated a week earlier.
"""


@pytest.mark.parametrize("record", [
    BOARD_PROSE,
    BOARD_PROSE.replace("Chairman Ana Lima promptly called", "Ana Lima, Chair, promptly called"),
    BOARD_PROSE.replace("Chairman Ana Lima promptly called", "Ana Lima (as President) brought"),
])
def test_layouts_board_minutes_in_prose_name_who_took_part_and_who_chaired(record):
    """Board minutes say who took part in sentences ("The following Directors participated in all
    or part of the meeting: ...") and who chaired by calling the meeting to order."""
    x = extract_text(record)
    assert x.meeting.moderator_text == "Ana Lima"
    people = {p.name: ([r.label for r in p.roles], p.affiliation) for p in x.participants}
    assert {"Rui Costa", "Eva Sousa", "Tomas Berg", "Jo Park", "Kai Wong"} <= set(people)
    assert people["Rui Costa"] == (["Vice-Chair"], None) and people["Jo Park"] == (["General Counsel"], None)
    assert "Lena Moro" not in people and [p.name for p in x.apologies] == ["Lena Moro"]
    assert [s.speaker for s in x.statements if s.speaker][-1:] == ["rui-costa"]
    assert {s.speaker for s in x.statements if s.speaker} <= {"ana-lima", "rui-costa"}  # who called it to order, then Rui


TRUSTEES = """Minutes of Board Meeting No. 178

9\u201410 March 2025
Virtual via Zoom

Trustees Present:

  \u2022 Ana Lima
  \u2022 Rui Costa, Chair
  \u2022 President and CEO Eva Sousa (ex officio, non-voting)

Staff Members Present:

  \u2022 Jo Park, General Counsel, Example Society

Guests Present for Certain Portions of the Meeting:

  \u2022 Kai Wong, Example Registry President
Saturday, 9 March 2025

1. Welcome \u2013 Rui Costa

Mr. Costa called the Example Society Board of Trustees meeting to order on Saturday, 9 March 2025 at 14:00 UTC.
"""


def test_layouts_lists_headed_by_who_was_present_and_an_office_before_the_name():
    x = extract_text(TRUSTEES)
    people = {p.name: ([r.label for r in p.roles], p.affiliation) for p in x.participants}
    assert people == {"Ana Lima": ([], None), "Rui Costa": (["Chair"], None), "Eva Sousa": (["President and CEO"], None),
                      "Jo Park": (["General Counsel"], "Example Society"), "Kai Wong": (["Example Registry President"], None)}
    assert str(x.meeting.date) == "2025-03-09" and x.meeting.moderator_text in ("Rui Costa", "Mr. Costa")


def test_layouts_a_prose_line_under_a_list_is_not_an_entry():
    record = ("The following members of the Board were present:\nAna Lima\nRui Costa\nAlso present were:\n"
              "Eva Sousa (Secretary)\nAna Lima (as President) brought the meeting to order at 1:47 PM. She noted that the "
              "board needed to select a Chair and that two members had declared their willingness to serve.\n")
    x = extract_text("Board meeting, 3 March 2025\n\n" + record)
    people = {p.name: [r.label for r in p.roles] for p in x.participants}
    assert people == {"Ana Lima": [], "Rui Costa": [], "Eva Sousa": ["Secretary"]}


CALL_NOTES = """Example At-Large Monthly Call

Rui Costa: Welcome to the monthly call. On the call today we have Ana Lima, Eva Sousa and Tomas Berg. From staff, we have myself, Rui Costa, on call management. Over to you, Ana Lima.

Ana Lima: Thank you, Rui. Let us start with the policy updates.

Eva Sousa: I have one comment on the draft statement.
"""


@pytest.mark.parametrize("record, moderator", [
    (CALL_NOTES, "Ana Lima"),  # staff open the call and hand it over
    (CALL_NOTES.replace(" Over to you, Ana Lima.", "").replace("Let us start", "In which case, the chair wishes to start"),
     "Ana Lima"),  # the chair speaking of itself
    (CALL_NOTES.replace(" Over to you, Ana Lima.", ""), None),
])
def test_layouts_a_call_handed_over_by_its_staff_is_chaired_by_who_takes_it(record, moderator):
    assert extract_text(record).meeting.moderator_text == moderator


@pytest.mark.parametrize("title, number", [
    ("IGF 2020 First Open Consultations and Multistakeholder Advisory Group (MAG) Meeting 14 - 16 January 2020", 1),
    ("Third Meeting of the Working Group on Testing, 3 March 2025", 3),
    ("Working Group on Testing, 3 March 2025", None),
])
def test_layouts_an_ordinal_word_in_a_title_numbers_the_meeting(title, number):
    x = extract_text(title + "\n\n1. The meeting took place online. Ana Lima opened the meeting.\n")
    assert x.meeting.number == number


TRUSTEE_MINUTES = """Meeting of the Example Registry Board of Trustees - 17 March 2025

via teleconference



  \u2022 Ana Lima, Chair

  \u2022 Rui Costa, Vice Chair
  \u2022 Eva Sousa, Treasurer
  \u2022 Tomas Berg, President & CEO
  \u2022 Jo Park, Trustee

Example Registry Staff

  \u2022 Kai Wong, CFO
  \u2022 Lena Moro, General Counsel, Secretary

1. Welcome

The Chair called the meeting to order at 4:01 p.m. ET. The Chair called for comments on the agenda.

2. Financial Report

The CFO presented the financial reports. A question was asked about reserves and the CFO explained the policy. The Treasurer noted that the audit was on time. The President reiterated the plan.
"""


def test_layouts_board_minutes_offices_as_subjects_go_to_their_one_holder():
    """Minutes that name people once, in a roster without a heading, then speak of them by office:
    "The CFO presented", "... and the CFO explained", "The President reiterated"."""
    x = extract_text(TRUSTEE_MINUTES)
    people = {p.name: ([r.label for r in p.roles], p.affiliation) for p in x.participants}
    assert people["Ana Lima"] == (["Chair"], None) and people["Jo Park"] == (["Trustee"], None)
    assert people["Kai Wong"] == (["CFO"], "Example Registry Staff")
    assert x.meeting.moderator_text == "Ana Lima"
    said = [(s.speaker, TRUSTEE_MINUTES[s.span.start:s.span.end][:22]) for s in x.statements]
    assert said == [("ana-lima", "The Chair called the m"), ("ana-lima", "The Chair called for c"),
                    ("kai-wong", "The CFO presented the "), ("kai-wong", "A question was asked a"),
                    ("eva-sousa", "The Treasurer noted th"), ("tomas-berg", "The President reiterat")]


W3C_STYLE = """Example Community Group

14 January 2026

Attendees

Present
Ana, rui_c, Eva
Chair
Ana Lima
Scribe
Eva

Meeting minutes

Update on the process

Ana: One bit of feedback we received is that the documents are hard to find.
\u2026 and the reviewers have some good ideas.

(Some discussion about whether people know the options)

Eva: Can we hear the big themes? Here is my list:

* Reviews

* Maintenance

Ana: Some challenges around objections.
\u2026 it is also difficult to track how they are handled
"""


def test_layouts_w3c_minutes_a_first_name_in_present_is_the_chair_and_every_line_is_said():
    """"Ana" in the Present line and "Ana Lima" as Chair are one person; "\u2026" lines go on with the
    turn even after a blank line; a scribe's "(Some discussion ...)" and bullets under a turn are said."""
    x = extract_text(W3C_STYLE)
    assert sorted(p.name for p in x.participants) == ["Ana Lima", "Eva", "rui_c"]
    said = {W3C_STYLE[s.span.start:s.span.end].lstrip("\u2026* ").split()[0]: s.speaker for s in x.statements}
    assert said["One"] == said["Some"] == "ana-lima" and said["it"] == "ana-lima"
    assert said["Reviews"] == said["Maintenance"] == "eva"
    assert "(Some" in said and said["(Some"] is None


CALL_MINUTES = """Example Oversight Call Feb 16, 2025

Participants :

Ana Lima
Steve Stanton
Eva Sousa

Agenda :

Discussion of the Candidate Call
Discussion of Minutes

The meeting started with a general discussion of the status of the budget and related business. Steve
Stanton informed the Team that the committee was waiting on the formal approval of the budget before
beginning their process.

At this point Eva Sousa, who had been delayed, joined the call.

After a review of the discussion to that point, Sousa mentioned an earlier plan to move the archive
to a separate provider and asked if the Team wanted to revisit the

Ana Lima pointed out that this was not part of the agenda, and requested that it be moved to
the end of the call.

Ana Lima then brought up the Minutes for the Call of February 9.
"""


def test_layouts_call_minutes_wrapped_prose_after_the_agenda_is_the_discussion():
    """Prose wrapped at a fixed width right after an agenda list starts the discussion; a time
    phrase or a long lead-in before the subject; a paragraph cut off in the source ("revisit the")
    is not joined to the next, which opens with a name and a verb."""
    x = extract_text(CALL_MINUTES)
    said = [(s.speaker, CALL_MINUTES[s.span.start:s.span.end][:20]) for s in x.statements]
    assert said == [(None, "The meeting started "), ("steve-stanton", "Steve\nStanton inform"),
                    ("eva-sousa", "At this point Eva So"), ("eva-sousa", "After a review of th"),
                    ("ana-lima", "Ana Lima pointed out"), ("ana-lima", "Ana Lima then brough")]


ITU_RECORD = """Council 2025
Geneva, 10-20 June 2025
SUMMARY RECORD
OF THE
THIRD PLENARY MEETING
Wednesday, 11 June 2025, from 0940 to 1230 hours
Chairman: Dr A. Lima (Portugal)

1Statement by the Minister of Digital Affairs of Example Land

1.1Mr Rui Costa Neves, Minister of Digital Affairs of Example Land, made the statement reproduced at the following address:

2Report by the Chairman of the Working Group

2.1The former Vice-Chairman of the Working Group introduced the report.
"""


def test_layouts_a_summary_record_flattened_from_pdf():
    """A summary record copied from a PDF: "Chairman:" in its head, paragraph numbers glued to the
    text ("1.1Mr ..."), "made the statement"."""
    x = extract_text(ITU_RECORD)
    people = {p.name: ([r.label for r in p.roles], p.affiliation) for p in x.participants}
    assert people["A. Lima"] == (["Chairman"], "Portugal") and x.meeting.moderator_text in ("A. Lima", "Dr A. Lima")
    assert x.meeting.number == 3 and str(x.meeting.date) == "2025-06-11"
    (made,) = [s for s in x.statements if "made the statement" in s.text]
    assert made.speaker == "rui-costa-neves" and made.verb == "made the statement"
