"""Generate realistic, fictional IGF working-group "Summary Report" meetings for benchmarks.

The layout follows ``examples/wg-strategy-summary-report.txt``: title lines, "Summary Report",
a header sentence ("The Nth virtual meeting of the IGF ... was held on D Month YYYY at HH:MM
UTC. The meeting was moderated by NAME ..."), a numbered "Agenda" with lettered sub-items, a
"Discussion" with numbered headings and prose in which speakers are named by first name,
He/She, "Ms./Mr./Dr. Surname" or "The Chair", and a numbered "List of participants".

The people are invented: given and family names from the lists below are paired at random.
The bodies, processes and topics are the labels of ``ontology/vocabulary.ttl``. Output is
deterministic for a seed. Example::

    python benchmarks/corpus.py /tmp/corpus -n 100 --seed 0
"""
from __future__ import annotations

import argparse
import datetime as dt
import functools
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, SKOS

VOCABULARY = Path(__file__).resolve().parent.parent / "ontology" / "vocabulary.ttl"
IGF = Namespace("https://w3id.org/igfkg/ontology#")
MONTHS = "January February March April May June July August September October November December".split()

# Invented combinations of common given and family names (no real participant's name is used).
FEMALE = ("Amara Aiko Anneke Astrid Beatriz Chiara Dalia Elena Fatima Farida Gabriela Hana Ingrid Isabel Jelena "
          "Kavya Keiko Laila Leilani Lucía Maja Marisol Mei Nadia Naledi Nkechi Noor Olga Paula Priya Rania Renée "
          "Rosa Salma Sigrid Sofia Tamar Thandiwe Ulla Valentina Wanjiru Ximena Yasmin Yuki Zainab Zoë Camille "
          "Daniela Elif Folake Giulia Halima Irina Joana Katarzyna Lina Mariam Oksana Petra Selin Ayesha Bronwyn "
          "Dagny Esi Femke Greta Hélène Ilse Kirsi Lerato Malak Nasrin Oona Pilar Reem Sanna Tatiana Uma Vera Yara "
          "Zeynep").split()
MALE = ("Adebayo Ahmed Alejandro Andrei Arjun Bilal Bongani Carlos Cathal Chinedu Dawit Diego Dmitri Emeka Enrique "
        "Farid Felipe Gareth Goran Hamza Haruto Hiroshi Ibrahim Ivan Jakub Jonas Jorge José Kalani Kenji Kofi Kwame "
        "Lars Luca Mamadou Marco Mateo Mehmet Mikael Nikolai Nuno Omar Oskar Pablo Pedro Rafael Rashid Rohan Samir "
        "Santiago Sebastián Søren Tariq Tomasz Tunde Viktor Yusuf Zoran Anders Bruno Cyril Emil Fredrik Gustavo "
        "Idris Jamal Kamal Leon Malik Nabil Paulo Quentin Raúl Stefan Thabo Ulf Vikram Yannick Aleksander Bashir "
        "Darius Eitan Filip Henrik Ilyas Jean-Baptiste").split()
FAMILY = ("Abiodun Adeyemi Agarwal Ahn Alvarado Andersen Aziz Bakker Banerjee Barros Bauer Becker Bergström Bianchi "
          "Borges Brennan Castillo Chaudhry Chen Cisse Costa Dahl Danso Delgado Diallo Dimitrov Dlamini Duarte "
          "Eriksen Fagerlund Farouk Ferreira Fischer Fonseca Gallo García Gashi Grünewald Gupta Haddad Halvorsen "
          "Hansen Hayashi Herrera Hossain Ivanova Jansen Jovanović Kamau Karlsson Kato Kaya Kim Koffi Kovács "
          "Kowalski Lambert Larsen Lemaire Lindqvist Lopes Mahlangu Marino Medina Mendes Mensah Molina Moreau "
          "Mukherjee Mwangi Nakamura Nasser Ndlovu Nielsen Novak Nwosu Obi O'Connor Okafor Oliveira Omondi Osei "
          "Owusu Özdemir Pappas Pereira Petrenko Quispe Rahman Ramos Reyes Rossi Sahin Salazar Sandoval Santos "
          "Sato Schmidt Sharma Singh Sokolov Suzuki Svensson Tanaka Tembo Thorsen Torres Traoré Tran Uddin Usman "
          "Valdez Varga Vasquez Vogel Wagner Wanjiku Weber Wiśniewski Yamamoto Yilmaz Zhang Zhou Zulu Achterberg "
          "Bouchard Carvalho Dubois Eze Fofana Gonzaga Hakimi Iyer Jaramillo Kariuki Moyo Nair Ortega Pillay "
          "Qureshi Rinaldi Sepúlveda Takahashi Umarov Vidal Wójcik Yoon Zapata Ncube Oyelaran").split()
FAMILY_MULTI = ("da Silva", "van Dijk", "Le Roux", "Ben Salah", "de la Cruz", "Al-Mansouri", "dos Reis", "van der Meer")
COUNTRIES = ("Brazil", "Chile", "Ghana", "India", "Indonesia", "Japan", "Kenya", "Mexico", "Nigeria", "Norway",
             "Portugal", "Senegal", "Sweden", "Tunisia", "Uruguay", "Viet Nam")
ORGS = ("Northbridge University", "Open Spectrum Foundation", "Civic Data Institute", "Riverside Law School",
        "Coastal Connectivity Alliance", "Digital Commons Trust", "Kestrel Networks Ltd", "Meridian Policy Centre",
        "Highland Telecom Authority", "Lumen Research Institute", "Savanna Tech Hub", "Harbour Rights Association")
ROLES = ("IGF MAG member", "IGF MAG member", "IGF MAG member", "former IGF MAG member", "Independent Expert",
         "Independent Expert", "Independent Expert", "Observer", "former IGF MAG Chair")

# Speech: what follows "that" / what follows an object-taking reporting verb / follow-ups without a verb.
THAT_VERBS = ("noted", "stressed", "highlighted", "emphasised", "recalled", "felt", "pointed out", "explained",
              "observed", "added", "mentioned", "reiterated", "underlined", "cautioned", "suggested", "agreed",
              "believed", "argued", "clarified", "reported", "confirmed")
CLAUSES = ("{T} should remain a standing item on the agenda of the {G}",
           "the discussions on {T} had moved faster than expected",
           "stakeholders from developing countries were still underrepresented in the debate on {T}",
           "the {G} could usefully prepare a short input paper on {T}",
           "there was a clear link between {T} and {T2}",
           "the community should speak with one voice on {T}",
           "closer coordination with {T2} would avoid duplication of efforts",
           "the timeline for {T} was very tight",
           "several governments had asked for more information on {T}",
           "the group's earlier input on {T} had been well received",
           "the next steps on {T} were still unclear",
           "{T} had featured prominently at recent regional meetings",
           "local and regional experiences could enrich the debate on {T}",
           "the {D} says too little about {T}",
           "the {D} should be read together with the work on {T2}")
OBJECT_SENTENCES = ("{S} gave an update on {T}.", "{S} welcomed the progress made on {T}.",
                    "{S} shared some reflections on {T}.",
                    "{S} highlighted the importance of {T} for the work of the {G}.",
                    "{S} urged the {G} to engage more actively with {T}.",
                    "{S} suggested organising a webinar on {T} before the end of the month.",
                    "{S} asked whether the Secretariat could circulate a summary of the discussions on {T}.",
                    "{S} proposed to map the existing work on {T}.",
                    "{S} recalled the discussions on {T} at the previous meeting.",
                    "{S} expressed concern about the limited time available to discuss {T}.",
                    "{S} supported the idea of a joint session on {T} and {T2}.",
                    "{S} agreed with {P} on the need to prioritise {T}.",
                    "{S} cautioned against duplicating the work already done on {T}.",
                    "{S} thanked {P} for the update on {T}.",
                    "{S} encouraged members to send written comments on the {D}.")
FOLLOW_UPS = ("In {pos} view, {T} deserves more attention from the MAG.",
              "This would help the {G} reach stakeholders that do not usually attend the IGF.",
              "Such an approach could also strengthen the links with {T2}.",
              "The aim would be to build on the work already done rather than start from scratch.",
              "A short written input could be prepared in time for the following call.")
UNATTRIBUTED = ("There were some questions about how {T} would be reflected in the work of the {G}.",
                "Several participants asked for more clarity on {T}.",
                "It was agreed that the {G} would prepare a short note on {T}.",
                "Participants agreed to come back to {T} at a later meeting.")
ADVERBS = ("also ", "further ", "", "", "then ")
ITEM_TITLES = {"event": ("Key takeaways from {T}", "Preparations for {T}"),
               "topic": ("{T}: next steps", "Outreach on {T}", "Update on {T}"),
               "other": ("Update on {T}", "Input to {T}", "Engagement with {T}")}


@dataclass(frozen=True)
class Person:
    """An invented person: the pronoun, "Ms./Mr." and list entry follow from these fields."""

    given: str
    family: str
    female: bool
    title: str = ""  # "Dr." for some
    affiliation: str = ""

    @property
    def name(self) -> str:
        """Natural order, as igfkg names the person: "Ana da Silva"."""
        return f"{self.given} {self.family}"

    @property
    def honorific(self) -> str:
        """How the discussion addresses the person before the surname."""
        return self.title or ("Ms." if self.female else "Mr.")


@dataclass(frozen=True)
class Group:
    """A MAG working group from the vocabulary, whose meetings form one series."""

    label: str  # "MAG Working Group on IGF Strengthening and Strategy"
    short: str  # "WG-Strategy"


@functools.lru_cache(maxsize=1)
def _vocabulary() -> tuple[tuple[Group, ...], tuple[tuple[str, str], ...], tuple[str, ...]]:
    """(working groups, (topic phrase, kind) pairs, document names) from ontology/vocabulary.ttl."""
    g = Graph().parse(VOCABULARY, format="turtle")
    groups, topics, docs = [], [], []
    for c in sorted(g.subjects(RDF.type, SKOS.Concept)):
        pref = str(g.value(c, SKOS.prefLabel))
        kind = str(g.value(c, IGF.kind) or "topic")
        alts = sorted(str(o) for o in g.objects(c, SKOS.altLabel) if isinstance(o, Literal))
        if pref.startswith("MAG Working Group on "):
            groups.append(Group(pref, next(a for a in alts if a.startswith("WG-"))))
            continue
        folded = {label.casefold() for label in [pref, *alts]}
        seen: set[str] = set()
        for label in [pref, *alts]:
            # skip 2-letter acronyms, curly quotes, case variants and singulars of plural labels ("NRI")
            if (len(label) <= 2 or "\u2019" in label or label.casefold() in seen
                    or f"{label}s".casefold() in folded):
                continue
            seen.add(label.casefold())
            if kind == "document":
                docs.append(label)
            else:
                topics.append((_phrase(label, kind), kind))
    return tuple(groups), tuple(dict.fromkeys(topics)), tuple(dict.fromkeys(docs))


def _phrase(label: str, kind: str) -> str:
    """A label as it reads mid-sentence: "human rights", "the Global Digital Compact", "ICANN"."""
    if kind == "topic":
        if label.startswith(("mandate", "fragmentation")) or label.split()[-1][:1].isupper():
            return "the " + label  # "the mandate of the IGF", "the WSIS Action Lines"
        if not any(ch.isupper() for ch in label[1:]):
            return label[0].lower() + label[1:]  # "human rights"
        return label  # "AI governance", "IGF's mandate"
    if label in ("ICANN", "UNESCO", "OHCHR", "ODET", "UNDESA", "DESA", "UN DESA", "UN-DESA", "WSIS", "EuroDIG",
                 "APrIGF", "LACIGF"):
        return label
    return "the " + label


def _cap(s: str) -> str:
    """``s`` with its first character in upper case."""
    return s[:1].upper() + s[1:]


def _ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 11th, 22nd, 100th."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _date(d: dt.date, year: bool = True) -> str:
    """"8 February 2023", or "8 February" without the year."""
    return f"{d.day} {MONTHS[d.month - 1]}" + (f" {d.year}" if year else "")


def _population(rng: random.Random, size: int) -> list[Person]:
    """People with unique first and last name tokens, so that "Ana" or "Ms. Costa" names one person."""
    female, male, family = list(FEMALE), list(MALE), list(FAMILY) + list(FAMILY_MULTI)
    rng.shuffle(female), rng.shuffle(male), rng.shuffle(family)
    people, used_last = [], set()
    for i in range(min(size, len(female) + len(male), len(family))):
        is_f = (i % 2 == 0 and bool(female)) or not male
        given = (female if is_f else male).pop()
        fam = next(f for f in family if f.split()[-1] not in used_last and f.split()[-1] != given)
        family.remove(fam)
        used_last.add(fam.split()[-1])
        title = "Dr." if rng.random() < 0.08 else ""
        aff = ""
        if rng.random() < 0.35:
            aff = f"Government of {rng.choice(COUNTRIES)}" if rng.random() < 0.4 else rng.choice(ORGS)
        people.append(Person(given, fam, bool(is_f), title, aff))
    return people


class _Writer:
    """Builds one report's discussion, keeping track of the statements written."""

    def __init__(self, rng: random.Random, group: Group, attendees: list[Person], moderator: Person,
                 topics: tuple[tuple[str, str], ...], docs: tuple[str, ...]) -> None:
        self.rng, self.group, self.attendees, self.moderator = rng, group, attendees, moderator
        self.topics, self.docs = topics, docs
        self.spoken: set[str] = set()
        self.used: set[str] = set()  # templates used in the current paragraph

    def pick(self, templates: tuple[str, ...]) -> str:
        """A template not yet used in the current paragraph."""
        fresh = [t for t in templates if t not in self.used] or list(templates)
        choice = self.rng.choice(fresh)
        self.used.add(choice)
        return choice

    def topic(self) -> str:
        """A random topic phrase from the vocabulary."""
        return self.rng.choice(self.topics)[0]

    def item_title(self) -> tuple[str, str]:
        """(agenda item title, the topic phrase it is about)."""
        if self.rng.random() < 0.15:
            doc = "the " + self.rng.choice(self.docs)
            return f"Feedback on {doc}", doc
        topic, kind = self.rng.choice(self.topics)
        templates = ITEM_TITLES.get(kind, ITEM_TITLES["other"])
        return _cap(self.rng.choice(templates).format(T=topic)), topic

    def ref(self, p: Person) -> str:
        """How a sentence names a person: first name mostly, else "Ms. Surname" or the full name."""
        r = self.rng.random()
        if p.name in self.spoken and r < 0.3:
            return f"{p.honorific} {p.family}"
        if r < 0.1:
            return p.name
        if p is self.moderator and r < 0.18:
            return "The Chair"
        return p.given

    def fill(self, template: str, speaker: Person, topic: str) -> str:
        """``template`` with its placeholders filled; ``{S}`` (the speaker) is left for the caller."""
        others = [p for p in self.attendees if p is not speaker]
        other = self.rng.choice(others)
        t2 = self.topic()
        doc = self.rng.choice(self.docs)
        return template.format(T=topic, T2=t2, G=self.group.short, D=doc, pos="her" if speaker.female else "his",
                               P=other.given if self.rng.random() < 0.7 else f"{other.honorific} {other.family}",
                               S="{S}")

    def opening(self, speaker: Person, topic: str) -> str:
        """A sentence that names its speaker and has a reporting verb."""
        if self.rng.random() < 0.5:
            verb = self.rng.choice(THAT_VERBS)
            clause = self.fill(self.pick(CLAUSES), speaker, topic)
            s = f"{{S}} {verb} that {clause}."
        else:
            s = self.fill(self.pick(OBJECT_SENTENCES), speaker, topic)
        s = s.replace("{S}", self.ref(speaker))
        self.spoken.add(speaker.name)
        return _cap(s)

    def follow_up(self, speaker: Person, topic: str) -> str:
        """A later sentence of the same speaker's paragraph: "She also noted that ..." or no verb at all."""
        if self.rng.random() < 0.35:
            return self.fill(self.pick(FOLLOW_UPS), speaker, topic)
        pron = "She" if speaker.female else "He"
        verb = self.rng.choice(THAT_VERBS)
        clause = self.fill(self.pick(CLAUSES), speaker, topic)
        return f"{pron} {self.rng.choice(ADVERBS)}{verb} that {clause}."

    def paragraphs(self, budget: int, topic: str, speakers: list[Person]) -> list[str]:
        """Paragraphs holding exactly ``budget`` statements about ``topic``."""
        out = []
        while budget > 0:
            if self.rng.random() < 0.12:
                out.append(self.fill(self.rng.choice(UNATTRIBUTED), self.moderator, topic).replace("{S}", ""))
                budget -= 1
                continue
            speaker = self.rng.choice(speakers)
            self.used.clear()
            size = min(budget, self.rng.choice((1, 1, 2, 2, 3, 4)))
            sents = [self.opening(speaker, topic)] + [self.follow_up(speaker, topic) for _ in range(size - 1)]
            if size == 1 and self.rng.random() < 0.1:
                sents = [f"{self.ref(speaker)} shared a link to the draft input on {topic}:"]
                self.spoken.add(speaker.name)
                digest = f"{self.rng.getrandbits(80):020x}"
                out.append(sents[0] + "\n\nhttps://docs.example.org/d/" + digest)
            else:
                out.append(" ".join(sents))
            budget -= size
        return out


def _report(rng: random.Random, group: Group, number: int, date: dt.date, time: str, next_date: dt.date,
            pool: list[tuple[Person, str]]) -> str:
    """The text of one report."""
    _, topics, docs = _vocabulary()
    chairs = [p for p, role in pool if "Co-Chair" in role]
    secretariat = [p for p, role in pool if role == "IGF Secretariat"]
    others = [(p, r) for p, r in pool if p not in chairs and p not in secretariat]
    n_people = rng.randint(15, 30)
    present_sec = [p for p in secretariat if rng.random() < 0.8]
    rest = rng.sample(others, min(len(others), n_people - len(chairs) - len(present_sec)))
    listed = [(p, r) for p, r in pool if p in chairs] + [(p, r) for p, r in pool if p in present_sec] + rest
    head, tail = listed[:len(chairs)], listed[len(chairs):]
    rng.shuffle(tail)
    listed = head + tail
    attendees = [p for p, _ in listed]
    moderator = chairs[number % len(chairs)]
    speakers = rng.sample(attendees, rng.randint(6, min(12, len(attendees))))
    w = _Writer(rng, group, attendees, moderator, topics, docs)

    n_items = rng.randint(4, 7)
    agenda: list[tuple[str, list[tuple[str, str]], str]] = []  # (title, sub-items (title, topic), topic)
    for _ in range(n_items - 2 if present_sec else n_items - 1):
        title, topic = w.item_title()
        subs: list[tuple[str, str]] = []
        n_subs = rng.choice((0, 0, 0, 2, 2, 3))
        while len(subs) < n_subs:
            sub = w.topic()
            if sub != topic and all(sub != t for _, t in subs):
                subs.append((_cap(sub.removeprefix("the ")), sub))
        agenda.append((title, subs, topic))
    if present_sec:
        agenda.append(("Update from the IGF Secretariat", [], "the IGF annual meeting"))
    agenda.append(("Any other business (AoB)", [], ""))

    total = rng.randint(30, 50)
    budgets = [2 + len(subs) for _, subs, _ in agenda[:-1]]  # every (sub-)item gets a statement
    for _ in range(total - 3 - sum(budgets)):  # 3: opening, closing thanks, next meeting
        budgets[rng.randrange(len(budgets))] += 1

    lines = [group.label, "Online Meeting", f"{_date(date)} at {time} UTC", "", "Summary Report", "",
             f"The {_ordinal(number)} virtual meeting of the IGF {group.label} ({group.short}) was held on "
             f"{_date(date)} at {time} UTC. The meeting was moderated by {moderator.name} and a recording of the "
             "meeting is available upon request.", "",
             f"{moderator.given} opened the meeting by introducing the agenda.", "", "Agenda", ""]
    for i, (title, subs, _) in enumerate(agenda, 1):
        lines.append(f"{i}. {title}")
        lines += [f" - {chr(97 + j)}. {s}" for j, (s, _) in enumerate(subs)]
    lines += ["", "Discussion", ""]
    for i, (title, subs, topic) in enumerate(agenda, 1):
        lines += [f"{i}.{'' if rng.random() < 0.1 else ' '}{title}", ""]
        if title.startswith("Any other business"):
            body = [f"{moderator.given} thanked everyone for their contributions.",
                    f"The next meeting of the {group.short} will be held on "
                    f"{_date(next_date, next_date.year != date.year or rng.random() < 0.3)} at {time} UTC."]
        elif title.startswith("Update from the IGF Secretariat"):
            sec = present_sec[0]
            w.used.clear()
            body = [f"{sec.given} gave an update on behalf of the IGF Secretariat. "
                    + " ".join(w.follow_up(sec, topic) for _ in range(budgets[i - 1] - 1))]
        elif subs:
            share = [max(1, budgets[i - 1] // (len(subs) + 1))] * len(subs)
            body = w.paragraphs(budgets[i - 1] - sum(share), topic, speakers)
            for j, ((sub, sub_topic), n) in enumerate(zip(subs, share)):
                body += [f"{chr(97 + j)}. {sub}"] + w.paragraphs(n, sub_topic, speakers)
        else:
            body = w.paragraphs(budgets[i - 1], topic, speakers)
        for para in body:
            lines += [para, ""]
    lines += ["List of participants", ""]
    for i, (p, role) in enumerate(listed, 1):
        written = f"{p.family}, {p.given}" if " " not in p.family and "-" not in p.given and rng.random() < 0.12 else p.name
        if p.title and rng.random() < 0.5:
            written = f"{p.title} {written}"
        parts = [written] + ([role] if role else []) + ([p.affiliation] if p.affiliation else [])
        lines.append(f"{i}. {', '.join(parts)}")
    return "\n".join(lines) + "\n"


def _slug(text: str) -> str:
    """A file-name slug: "WG-Strategy" -> "wg-strategy"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


TERM = 60  # meetings of one series before its membership turns over (about two years, every two weeks)
MEETINGS_PER_LANE = 400  # a series of this many meetings spans about 15 years


def _people(rng: random.Random, size: int) -> list[Person]:
    """``size`` invented people; beyond the ~150 with unique name tokens, given and family names
    recur (as in a real archive), and ``_pool`` keeps each meeting's people unambiguous."""
    unique = _population(rng, size)
    people, seen = list(unique), {p.name for p in unique}
    given = [(g, True) for g in FEMALE] + [(g, False) for g in MALE]
    family = list(FAMILY) + list(FAMILY_MULTI)
    while len(people) < size:
        g, female = rng.choice(given)
        fam = rng.choice(family)
        if f"{g} {fam}" in seen or fam.split()[-1] == g:
            continue
        seen.add(f"{g} {fam}")
        aff = ""
        if rng.random() < 0.35:
            aff = f"Government of {rng.choice(COUNTRIES)}" if rng.random() < 0.4 else rng.choice(ORGS)
        people.append(Person(g, fam, female, "Dr." if rng.random() < 0.08 else "", aff))
    return people


def _pool(rng: random.Random, population: list[Person], size: int, keep: list[Person] = ()) -> list[Person]:
    """``keep`` plus people drawn from ``population`` until ``size``, no two sharing a given name
    or the last token of a family name (so "Ana" or "Ms. Costa" names one person in a report)."""
    chosen = list(keep)
    given = {p.given for p in chosen}
    last = {p.family.split()[-1] for p in chosen}
    for p in rng.sample(population, len(population)):
        if len(chosen) >= size:
            break
        if p in chosen or p.given in given or p.family.split()[-1] in last or p.given in last or p.family.split()[-1] in given:
            continue
        chosen.append(p)
        given.add(p.given)
        last.add(p.family.split()[-1])
    return chosen


def _roles(rng: random.Random, people: list[Person]) -> list[tuple[Person, str]]:
    n_chairs = rng.choice((2, 2, 3))
    pool = [(p, "Group's Co-Chair, IGF MAG member") for p in people[:n_chairs]]
    pool += [(p, "IGF Secretariat") for p in people[n_chairs:n_chairs + 2]]
    pool += [(p, rng.choice(ROLES) if rng.random() < 0.9 else "") for p in people[n_chairs + 2:]]
    return pool


def generate(n_reports: int, seed: int = 0, series: int | None = None) -> Iterator[tuple[str, str]]:
    """Yield ``(filename, text)`` for ``n_reports`` reports of ``series`` concurrent meeting series
    (default: 3, or one per 400 reports for large corpora, as an archive holds many groups).

    Meetings of one series are consecutive, every two weeks, with increasing numbers; each
    report announces the date of the next one. Every 60 meetings a series' membership turns over
    (a third leave, newcomers join, new co-chairs and roles), so people recur across series and
    years but nobody attends everything. Series beyond the vocabulary's working groups reuse a
    group a few days later in the fortnight, so no two meetings of one group share a date.
    The same seed gives the same texts.
    """
    groups, _, _ = _vocabulary()
    lanes = series if series is not None else max(3, round(n_reports / MEETINGS_PER_LANE))
    if lanes < 1 or (lanes + len(groups) - 1) // len(groups) > 13:
        raise ValueError(f"series must be between 1 and {13 * len(groups)}")
    rng = random.Random(seed)
    population = _people(rng, max(150, n_reports // 3))
    order = rng.sample(groups, len(groups))
    plans = []
    for lane in range(lanes):
        group = order[lane % len(groups)]
        start = dt.date(2023, 1, 5) + dt.timedelta(days=rng.randrange(0, 60) // 14 * 14 + lane // len(groups))
        plans.append([group, start, rng.randint(5, 90), rng.choice(("06:00", "13:00", "14:30", "16:00")), None])
    for i in range(n_reports):
        plan = plans[i % lanes]
        group, start, first, time, pool = plan
        k = i // lanes
        if k % TERM == 0:  # a new term: a third of the members leave, newcomers and new co-chairs come
            term_rng = random.Random(f"{seed}/term/{i % lanes}/{k // TERM}")
            stay = term_rng.sample([p for p, _ in pool], 28) if pool else []
            term_rng.shuffle(stay)
            plan[4] = pool = _roles(term_rng, _pool(term_rng, population, 42, stay))
        date = start + dt.timedelta(days=14 * k)
        text = _report(random.Random(f"{seed}/{i}"), group, first + k, date, time, date + dt.timedelta(days=14), pool)
        yield f"{_slug(group.short)}-{first + k:03d}-{date.isoformat()}.txt", text


def write_corpus(folder: str | Path, n: int, seed: int = 0, series: int | None = None) -> list[Path]:
    """Write ``n`` generated reports into ``folder`` (created if needed); return their paths."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in generate(n, seed=seed, series=series):
        path = out / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    """Command line: ``python benchmarks/corpus.py OUT_DIR -n 100 [--seed 0] [--series 3]``."""
    ap = argparse.ArgumentParser(description="Write fictional IGF working-group summary reports.")
    ap.add_argument("out_dir", help="folder to write the reports into")
    ap.add_argument("-n", type=int, default=100, help="number of reports (default 100)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ap.add_argument("--series", type=int, default=None,
                    help="number of concurrent meeting series (default 3, or one per 400 reports)")
    args = ap.parse_args(argv)
    paths = write_corpus(args.out_dir, args.n, seed=args.seed, series=args.series)
    print(f"wrote {len(paths)} reports to {args.out_dir}")


if __name__ == "__main__":
    main()
