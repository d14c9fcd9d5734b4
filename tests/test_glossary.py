"""Every glossary term carries its tooltip, on every page of the built site, in every form it takes.

A term counts wherever the article's text says it: in any mix of capitals, in
the plural, with its words split across lines of the Markdown source, and,
for an acronym whose definition starts with what it stands for, spelled out.
Left out: headings, code, maths, and the calculators' forms and results
(rendered by ``calculators.render`` and replaced in the browser as the reader
types, so no tooltip there would survive). Link text is included: the theme
shows a tooltip inside a link like anywhere else.

The matching here is written independently of ``sitebuild/glossary.py``: it
is the specification that the extension meets.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

ROOT = Path(__file__).resolve().parents[1]
ABBREVIATIONS = ROOT / "includes" / "abbreviations.md"
#: Ideas the guide's pages rely on that must each have a glossary entry.
REQUIRED_TERMS = ("target", "opening offer", "interests", "win-set", "winner's curse", "patience factor", "reservation price")
#: Terms of art, as a writer would put them on a page. Wherever one occurs in a page's text, some glossary entry must
#: cover it (as written, in the plural, or as an acronym spelled out), so that it carries a tooltip there.
TERMS_OF_ART = (
    "BATNA",
    "zone of possible agreement",
    "reservation price",
    "walk-away value",
    "target",
    "opening offer",
    "anchor",
    "anchoring",
    "re-anchoring",
    "counteroffer",
    "concession",
    "reciprocity",
    "take-it-or-leave-it price",
    "outside option",
    "binds",
    "bargaining power",
    "breakdown risk",
    "impasse",
    "multiple equivalent simultaneous offers",
    "MESO",
    "social value orientation",
    "certainty equivalent",
    "risk tolerance",
    "expected value",
    "winner's curse",
    "patience factor",
    "win-set",
    "ratification",
    "principal",
    "logrolling",
    "contingency plan",
    "ultimatum",
    "tit for tat",
    "grim trigger",
    "bluff",
    "fraud",
    "material fact",
    "duty to bargain in good faith",
    "Boulwarism",
)
#: Second names for an idea the glossary already names: the pages use the glossary's name instead.
RETIRED_NAMES = ("zone of agreement", "deal zone")
#: Inline elements: text in them runs on with the text around them. Every other element starts and ends a block.
INLINE = frozenset(
    ("a", "abbr", "b", "cite", "del", "em", "i", "ins", "mark", "q", "s", "small", "span", "strong", "sub", "sup", "u")
)
VOID = frozenset(("area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"))
#: Not the guide's prose: headings, code, and scripts.
SKIPPED_TAGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6", "pre", "code", "kbd", "samp", "script", "style", "svg", "math"))
#: The calculators (class "calc") and typeset maths (KaTeX).
SKIPPED_CLASSES = frozenset(("calc", "katex", "katex-display", "math"))
BREAK = "\x00"  # between blocks and in place of skipped text: no term matches across it


def glossary() -> list[tuple[str, str]]:
    return re.findall(r"^\*\[([^\]]+)\]:\s*(\S.*)$", ABBREVIATIONS.read_text(encoding="utf-8"), re.M)


def occurrences(term: str, definition: str) -> re.Pattern[str]:
    """Where ``term`` occurs in text: any case, its plural, any whitespace between words; an acronym also spelled out."""

    def written(form: str, plural: bool) -> str:
        words = [re.escape(w).replace("'", "['\u2019]") for w in form.split()]
        if plural:
            last = words[-1]
            words[-1] = last[:-1] + "(?:y|ies)" if last.endswith("y") else last + "(?:e?s)?"
        return r"\s+".join(words)

    forms = [written(term, plural=True)]
    spelled, colon, _ = definition.partition(":")
    if term.isupper() and colon and len(spelled.split()) > 1:
        forms.append(written(spelled.strip(), plural=False))
    return re.compile(rf"\b(?:{'|'.join(forms)})\b", re.IGNORECASE)


class PageText(HTMLParser):
    """The article's text, and for each of its characters the tooltip (``abbr``) it sits in, if any."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tooltip: list[int] = []  # per character: an index into titles, or -1
        self.titles: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # open elements: (tag, skipped)
        self.in_article = 0
        self.abbr = -1

    def _break(self) -> None:
        if self.text and self.text[-1] != BREAK:
            self.text.append(BREAK)
            self.tooltip.append(-1)

    def skipping(self) -> bool:
        return any(skipped for _, skipped in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.in_article += 1
            return
        if not self.in_article or tag in VOID:
            if tag == "br":
                self._break()
            return
        classes = set((dict(attrs).get("class") or "").split())
        self.stack.append((tag, tag in SKIPPED_TAGS or bool(classes & SKIPPED_CLASSES)))
        if tag == "abbr":
            self.titles.append(dict(attrs).get("title") or "")
            self.abbr = len(self.titles) - 1
        elif tag not in INLINE:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.in_article -= 1
            return
        if not self.in_article or tag in VOID:
            return
        while self.stack:  # close up to the matching element, as browsers do with unclosed ones
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break
        if tag == "abbr":
            self.abbr = -1
        elif tag not in INLINE:
            self._break()

    def handle_data(self, data: str) -> None:
        if not self.in_article:
            return
        if self.skipping():
            self._break()
            return
        self.text.extend(data)
        self.tooltip.extend([self.abbr] * len(data))


def untipped(html: str, terms: list[tuple[str, str]]) -> list[str]:
    """Each occurrence of a term in ``html``'s article that is not wholly inside a tooltip, or sits in one with another term's definition."""
    page = PageText()
    page.feed(html)
    text = "".join(page.text)
    found = []
    for term, definition in terms:
        for m in occurrences(term, definition).finditer(text):
            tips = set(page.tooltip[m.start() : m.end()])
            context = " ".join(text[max(0, m.start() - 40) : m.end() + 40].replace(BREAK, " | ").split())
            if -1 in tips:
                found.append(f"{term!r} without its tooltip: …{context}…")
            elif len(tips) == 1:
                (tip,) = tips
                whole = [i for i, t in enumerate(page.tooltip) if t == tip]
                if text[whole[0] : whole[-1] + 1] == m.group(0) and page.titles[tip] != definition:
                    found.append(f"{term!r} with another term's tooltip ({page.titles[tip]!r}): …{context}…")
    return found


def test_the_glossary_has_the_ideas_the_pages_rely_on() -> None:
    terms = dict(glossary())
    assert [t for t in REQUIRED_TERMS if t not in terms] == []
    # One name per idea: the per-round fraction is the patience factor, never also an entry of its own.
    assert "discount factor" not in terms
    lower = [t.lower() for t in terms]
    assert len(lower) == len(set(lower)), "a term is defined twice"


def test_every_glossary_term_has_its_tooltip_on_every_page(site_dir: Path) -> None:
    terms = glossary()
    problems = []
    pages = sorted(site_dir.rglob("index.html"))
    assert len(pages) > 20
    for path in pages:
        where = str(path.parent.relative_to(site_dir)) or "home"
        if where.startswith("assets"):
            continue
        problems += [f"{where}: {p}" for p in untipped(path.read_text(encoding="utf-8"), terms)]
    assert problems == [], "\n".join(problems)


def covering(phrase: str, terms: list[tuple[str, str]]) -> list[str]:
    """The glossary terms one of whose written forms is exactly ``phrase``."""
    return [term for term, definition in terms if occurrences(term, definition).fullmatch(phrase)]


def article_texts(site_dir: Path) -> dict[str, str]:
    """Each built page's article text, as ``untipped`` reads it, by the page's path (the glossary page left out)."""
    texts = {}
    for path in sorted(site_dir.rglob("index.html")):
        where = str(path.parent.relative_to(site_dir)) or "home"
        if where.startswith("assets") or where == "glossary":
            continue
        page = PageText()
        page.feed(path.read_text(encoding="utf-8"))
        texts[where] = "".join(page.text)
    return texts


def test_every_term_of_art_is_in_the_glossary() -> None:
    terms = glossary()
    assert [t for t in TERMS_OF_ART if not covering(t, terms)] == []


def test_a_term_of_art_on_a_page_has_a_glossary_entry(site_dir: Path) -> None:
    terms = glossary()
    used: dict[str, list[str]] = {}
    for where, text in article_texts(site_dir).items():
        for phrase in TERMS_OF_ART:
            if occurrences(phrase, "").search(text):
                used.setdefault(phrase, []).append(where)
    # A guard against matching nothing: these are used on the tactic pages.
    assert {"BATNA", "take-it-or-leave-it price", "impasse", "principal"} <= set(used)
    assert [f"{phrase!r} (on {', '.join(pages)})" for phrase, pages in used.items() if not covering(phrase, terms)] == []


def test_the_pages_use_one_name_per_idea(site_dir: Path) -> None:
    found = []
    for where, text in article_texts(site_dir).items():
        for name in RETIRED_NAMES:
            if occurrences(name, "").search(text):
                found.append(f"{where}: {name!r}")
    assert found == []


def test_every_glossary_entry_is_used_on_some_page(site_dir: Path) -> None:
    texts = article_texts(site_dir)
    assert len(texts) > 20
    unused = [term for term, definition in glossary() if not any(occurrences(term, definition).search(t) for t in texts.values())]
    assert unused == []


class DefinitionList(HTMLParser):
    """The terms (``dt``) and definitions (``dd``) of a page's article, as plain text."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[list[str]] = []
        self.inside: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "dt":
            self.entries.append(["", ""])
        if tag in ("dt", "dd"):
            self.inside = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self.inside:
            self.inside = None

    def handle_data(self, data: str) -> None:
        if self.inside and self.entries:
            self.entries[-1][0 if self.inside == "dt" else 1] += data


def test_the_glossary_page_lists_every_entry_once_with_its_definition(site_dir: Path) -> None:
    page = DefinitionList()
    page.feed((site_dir / "glossary" / "index.html").read_text(encoding="utf-8"))
    listed = [(" ".join(term.split()), " ".join(definition.split())) for term, definition in page.entries]
    assert sorted(listed) == sorted(glossary())


# -- the specification itself, on small pages -----------------------------------------------------------------------

TERMS = [
    ("concession", "Giving ground."),
    ("zone of agreement", "The range."),
    ("proxy", "An agent."),
    ("ZOPA", "Zone of possible agreement: the range."),
]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<article><p>one <abbr title="Giving ground.">concession</abbr></p></article>', []),
        ("<article><p>two Concessions</p></article>", ["'concession' without"]),
        ("<article><p>a zone of\nagreement</p></article>", ["'zone of agreement' without"]),
        ("<article><p>two proxies and a zone of possible agreement</p></article>", ["'proxy' without", "'ZOPA' without"]),
        ('<article><p>a <abbr title="The range.">proxy</abbr></p></article>', ["'proxy' with another term's tooltip"]),
        ("<article><h2>Concessions</h2><pre><code>concession</code></pre><div class='calc'><p>proxy</p></div></article>", []),
        ("<p>concession outside the article</p><article><p>zone of</p><p>agreement</p></article>", []),
    ],
)
def test_what_counts_as_a_term_without_its_tooltip(html: str, expected: list[str]) -> None:
    found = untipped(html, TERMS)
    assert len(found) == len(expected), found
    for problem, start in zip(found, expected, strict=True):
        assert problem.startswith(start), problem


def test_the_extension_gives_every_form_its_tooltip() -> None:
    source = (
        "Two Concessions, one concession, a zone of\nagreement, two proxies, a ZOPA and a zone of possible agreement.\n"
        "`concession` in code, [a concession](x.md).\n\n" + "\n".join(f"*[{term}]: {definition}" for term, definition in TERMS)
    )
    html = "<article>" + markdown.markdown(source, extensions=["abbr", "sitebuild.glossary"]) + "</article>"
    assert untipped(html, TERMS) == []
    assert "<code>concession</code>" in html
    assert '<a href="x.md">a <abbr title="Giving ground.">concession</abbr></a>' in html


def test_a_calculator_forms_help_text_gets_tooltips_and_its_results_none() -> None:
    """The form is raw HTML, which the tree processor never sees; it is built once, so its help text gets tooltips.
    The results are replaced by Python in the browser, which knows no glossary: a tooltip there would vanish."""
    form = '<div class="calc"><small class="calc-help" id="h">Your first concession, within the ZOPA.</small>'
    results = '<div class="calc-results"><p>One concession too many.</p></div></div>'
    source = f"{form}{results}\n\nA concession.\n\n" + "\n".join(f"*[{term}]: {definition}" for term, definition in TERMS)
    html = markdown.markdown(source, extensions=["abbr", "sitebuild.glossary"])
    assert '<small class="calc-help" id="h">Your first <abbr title="Giving ground.">concession</abbr>, within the <abbr' in html
    assert "<p>One concession too many.</p>" in html
