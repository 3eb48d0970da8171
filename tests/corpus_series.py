"""A generated test corpus: one series of summary reports (WG-Strategy, meetings 80 to 91 by
default) with fictional people, in the layout of examples/wg-strategy-summary-report.txt, and
the facts the graph should hold about it.

What varies across meetings, as in real reports:

- names: "Given Family" and "Family, Given", with and without honorifics ("Dr. Tanaka,
  Hiroshi"), an accent dropped ("Chloe" for "Chloé"), "Lena St. Clair" in meetings 1-5 and
  "Lena Saint Clair" from 6, and "Omar Farouk" written "Omar El Farouk" in meetings 5-9 (merging
  these two needs cross-report identity resolution: VARIANT_PEOPLE);
- roles: Bilal is an IGF MAG member in meetings 1-6 and a "former IGF MAG member" from 7;
  Amara's MAG membership ends after meeting 8; Esi goes from Independent Expert to MAG member;
  Dmitri changes affiliation; Jonas joins at 3, Omar leaves after 9, Rosa joins at 10;
- topics: the GDC is named a lot early and fades, the WSIS+20 review rises, the IMSB is new in
  the last three meetings, AI governance comes and goes, the NRIs and human rights hold steady;
- words that recur but are no concept of the vocabulary ("APC", "HLPF", "Open Consultation");
- speakers by first name, He/She for the rest of a paragraph, replies ("agreed with Amara
  that ...", "echoed", "seconded") and sentences with no speaker.

Every first name is unique, so attribution is never ambiguous. The expected facts are computed
from what the generator wrote, assuming name variants of one person ARE one person.

>>> corpus = generate()
>>> len(corpus.meetings), corpus.meetings[0].date.isoformat()
(12, '2024-09-05')
"""
from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

SERIES = "MAG Working Group on IGF Strengthening and Strategy"
MAG = "Multistakeholder Advisory Group"
SECRETARIAT = "IGF Secretariat"
FIRST_DATE = dt.date(2024, 9, 5)
FIRST_NUMBER = 80
#: People whose written names differ across reports beyond case, accents, order and honorifics.
VARIANT_PEOPLE = ("Lena St. Clair", "Omar Farouk")
RESPONSE_VERBS = ("agreed", "disagreed", "supported", "echoed", "responded", "replied", "seconded")

GDC, WSIS, IMSB = "Global Digital Compact", "WSIS+20 review", "Informal Multistakeholder Sounding Board"
AIGOV, HR, NRI = "AI governance", "Human rights", "National and Regional IGF Initiatives"

#: Statements naming each concept, meeting by meeting (12 meetings; longer series repeat the last).
PLAN: dict[str, tuple[int, ...]] = {
    GDC: (4, 4, 3, 3, 3, 2, 2, 2, 1, 1, 1, 0),
    WSIS: (0, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5),
    IMSB: (0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 3),
    AIGOV: (0, 0, 0, 0, 2, 3, 3, 2, 1, 0, 0, 0),
    HR: (1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1),
    NRI: (2,) * 12,
}
#: Recurring words that no vocabulary concept has (meeting numbers, 1-based), and one that does not recur.
CANDIDATES: dict[str, tuple[int, ...]] = {"APC": (2, 5, 8), "HLPF": (4, 9), "Open Consultation": (6, 7, 10, 11),
                                          "UNGA": (3,)}
#: The verdicts the plan is designed to give: (concept, last N meetings) -> verdict.
TRENDS: dict[tuple[str, int], str] = {
    (GDC, 12): "falling", (GDC, 6): "falling", (WSIS, 12): "rising", (WSIS, 6): "rising",
    (NRI, 12): "steady", (HR, 12): "steady", (IMSB, 6): "new", (IMSB, 12): "new", (AIGOV, 6): "gone",
}

_VARIANTS = {GDC: ("GDC", "Global Digital Compact"), WSIS: ("WSIS+20 review", "WSIS+20", "WSIS+20 process"),
             IMSB: ("IMSB", "Informal Multistakeholder Sounding Board"), AIGOV: ("AI governance", "governance of AI"),
             HR: ("human rights",), NRI: ("NRIs", "national and regional IGFs")}
_CLAUSES = {
    GDC: ("the implementation of the {x} needs a clear follow-up plan",
          "the {x} review should remain open to every stakeholder group",
          "national roadmaps for the {x} are still at an early stage",
          "the group should map its own work against the {x}"),
    WSIS: ("the {x} timeline leaves little room for consultation",
           "the group should prepare a short input to the {x}",
           "the {x} is the main opportunity to secure a permanent mandate",
           "outreach to missions on the {x} should start early"),
    IMSB: ("the {x} had met and would share a summary of its discussions",
           "the {x} should consult widely before each session",
           "members could send written input to the {x}"),
    AIGOV: ("the discussions on {x} risk duplicating work done elsewhere",
            "the group should follow the new dialogue on {x} closely",
            "{x} deserves a dedicated session in the programme"),
    HR: ("{x} should be reflected in every track of the work",
         "the language on {x} must not be weakened"),
    NRI: ("the {x} could host local discussions on the same questions",
          "several of the {x} had asked for guidance on reporting",
          "the {x} should be invited to the next call"),
    "APC": ("the APC session in Geneva would discuss the same questions",),
    "HLPF": ("a side event at the HLPF was being considered",),
    "Open Consultation": ("the Open Consultation on the work programme would run for four weeks",),
    "UNGA": ("the UNGA debate would be an opportunity for outreach",),
    None: ("the notes of the previous call had been circulated", "volunteers were still needed for the drafting team",
           "the shared calendar should be updated", "a short survey of members could help set priorities"),
}
_VERBS = ("noted", "stressed", "highlighted", "emphasised", "underlined", "explained", "suggested", "recalled",
          "observed", "pointed out", "reported", "remarked")
_RESPONSES = (("agreed", "{b} agreed with {a} that {c}."), ("echoed", "{b} echoed {a}'s view that {c}."),
              ("disagreed", "{b} disagreed with {a}, arguing instead that {c}."),
              ("supported", "{b} supported the point made by {a}, adding that {c}."),
              ("responded", "{b} responded to {a} that {c}."))


@dataclass(frozen=True)
class Person:
    given: str
    family: str
    pronoun: str  # "He" or "She"
    honorific: str
    spellings: tuple[tuple[tuple[int, ...], str], ...] = ()  # (meetings, "Given Family" as written there)

    @property
    def name(self) -> str:
        return f"{self.given} {self.family}"

    def written(self, n: int) -> str:
        """The natural-order name meeting ``n`` (1-based) writes."""
        for meetings, spelling in self.spellings:
            if n in meetings:
                return spelling
        return self.name


@dataclass(frozen=True)
class Role:
    label: str  # as written ("" for an affiliation)
    role: str  # the role's prefLabel
    organisation: str  # the body, series or organisation's label
    former: bool = False


@dataclass(frozen=True)
class Said:
    position: int
    item: str | None
    speaker: str | None  # canonical name
    text: str
    concepts: tuple[str, ...] = ()
    verb: str | None = None
    mentions: tuple[str, ...] = ()
    response_to: str | None = None


@dataclass(frozen=True)
class Meeting:
    n: int  # 1-based
    number: int
    date: dt.date
    attendees: tuple[str, ...]  # canonical names, in list order
    written: dict[str, str]  # canonical -> natural-order name in this report
    roles: dict[str, tuple[Role, ...]]
    statements: tuple[Said, ...]
    text: str

    @property
    def filename(self) -> str:
        return f"wg-strategy-{self.number:03d}-{self.date.isoformat()}.txt"


@dataclass(frozen=True)
class Corpus:
    people: dict[str, Person]
    meetings: tuple[Meeting, ...]
    aliases: dict[str, str] = field(default_factory=dict)  # any written name -> canonical name

    @property
    def texts(self) -> dict[str, str]:
        return {m.filename: m.text for m in self.meetings}

    def canonical(self, name: str) -> str:
        return self.aliases.get(name, name)

    def attendees_by_date(self) -> dict[str, set[str]]:
        return {m.date.isoformat(): set(m.attendees) for m in self.meetings}

    def concept_counts(self) -> dict[str, dict[str, int]]:
        """prefLabel -> {date: statements naming it} (dates with none left out)."""
        out: dict[str, dict[str, int]] = defaultdict(dict)
        for m in self.meetings:
            for c, k in Counter(c for s in m.statements for c in s.concepts).items():
                out[c][m.date.isoformat()] = k
        return dict(out)

    def first_raised(self) -> dict[str, tuple[str, str | None]]:
        """prefLabel -> (date, canonical speaker of the earliest statement naming it)."""
        out: dict[str, tuple[str, str | None]] = {}
        for m in self.meetings:
            for s in m.statements:
                for c in s.concepts:
                    out.setdefault(c, (m.date.isoformat(), s.speaker))
        return out

    def speakers(self) -> dict[str, list[str | None]]:
        """date -> the canonical speaker of each statement, in order."""
        return {m.date.isoformat(): [s.speaker for s in m.statements] for m in self.meetings}

    def role_history(self, person: str) -> list[dict[str, object]]:
        """Periods: runs of the person's observed meetings showing the same (role, organisation, former)."""
        seen = [m for m in self.meetings if person in m.roles and m.roles[person]]
        periods: list[dict[str, object]] = []
        open_: dict[tuple[str, str, bool], dict[str, object]] = {}
        for m in seen:
            keys = {(r.role, r.organisation, r.former) for r in m.roles[person]}
            for key in list(open_):
                if key not in keys:
                    periods.append(open_.pop(key))
            for key in sorted(keys):
                if key in open_:
                    open_[key]["last"] = m.date.isoformat()
                    open_[key]["meetings"] += 1  # type: ignore[operator]
                else:
                    open_[key] = {"role": key[0], "organisation": key[1], "former": key[2],
                                  "first": m.date.isoformat(), "last": m.date.isoformat(), "meetings": 1}
        periods += open_.values()
        return sorted(periods, key=lambda p: (p["first"], p["role"], p["organisation"], p["former"]))

    def co_attendance(self) -> Counter[tuple[str, str]]:
        out: Counter[tuple[str, str]] = Counter()
        for m in self.meetings:
            people = sorted(m.attendees)
            for i, a in enumerate(people):
                for b in people[i + 1:]:
                    out[(a, b)] += 1
        return out

    def mentions(self) -> Counter[tuple[str, str]]:
        return Counter((s.speaker, x) for m in self.meetings for s in m.statements for x in s.mentions if s.speaker)

    def responses(self) -> Counter[tuple[str, str]]:
        return Counter((s.speaker, s.response_to) for m in self.meetings for s in m.statements
                       if s.speaker and s.response_to)

    def interactions(self) -> Counter[tuple[str, str]]:
        """(later, earlier) speaker -> links: each change of speaker within an agenda item, and each
        reply that continues a turn (linked to the previous different speaker)."""
        out: Counter[tuple[str, str]] = Counter()
        for m in self.meetings:
            for item in dict.fromkeys(s.item for s in m.statements):
                turns: list[str] = []
                for s in (s for s in m.statements if s.item == item and s.speaker):
                    if turns and turns[-1] != s.speaker:
                        out[(s.speaker, turns[-1])] += 1
                    elif s.response_to and len(turns) > 1:
                        out[(s.speaker, turns[-2])] += 1
                    if not turns or turns[-1] != s.speaker:
                        turns.append(s.speaker)
        return out

    def candidates(self, min_meetings: int = 2) -> dict[str, set[str]]:
        """Candidate term -> dates of the meetings whose statements use it."""
        out = {term: {self.meetings[n - 1].date.isoformat() for n in ns if n <= len(self.meetings)}
               for term, ns in CANDIDATES.items()}
        return {t: d for t, d in out.items() if len(d) >= min_meetings}

    def write(self, folder: str | Path) -> list[Path]:
        """Write the reports to ``folder`` (created); returns their paths."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, text in self.texts.items():
            (folder / name).write_text(text, encoding="utf-8")
            paths.append(folder / name)
        return paths


def build_store(folder: str | Path, corpus: Corpus | None = None) -> Path:
    """Write ``corpus`` (default: ``generate()``) to ``folder``/reports and ingest it into
    ``folder``/store, once: a second call finds the finished store and returns it.
    Raises AssertionError when a report fails to ingest."""
    from igfkg.core import Igfkg
    folder = Path(folder)
    store, done = folder / "store", folder / "store.done"
    if not done.exists():
        paths = (corpus or generate()).write(folder / "reports")
        kg = Igfkg(str(store))
        failed = [r for r in kg.ingest_paths(paths) if not hasattr(r, "extraction")]
        assert not failed, failed
        del kg
        done.write_text("ok", encoding="utf-8")
    return store


def cast() -> dict[str, Person]:
    people = [
        Person("Amara", "Okafor", "She", "Ms."), Person("Bilal", "Haidari", "He", "Mr."),
        Person("Chloé", "Marchand", "She", "Ms.", (((3, 7, 11), "Chloe Marchand"),)),
        Person("Dmitri", "Volkov", "He", "Mr."), Person("Esi", "Mensah", "She", "Ms."),
        Person("Farid", "Nasser", "He", "Mr."), Person("Greta", "Lindholm", "She", "Dr."),
        Person("Hiroshi", "Tanaka", "He", "Dr."), Person("Isabel", "Ferreira", "She", "Ms."),
        Person("Jonas", "Weber", "He", "Mr."),
        Person("Lena", "St. Clair", "She", "", ((tuple(range(6, 40)), "Lena Saint Clair"),)),
        Person("Marco", "Rossi", "He", "Mr."), Person("Nadia", "Karimi", "She", "Ms."),
        Person("Omar", "Farouk", "He", "Mr.", (((5, 6, 7, 8, 9), "Omar El Farouk"),)),
        Person("Rosa", "Alvarez", "She", "Ms."),
    ]
    return {p.name: p for p in people}


def _attends(name: str, n: int, rng: random.Random) -> bool:
    fixed = {"Amara Okafor": True, "Farid Nasser": True, "Lena St. Clair": True, "Nadia Karimi": n != 6,
             "Bilal Haidari": n != 4, "Greta Lindholm": n % 2 == 1, "Marco Rossi": n in (2, 5, 9),
             "Jonas Weber": n >= 3, "Omar Farouk": n <= 9, "Rosa Alvarez": n >= 10}
    return fixed[name] if name in fixed else rng.random() < 0.8


def _roles(name: str, n: int) -> tuple[Role, ...]:
    member = Role("IGF MAG member", "Member", MAG)
    former = Role("former IGF MAG member", "Member", MAG, True)
    expert = Role("Independent Expert", "Independent Expert", SERIES)
    if name == "Amara Okafor":
        return (Role("Group's Co-Chair", "Co-Chair", SERIES), member if n <= 8 else former)
    if name == "Bilal Haidari":
        return (member if n <= 6 else former,)
    if name == "Dmitri Volkov":
        return (member, Role("", "Affiliated with", "Government of Estonia" if n <= 7 else "Ministry of Economy of Estonia"))
    if name == "Esi Mensah":
        return (expert if n <= 4 else member,)
    if name == "Farid Nasser":
        return (Role("", "Affiliated with", SECRETARIAT),)  # "IGF Secretariat" beside a name: whom one works for
    if name == "Greta Lindholm":
        return (Role("former IGF MAG Chair", "Chair", MAG, True),)
    if name == "Hiroshi Tanaka":
        return (Role("IGF MAG Member", "Member", MAG),)
    if name == "Isabel Ferreira":
        return (expert, Role("", "Affiliated with", "Ministry of Digital Affairs"))
    if name in ("Jonas Weber", "Nadia Karimi", "Rosa Alvarez"):
        return (member,)
    return (expert,)


def _list_entry(p: Person, n: int, i: int, roles: tuple[Role, ...]) -> str:
    """One line of the list; the name order and honorific vary with the meeting and the person's place ``i``."""
    written = p.written(n)
    given, family = written.split(" ", 1)
    if " " not in family and (n + i) % 2 == 0:  # "Family, Given"
        name = f"{family}, {given}"
    else:
        name = written
    if p.honorific and (n + 2 * i) % 3 == 0:
        name = f"{p.honorific} {name}"
    parts = [name] + [r.label if r.label else r.organisation for r in roles]
    return ", ".join(parts)


def _ordinal(k: int) -> str:
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{suffix}"


def _day(d: dt.date) -> str:
    return f"{d.day} {d.strftime('%B')} {d.year}"


class _Writer:
    """Builds one meeting's discussion, statement by statement, remembering who said what."""

    def __init__(self, rng: random.Random, people: dict[str, Person], present: list[str]) -> None:
        self.rng, self.people, self.present = rng, people, present
        self.said: list[Said] = []
        self.paragraphs: list[str] = []

    def _clause(self, concept: str | None) -> str:
        x = self.rng.choice(_VARIANTS[concept]) if concept in _VARIANTS else ""
        return self.rng.choice(_CLAUSES[concept]).format(x=x)

    def add(self, item: str | None, speaker: str | None, text: str, concept: str | None = None, verb: str | None = None,
            mentions: tuple[str, ...] = (), response_to: str | None = None) -> str:
        concepts = (concept,) if concept in PLAN else ()
        self.said.append(Said(len(self.said) + 1, item, speaker, text, concepts, verb, mentions, response_to))
        return text

    def item(self, item: str, units: list[str | None], speakers: list[str]) -> None:
        """Paragraphs of one to three statements, each by one speaker; sometimes a reply to the last speaker."""
        self.rng.shuffle(units)
        last: str | None = None
        while units:
            if self.rng.random() < 0.12:
                self.paragraphs.append(self.add(item, None, "There were some questions about how the group could contribute."))
            speaker = self.rng.choice([s for s in speakers if s != last] or speakers)
            p = self.people[speaker]
            k = self.rng.choice((1, 2, 2, 3))
            take, units = units[:k], units[k:]
            sentences = []
            for i, concept in enumerate(take):
                clause = self._clause(concept)
                if i == 0 and last and self.rng.random() < 0.25:
                    verb, form = self.rng.choice(_RESPONSES)
                    other = self.people[last].given
                    sentences.append(self.add(item, speaker, form.format(b=p.given, a=other, c=clause), concept, verb,
                                              (last,), last))
                elif i == 0:
                    verb = self.rng.choice(_VERBS)
                    sentences.append(self.add(item, speaker, f"{p.given} {verb} that {clause}.", concept, verb))
                else:
                    verb = self.rng.choice(_VERBS)
                    sentences.append(self.add(item, speaker, f"{p.pronoun} also {verb} that {clause}.", concept, verb))
            if last and last != speaker and self.rng.random() < 0.1:
                sentences.append(self.add(item, speaker, f"{p.pronoun} also seconded the proposal made by "
                                                         f"{self.people[last].given}.", None, "seconded", (last,), last))
            self.paragraphs.append(" ".join(sentences))
            last = speaker


def generate(meetings: int = 12, *, seed: int = 2024) -> Corpus:
    """A series of ``meetings`` (at least 12) generated reports with their expected facts."""
    if meetings < 12:
        raise ValueError("the series needs at least 12 meetings for its topic plan")
    rng = random.Random(seed)
    people = cast()
    out: list[Meeting] = []
    for n in range(1, meetings + 1):
        date = FIRST_DATE + dt.timedelta(weeks=3 * (n - 1))
        number = FIRST_NUMBER + n - 1
        present = [name for name in people if _attends(name, n, rng)]
        roles = {name: _roles(name, n) for name in present}
        w = _Writer(rng, people, present)
        chair = people["Amara Okafor"]
        w.paragraphs.append(w.add(None, chair.name, f"{chair.given} opened the meeting by introducing the agenda.",
                                  verb="opened"))
        k = min(n, 12) - 1
        global_units = [c for c in (GDC, WSIS, IMSB, AIGOV, HR) for _ in range(PLAN[c][k])]
        plan_units = [NRI] * PLAN[NRI][k] + [t for t, ns in CANDIDATES.items() if n in ns] + [None] * rng.randint(1, 2)
        speakers = list(present)
        discussion = ["1. Updates on global processes", ""]
        w.paragraphs = []
        opening = w.said[0].text
        w.item("1", global_units, speakers)
        discussion += _join(w.paragraphs)
        w.paragraphs = []
        w.item("2", plan_units, speakers)
        discussion += ["2. Work plan of the group", ""] + _join(w.paragraphs)
        nxt = date + dt.timedelta(weeks=3)
        closing = w.add("3", None, f"The next meeting will be held on {_day(nxt)} at 13:00 UTC.")
        discussion += ["3. Any other business (AoB)", "", closing, ""]
        entries = [f"{i}. {_list_entry(people[name], n, i, roles[name])}" for i, name in enumerate(present, 1)]
        when = _day(date)
        text = "\n".join([
            SERIES, "Online Meeting", f"{when} at 13:00 UTC", "", "Summary Report", "",
            f"The {_ordinal(number)} virtual meeting of the IGF MAG Working Group on IGF Strengthening and Strategy "
            f"(WG-Strategy) was held on {when} at 13:00 UTC. The meeting was moderated by {chair.name} and a recording "
            "of the meeting is available upon request.", "", opening, "",
            "Agenda", "", "1. Updates on global processes", "2. Work plan of the group", "3. Any other business (AoB)", "",
            "Discussion", "", *discussion, "List of participants", "", *entries, ""])
        out.append(Meeting(n, number, date, tuple(present), {name: people[name].written(n) for name in present},
                           roles, tuple(w.said), text))
    aliases = {p.written(m.n): p.name for p in people.values() for m in out}
    return Corpus(people, tuple(out), aliases)


def _join(paragraphs: list[str]) -> list[str]:
    out = []
    for p in paragraphs:
        out += [p, ""]
    return out


if __name__ == "__main__":  # python tests/corpus_series.py [FOLDER]  (default: a new temporary folder)
    import sys
    import tempfile
    paths = generate().write(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="igfkg-series-"))
    print("\n".join(str(p) for p in paths))
