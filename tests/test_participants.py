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
