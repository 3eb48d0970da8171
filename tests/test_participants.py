"""Participant lists written in the ways reports write them."""
from __future__ import annotations

import pytest

from ingest.pipeline import extract_text

HEAD = "Example Group\nOnline Meeting\n3 March 2025\n\nDiscussion\n\nThe meeting was short.\n\n"


def people(listing: str):
    return extract_text(HEAD + listing)


@pytest.mark.parametrize("entry, name, roles, affiliation, honorific", [
    ("1. Horejsova, Tereza, IGF MAG Member", "Tereza Horejsova", ["IGF MAG Member"], None, ""),
    ("2. Ms. Ana Pires, Group's Co-Chair, former IGF MAG member, Government of Portugal", "Ana Pires",
     ["Group's Co-Chair", "former IGF MAG member"], "Government of Portugal", "Ms."),
    ("3. Dr. Haddad, Karim, Independent Expert", "Karim Haddad", ["Independent Expert"], None, "Dr."),
    ("4. Jon Ebbe (Chair)", "Jon Ebbe", ["Chair"], None, ""),
    ("5. Lena Moro, Wikimedia", "Lena Moro", [], "Wikimedia", ""),
    ("- Tan, Wei Ling, MAG member", "Wei Ling Tan", ["MAG member"], None, ""),
    # board minutes give initials and notes of attendance beside the name: neither is an affiliation
    ("- Ana Lima (AL), Chair", "Ana Lima", ["Chair"], None, ""),
    ("- Rui van Dam (RvD), Treasurer (topics 1-4, 6-7.2, attending remotely on day 2)", "Rui van Dam", ["Treasurer"], None, ""),
    ("- Eva Sousa-Neto (ESN), Chief Financial Officer, RIPE NCC, attending remotely", "Eva Sousa-Neto",
     ["Chief Financial Officer"], "RIPE NCC", ""),
    ("- Dina Cole (DC), Executive Assistant, Example Registry (topic 5)", "Dina Cole", ["Executive Assistant"], "Example Registry", ""),
    ("- Nora Klein (NCUC)", "Nora Klein", [], "NCUC", ""),  # a body's short name, not her initials
    ("- Ulla Nord (EU)", "Ulla Nord", [], "EU", ""),
    ("- Aki Sato (online)", "Aki Sato", [], None, ""),
    # a roll call: "Name (Employer) / Seat", a short name in parentheses between the names
    ("Lena Moro (Example Networks) / IETF Chair, General Area", "Lena Moro", ["IETF Chair", "General Area"], "Example Networks", ""),
    ("Mohammad (Mo) Rahman (Example Labs) / Transport Area", "Mohammad Rahman", ["Transport Area"], "Example Labs", ""),
    ("Jo Park / IETF Executive Director", "Jo Park", ["IETF Executive Director"], None, ""),
])
def test_participants_entry_forms(entry, name, roles, affiliation, honorific):
    x = people("List of participants\n\n" + entry + "\n")
    (p,) = x.participants
    assert (p.name, [r.label for r in p.roles], p.affiliation, p.honorific) == (name, roles, affiliation, honorific)


def test_participants_roles_are_normalised_and_former_is_a_past_role(vocab):
    x = people("Participants\n\n1. Ana Pires, former IGF MAG Chair\n2. Bo Lind, Group's Co-Chair\n")
    a, b = x.participants
    assert a.roles[0].role.endswith("/chair") and a.roles[0].former is True
    assert a.roles[0].organization.endswith("/multistakeholder-advisory-group")
    assert b.roles[0].role.endswith("/co-chair") and b.roles[0].former is False and b.roles[0].organization == "series"


def test_participants_apologies_are_not_attendees():
    x = people("Participants\n\n1. Ana Pires, MAG member\n\nApologies: Bo Lind; Cy Moss\n")
    assert [p.name for p in x.participants] == ["Ana Pires"]
    assert [p.name for p in x.apologies] == ["Bo Lind", "Cy Moss"]


def test_participants_listed_twice_are_one_person_with_both_roles():
    x = people("Participants\n\n1. Ana Pires, MAG member\n2. Ana Pires, Rapporteur\n")
    (p,) = x.participants
    assert [r.label for r in p.roles] == ["MAG member", "Rapporteur"]


def test_participants_spans_point_at_the_names_as_written():
    x = people("List of participants\n\n1. Horejsova, Tereza, IGF MAG Member\n")
    p = x.participants[0]
    assert x.report.text[p.span.start:p.span.end] == "Horejsova, Tereza"
    assert x.report.text[p.roles[0].span.start:p.roles[0].span.end] == "IGF MAG Member"


HONOURED = """Summary of the consultation on the review process, 12 March 2025

Participants:
- Ana Lima (Chair)
- Jan-Willem van der Berg

Discussion

The Chair opened the meeting. Mr. Rui Costa, Executive Director of the Regional Registry, and Ambassador Sofia Marchetti, Permanent Representative of Italy, presented the draft. Mr. van der Berg asked about the timeline. Ambassador Marchetti said the text would be shared next week.
"""


def test_participants_a_full_name_after_an_honorific_in_prose_is_a_participant():
    """"Mr. Rui Costa, Executive Director of ...": a person the record introduces with an honorific
    and a full name took part, listed or not, and what they say is theirs; a participant's own
    honorific form ("Mr. van der Berg") adds nobody."""
    x = extract_text(HONOURED)
    people = {p.name: p for p in x.participants}
    assert set(people) == {"Ana Lima", "Jan-Willem van der Berg", "Rui Costa", "Sofia Marchetti"}
    assert not people["Rui Costa"].listed and people["Rui Costa"].found_in == "prose"
    assert HONOURED[people["Sofia Marchetti"].span.start:people["Sofia Marchetti"].span.end].startswith("Ambassador")
    speakers = {s.text.split()[0:2][-1]: s.speaker for s in x.statements if s.speaker}
    assert speakers["Marchetti"] == people["Sofia Marchetti"].key


VOTE = """[council] Council resolutions 4 March 2025

Council Secretariat council at example.org
Thu Mar 6 10:02:11 UTC 2025

Dear Councillors,

Ahead of the complete minutes, please find the resolutions passed at the Council teleconference on 4 March 2025.

Motion 1 carried.
9 votes in favour: Ana Lima, Rui Costa, Sofia Marchetti (one vote each).

Tomas Berg, Ines Duarte (two votes each)

Two votes against:
Kofi Mensah, Lena Vogel.

Dropped off the call:
Hana Sato, Omar Haddad

Absent councillors:
Priya Nair, Jonas Weber.

Kind regards,
"""


def test_participants_a_council_vote_names_who_took_part_and_who_was_absent():
    """A council's vote, as its secretariat mails it: those who voted for or against, with or
    without a head over their line, and those who dropped off the call took part; the absent
    councillors sent no vote. What a vote adds to a name ("(one vote each)") is not part of it."""
    x = extract_text(VOTE)
    took_part = {p.name for p in x.participants}
    assert {"Ana Lima", "Rui Costa", "Sofia Marchetti", "Tomas Berg", "Ines Duarte", "Kofi Mensah", "Lena Vogel",
            "Hana Sato", "Omar Haddad"} <= took_part
    assert not took_part & {"Priya Nair", "Jonas Weber"}
    assert {p.name for p in x.apologies} == {"Priya Nair", "Jonas Weber"}
    assert all("vote" not in (p.affiliation or "") for p in x.participants)



def test_participants_a_paragraph_of_names_ends_where_its_prose_begins():
    """The names under "... participated remotely:" run to the first sentence that names nobody:
    the last person of a list that ends in a sentence of prose is not lost in it."""
    x = extract_text("""Executive Committee, 4 March 2025

1. The Committee held its fifth meeting on 4 March 2025. The following individuals participated remotely:

Ana Lima, Rui Costa and Sofia Marchetti; Tomas Berg and Ines Duarte. In the absence of the Chair, who had an impediment, the meeting was chaired by the Secretary.

2. The Committee approved the minutes of its previous meeting.
""")
    assert {"Ana Lima", "Rui Costa", "Sofia Marchetti", "Tomas Berg", "Ines Duarte"} <= {p.name for p in x.participants}


PROSE_INTRODUCTIONS = """Working Group on Testing
Fifth meeting - Geneva, 12 March 2024

Chairman's summary

1. The meeting was held in Geneva on 12 March 2024. It was chaired by Mr. Tomas Lindqvist (Sweden). The Bureau was represented by Ms. Amara Diallo (Senegal) and Mr. Luis
Ferreira Pinto (Brazil).

2. WGIG Chairman Karl Sundberg reminded participants of the mandate. Mr. Rafael Okoro, co-facilitator of the correspondence group, presented its work. Ms. Ines Berg, a MAG member from Norway, noted the progress. Ms. Dana Kell from the Korea IGF supported the plan. Mr. Victor Ruiz, Chief Information Officer, Office of the President of Chile, briefed the group. The UNCTAD representative (Ms. Mei Tanaka) presented the report.

Organization: Internet Society
Speaker: Mr. Tomas Ortega, Senior Policy Adviser
Contribution made:
 - Welcomed the consultation.

Attendance
Organizations: Ms. Chiara Bellini (UNESCO)
"""


@pytest.mark.parametrize("name, roles, affiliation", [
    ("Tomas Lindqvist", [], "Sweden"),  # "(Sweden)" after a name in prose
    ("Amara Diallo", [], "Senegal"),  # "represented by" a list of people
    ("Luis Ferreira Pinto", [], "Brazil"),  # a name wrapped over two lines
    ("Karl Sundberg", ["WGIG Chairman"], None),  # an office written before the name
    ("Rafael Okoro", ["co-facilitator of the correspondence group"], None),  # an office between commas
    ("Ines Berg", ["MAG member"], "Norway"),  # "a MAG member from Norway"
    ("Dana Kell", [], "Korea IGF"),  # "from the Korea IGF", not the rest of the sentence
    ("Victor Ruiz", ["Chief Information Officer"], "Office of the President of Chile"),  # an office, then its body
    ("Mei Tanaka", [], "UNCTAD"),  # "The UNCTAD representative (Ms. X)"
    ("Tomas Ortega", ["Senior Policy Adviser"], "Internet Society"),  # a speaker line under an organisation
    ("Chiara Bellini", [], "UNESCO"),  # "Organizations:" heads a list
])
def test_participants_prose_introductions_give_roles_and_affiliations(name, roles, affiliation):
    x = extract_text(PROSE_INTRODUCTIONS)
    found = {p.name: p for p in x.participants}
    assert name in found, sorted(found)
    assert [r.label for r in found[name].roles] == roles and found[name].affiliation == affiliation


CAPTIONED = ("The following are the outputs of the real-time captioning taken during an IGF virtual call. It is posted as an aid, "
             "but should not be treated as an authoritative record.\n\n***\n\n")


def captioned(*turns: str):
    return extract_text(CAPTIONED + "\n\n".join(turns) + "\n")


def _person(x, name):
    (p,) = [p for p in x.participants if p.name == name]
    return [r.label for r in p.roles], p.affiliation


@pytest.mark.parametrize("turns, name, roles, affiliation", [
    # self-introductions, in the speaker's own turn
    ((">> NOOR HADDAD: Hello, this is Noor Haddad from the IGF Secretariat.  We will start shortly.",),
     "Noor Haddad", [], "IGF Secretariat"),
    ((">> NOOR HADDAD: Hi, it's Noor from the Secretariat.  Can you hear me?",), "Noor Haddad", [], "Secretariat"),
    ((">> ELIF DEMIR: Thank you, Chair.  Elif Demir, MAG member from the technical community, for the record.  I have a question.",),
     "Elif Demir", ["MAG member"], "technical community"),
    ((">> ELIF DEMIR: Thank you.  Elif Demir, host country co-chair, from the Ministry of Transport and Communications.  We are ready.",),
     "Elif Demir", ["host country co-chair"], "Ministry of Transport and Communications"),
    ((">> OSKAR LIND: Oskar Lind.", "I'm the chair of the dynamic coalition coordination group and I will be brief."),
     "Oskar Lind", ["chair of the dynamic coalition coordination group"], None),
    ((">> OSKAR LIND: My name is Oskar Lind, I coordinate the Sweden IGF.  Welcome.",), "Oskar Lind", [], "Sweden IGF"),
    # introductions of another, by the one who speaks
    ((">> NOOR HADDAD: I give the floor to our Chair, Marta Vidal Soler.", ">> MARTA VIDAL SOLER: Thank you, Noor."),
     "Marta Vidal Soler", ["Chair"], None),
    ((">> NOOR HADDAD: Let me hand it over to Marta, our Chair, to start the meeting.", ">> MARTA VIDAL SOLER: Thank you."),
     "Marta Vidal Soler", ["Chair"], None),
    ((">> NOOR HADDAD: On my right is Ms. Marta Vidal Soler, the Chair of the 2026 MAG, who will listen.", ">> MARTA VIDAL SOLER: Hello."),
     "Marta Vidal Soler", ["Chair of the 2026 MAG"], None),
    ((">> NOOR HADDAD: Next to me is Mr. Tomas Berg, who is the chair of the Leadership Panel.", ">> TOMAS BERG: Hello."),
     "Tomas Berg", ["chair of the Leadership Panel"], None),
    ((">> NOOR HADDAD: And then there is Deputy Director Ms. Ines Kovac.", ">> INES KOVAC: Hello, everyone."),
     "Ines Kovac", ["Deputy Director"], None),
    ((">> NOOR HADDAD: Next to him is Dr. Rui Mateus Costa from the ISOC Portugal Chapter.", ">> RUI MATEUS COSTA: Thanks."),
     "Rui Mateus Costa", [], "ISOC Portugal Chapter"),
    # an office in the turn label
    ((">>CHAIR VIDAL: Good morning.  Let us begin.",), "Vidal", ["Chair"], None),
])
def test_participants_turns_introduce_roles_and_affiliations(turns, name, roles, affiliation):
    assert _person(captioned(*turns), name) == (roles, affiliation)


@pytest.mark.parametrize("turns, name", [
    ((">> NOOR HADDAD: Later we have Paul Okafor, our outgoing chair for the 2025 meeting.",), "Paul Okafor"),
    ((">> NOOR HADDAD: From staff, we have myself, Noor Haddad, on call management, and Lea Marek.",), "Lea Marek"),
])
def test_participants_a_full_name_introduced_with_an_office_or_body_takes_part(turns, name):
    assert name in [p.name for p in captioned(*turns).participants]


@pytest.mark.parametrize("turns, name", [
    # mentioned, not introduced: no office, no body, or not the speaker's own name
    ((">> NOOR HADDAD: As Paul Okafor wrote last week, the form is ready.",), "Paul Okafor"),
    ((">> NOOR HADDAD: Thank you, Chair.  I sent it to Lea Marek yesterday.",), "Lea Marek"),
    ((">> NOOR HADDAD: I am happy to take questions.  I'm the last speaker, Lea Marek, so be quick.",), "Lea Marek"),
])
def test_participants_a_name_only_mentioned_in_a_turn_is_no_participant(turns, name):
    assert name not in [p.name for p in captioned(*turns).participants]


@pytest.mark.parametrize("turns, name", [
    ((">> NOOR HADDAD: Sigrid, you have the floor.", ">> SIGRID AUNE: Thank you, Chair.  I am happy to take questions."), "Sigrid Aune"),
    ((">> NOOR HADDAD: This is the fifth call.  Greetings from Geneva.",), "Noor Haddad"),
])
def test_participants_turns_without_an_introduction_give_no_role(turns, name):
    assert _person(captioned(*turns), name) == ([], None)


def test_participants_staff_roll_call_gives_affiliation_and_call_management():
    x = extract_text("Lorem Group Monthly Call - 4 March 2026\n\nNoor Haddad: Welcome to the call.  On the call today we have Paul "
                     "Okafor and Lea Marek.  From staff, we have myself, Noor Haddad, on call management.  Over to you, Paul.\n\n"
                     "Paul Okafor: Thank you, Noor.  Let us begin.\n\nLea Marek: Thanks.\n")
    assert _person(x, "Noor Haddad") == (["call management"], "staff")


def test_participants_the_disclaimer_of_a_captioned_session_gives_no_meeting_number():
    x = extract_text("IGF 2026 Day 2 - Workshop Room 3 - Open Data - RAW\n\nThe following are the outputs of the real-time captioning "
                     "taken during the Twenty-first Annual Meeting of the Internet Governance Forum (IGF).  It is posted as an aid.\n\n"
                     ">> NOOR HADDAD: Welcome, everyone.\n")
    assert x.meeting.number is None
@pytest.mark.parametrize("entry, roles, affiliation", [
    ("Ana Lima, Head, IGF Secretariat", ["Head"], "IGF Secretariat"),
    ("Ana Lima, IGF Secretariat", [], "IGF Secretariat"),
    ("Ana Lima, ICANN Staff", [], "ICANN Staff"),
    ("Ana Lima (AMS), IETF Secretariat", ["IETF Secretariat"], "AMS"),  # a body besides: the secretariat is her office
])
def test_participants_a_secretariat_beside_a_name_is_an_affiliation(entry, roles, affiliation):
    (p,) = people("List of participants\n\n" + entry + "\n").participants
    assert ([r.label for r in p.roles], p.affiliation) == (roles, affiliation)


ROSTER = """Open Forum #12 Example Session | IGF 2023

9 Oct 2023 10:00h - 11:00h UTC

Event report

  {bullet} Ana Lima, Head, IGF Secretariat
  {bullet} Rui Costa, Senior Adviser, Ministry of Communications, Government of Portugal

Session report

Rui Costa, Senior Adviser, Ministry of Communications, Government of Portugal

The ministry now publishes its spectrum plans a year ahead, for operators and the public alike.
"""


@pytest.mark.parametrize("bullet, found", [("\u2022", 2), ("-", 2), ("", 0)])
def test_participants_a_bulleted_roster_in_the_head_needs_no_heading(bullet, found):
    x = extract_text(ROSTER.format(bullet=bullet))
    listed = [p for p in x.participants if p.found_in == "list"]
    assert len(listed) == found
    if found:
        rui = next(p for p in listed if p.name == "Rui Costa")
        assert ([r.label for r in rui.roles], rui.affiliation) == (["Senior Adviser"], "Ministry of Communications, Government of Portugal")


@pytest.mark.parametrize("sentence, name, roles, affiliation", [
    ("Ana Lima from the Nordic Data Cooperative demonstrated a shared registry.", "Ana Lima", [], "Nordic Data Cooperative"),
    ("Ana Lima, chair of the Caribbean Internet Governance Forum, insisted on a common position.", "Ana Lima",
     ["chair of the Caribbean Internet Governance Forum"], None),
    ("UNDP's Ana Lima stressed the need for training.", "Ana Lima", [], "UNDP"),
    ("Youth representative Ana Lima from Malawi shared her journey to the forum.", "Ana Lima", [], "Malawi"),
    ("Ana Lima, a physician from Ghana, shared her view.", "Ana Lima", [], None),  # not an office, not a body
])
def test_participants_prose_beside_a_speaker_gives_role_and_affiliation(sentence, name, roles, affiliation):
    x = extract_text("Example Session\n24 Jun 2025 11:00h - 12:00h\nSummary\n" + sentence + "\n")
    p = next(p for p in x.participants if p.name == name)
    assert ([r.label for r in p.roles], p.affiliation) == (roles, affiliation)


def test_participants_each_of_a_joint_subject_with_its_own_body():
    x = extract_text("Example Session\n24 Jun 2025 11:00h - 12:00h\nSummary\n"
                     "Industry representatives Ana Lima from Microsoft and Rui Costa from Meta discussed open models.\n")
    assert {p.name: p.affiliation for p in x.participants} == {"Ana Lima": "Microsoft", "Rui Costa": "Meta"}
    assert [s.speaker for s in x.statements] == [None]


def test_participants_a_group_heading_alone_over_a_blank_line_gives_its_people_their_body():
    """Council minutes write "ICANN Staff" on a line of its own, then a blank line, then the staff."""
    x = people("Participants\n\nAna Lima - Registries\n\nICANN Staff\n\nRui Costa - Vice President, Policy\n"
               "Eva Sousa - Senior Director\n")
    found = {p.name: p.affiliation for p in x.participants}
    assert found == {"Ana Lima": "Registries", "Rui Costa": "ICANN Staff", "Eva Sousa": "ICANN Staff"}


def test_participants_a_clause_after_the_name_is_no_office():
    x = extract_text("Working Group, 3 March 2025\n\n1.1 The meeting was chaired by Mr. Rui Costa (Brazil), assisted by the "
                     "Vice-Chairmen, Ms. Ana Lima (Spain) and Mr. Tomas Berg (Kenya).\n\nAttendance\n\nChairman: Mr. Rui Costa (Brazil)\n")
    (rui,) = [p for p in x.participants if p.name == "Rui Costa"]
    assert [r.label for r in rui.roles] == ["Chairman"] and rui.affiliation == "Brazil"


@pytest.mark.parametrize("office, roles", [
    ("MAG Member and Coordinator of the planning process", ["MAG Member", "Coordinator of the planning process"]),
    ("President and CEO", ["President and CEO"]),  # one office: a side of one word
])
def test_participants_two_offices_joined_by_and_in_prose(office, roles):
    x = extract_text("Example Virtual Meeting, 3 March 2025\n\n1. The meeting was hosted by the IGF Secretariat. "
                     f"Ms. Ana Lima, {office}, opened the meeting.\n")
    (ana,) = [p for p in x.participants if p.name == "Ana Lima"]
    assert [r.label for r in ana.roles] == roles
