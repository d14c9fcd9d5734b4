"""The guide's references: every citation has an entry, every entry is complete, the new pages are in place.

Reads the Markdown sources in docs/ and mkdocs.yml; no build and no browser.

An entry in docs/references.md is one bullet under a section heading:

    - Authors (year). Title. *Venue* volume(issue), pages. *(checked: what was read)*
    - Authors (year). *Book title*. Publisher. *(not checked: ...)*

that is, a year in brackets after the authors, then either a plain title followed by an
italic venue, or an italic title followed by its publisher; and it ends with a note saying
whether the work was checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import nav_pages

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
REFERENCES = DOCS / "references.md"
NEW_PAGES = ("first-offers.md", "hard-not-dishonest.md")

# A surname: a capital, then letters (accents, hyphens and apostrophes allowed), e.g. Trötschel,
# Bereby-Meyer, Ponsatí. The possessive 's is stripped later.
NAME = r"[A-ZÀ-Þ][\w'’\-]*[^\W\d_]"
NAMES = rf"{NAME}(?:(?:, {NAME})*,? and {NAME}| et al\.| and colleagues)?"
YEAR = r"(?:1[89]\d\d|20\d\d)[a-z]?"
YEARS = rf"{YEAR}(?:, {YEAR})*"
# "Sebenius (2017)", "Fershtman and Gneezy (2001)", "Binmore, Shaked and Sutton (1989)", "Raiffa (1968, 1982)".
NARRATIVE = re.compile(rf"(?P<names>{NAMES}) \((?P<years>{YEARS})[),;]")
# "(Galinsky and Mussweiler 2001)", "(Axelrod and Hamilton 1981; Axelrod 1984)", "(Tey, ..., and Swaab 2021, study 5)".
PARENTHETICAL = re.compile(rf"(?:(?<=\()|(?<=; ))(?P<names>{NAMES}),? (?P<years>{YEARS})(?=[),;])")
# Capitalised words that can stand before a year in brackets without being an author.
NOT_NAMES = frozenset(
    {
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Spring",
        "Summer",
        "Autumn",
        "Fall",
        "Winter",
        "Study",
        "Studies",
        "Experiment",
        "Experiments",
        "Table",
        "Figure",
        "Section",
        "Vol",
    }
)
ENTRY = re.compile(r"^(?P<authors>\S.*?) \((?P<year>(?:1[89]\d\d|20\d\d)[a-z]?)\)\. (?P<rest>.+)$")
NOTE = re.compile(r"\s*\*\((?P<kind>checked|not checked)\b[^)]*(?:\([^)]*\)[^)]*)*\)\*\s*$")
ITALIC = re.compile(r"\*([^*]+)\*")


@dataclass(frozen=True)
class Citation:
    page: str
    surnames: tuple[str, ...]
    years: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.page}: {' and '.join(self.surnames)} {', '.join(self.years)}"


def flat(text: str) -> str:
    """Markdown with line breaks and runs of spaces folded, so citations split across lines are whole."""
    return re.sub(r"\s+", " ", text)


def surnames(names: str) -> tuple[str, ...]:
    names = re.sub(r" (et al\.|and colleagues)$", "", names)
    parts = re.split(r",? and |, ", names)
    return tuple(re.sub(r"['’]s$", "", part.strip()) for part in parts if part.strip())


def citations() -> list[Citation]:
    found: list[Citation] = []
    for page in sorted(DOCS.rglob("*.md")):
        if page == REFERENCES:
            continue
        text = flat(page.read_text(encoding="utf-8"))
        for pattern in (NARRATIVE, PARENTHETICAL):
            for match in pattern.finditer(text):
                names = surnames(match["names"])
                if any(name in NOT_NAMES for name in names):
                    continue
                years = tuple(re.findall(YEAR, match["years"]))
                found.append(Citation(str(page.relative_to(DOCS)), names, years))
    return found


def entries() -> list[str]:
    """The bullets under the section headings of references.md, each folded onto one line."""
    items: list[str] = []
    in_section = False
    for line in REFERENCES.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            in_section = True
        elif in_section and line.startswith("- "):
            items.append(line[2:])
        elif in_section and line.startswith("  ") and items:
            items[-1] += " " + line.strip()
    return [flat(item) for item in items]


def words(text: str) -> set[str]:
    return set(re.findall(r"[^\W\d_][\w'’\-]*", text))


def test_the_citation_patterns_find_what_the_pages_cite() -> None:
    # A guard against a pattern that silently matches nothing.
    found = {(c.surnames, c.years) for c in citations()}
    assert (("Galinsky", "Mussweiler"), ("2001",)) in found
    assert (("Sebenius",), ("2017",)) in found
    for sample, expected in (
        ("as Binmore, Shaked and Sutton (1989) showed", (("Binmore", "Shaked", "Sutton"), ("1989",))),
        ("Nash's (1950) symmetric solution", (("Nash",), ("1950",))),
        ("(Axelrod and Hamilton 1981; Axelrod 1984)", (("Axelrod",), ("1984",))),
        ("(Loschelder and colleagues 2014, 2016)", (("Loschelder",), ("2014", "2016"))),
        ("(Tey, Schaerer, Madan and Swaab 2021, study 5)", (("Tey", "Schaerer", "Madan", "Swaab"), ("2021",))),
        ("Grosskopf et al. (2007)", (("Grosskopf",), ("2007",))),
    ):
        matches = [m for p in (NARRATIVE, PARENTHETICAL) for m in p.finditer(sample)]
        assert any((surnames(m["names"]), tuple(re.findall(YEAR, m["years"]))) == expected for m in matches), sample


def test_every_citation_has_a_reference_entry() -> None:
    listed = [(words(entry), entry) for entry in entries()]
    missing = []
    for citation in citations():
        for year in citation.years:
            if not any(set(citation.surnames) <= entry_words and f"({year})" in entry for entry_words, entry in listed):
                missing.append(f"{citation} (no entry with these names and ({year}))")
    assert missing == [], "cited but not in references.md:\n" + "\n".join(sorted(set(missing)))


@pytest.mark.parametrize("entry", entries(), ids=lambda e: e[:50])
def test_every_entry_has_year_title_venue_and_a_check_note(entry: str) -> None:
    match = ENTRY.match(entry)
    assert match, f"no 'Authors (year). ' at the start: {entry}"
    note = NOTE.search(match["rest"])
    assert note, f"no closing *(checked: ...)* or *(not checked: ...)* note: {entry}"
    body = match["rest"][: note.start()].strip()
    if body.startswith("*"):
        # A book, a case or a report: the italic title, then who published it.
        title = ITALIC.match(body)
        assert title, f"unclosed italic title: {entry}"
        venue = body[title.end() :].strip(" .,")
        assert title[1].strip(" .") and venue, f"a book needs an italic title and a publisher: {entry}"
    else:
        # An article: a plain title, then the italic journal.
        title, _, after = body.partition("*")
        assert title.strip(" ."), f"no title before the venue: {entry}"
        assert ITALIC.search("*" + after), f"no italic venue after the title: {entry}"


def test_there_are_entries_and_no_duplicates() -> None:
    found = entries()
    assert len(found) >= 40
    keys = [ENTRY.match(e)["authors"] + ENTRY.match(e)["year"] + ENTRY.match(e)["rest"][:40] for e in found if ENTRY.match(e)]
    assert len(keys) == len(set(keys))


def test_the_new_pages_exist_and_are_in_the_navigation() -> None:
    listed = nav_pages()
    for page in NEW_PAGES:
        assert (DOCS / page).is_file(), page
        assert page in listed, f"{page} is not in mkdocs.yml's nav"


def test_the_ethics_page_says_it_is_not_legal_advice() -> None:
    text = (DOCS / "hard-not-dishonest.md").read_text(encoding="utf-8")
    assert text.startswith("# Hard, not dishonest")
    assert "Not legal advice" in text
