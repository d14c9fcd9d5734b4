"""Glossary tooltips on every form of a term: plurals, capitals, and phrases broken across lines.

List it in ``mkdocs.yml`` under ``markdown_extensions`` as ``sitebuild.glossary``,
together with ``abbr``. The terms and their definitions are the ``abbr``
extension's own (``*[TERM]: definition`` lines, which pymdownx.snippets
appends to every page from ``includes/abbreviations.md``): one entry per idea,
so the glossary page lists each idea once.

Why not ``abbr`` alone: it wraps a term only where it appears exactly as
written, on one line of the Markdown source. "Concessions", "Concession" and a
"zone of" at the end of one line with "agreement" on the next all escape it,
and a plural or a capitalised form written as an entry of its own would show
up on the glossary page as a second idea. So this tree processor runs just
before ``abbr``'s, on the same definitions, and wraps each term:

- in any mix of upper and lower case ("Reservation price", "BATNA");
- in its plural ("concessions", "proxies", "BATNAs"), made by the usual
  English rules (``plural``);
- with any run of spaces or line breaks between its words, and a straight or a
  curly apostrophe ("winner's curse", "winner’s curse");
- for an acronym whose definition starts with what it stands for
  ("*[ZOPA]: Zone of possible agreement: ..."), spelled out as well
  (``written_forms``).

The longest term wins where two could match ("walk-away value" before
"walk-away"). What it wraps is an ``AtomicString``, so ``abbr``'s own pass,
which follows, finds nothing left to do. Like ``abbr``, it leaves code,
scripts and raw HTML alone (their text is stashed or atomic), and it wraps
terms in tables, admonitions and link text. Unlike ``abbr``, it leaves
headings alone (``SKIP``); ``abbr`` still marks a term written exactly as
defined there.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable, Mapping
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from sitebuild import BuildError

#: Elements whose text gets no tooltips: code, scripts, maths, existing tooltips, and headings (a page's title
#: is a name, not a use of a term: "The Walk-Away Option" needs no tooltip on "Walk-Away").
SKIP = frozenset(("code", "pre", "kbd", "samp", "script", "style", "abbr", "math", "h1", "h2", "h3", "h4", "h5", "h6"))
#: Letters after which a plural takes "-es" rather than "-s".
SIBILANT = re.compile(r"(?:s|x|z|ch|sh)$")


def plural(term: str) -> str | None:
    """The plural of ``term``'s head noun, or ``None`` when ``term`` already reads as a plural ("interests").

    The head noun is the word before " of " ("value of information" gives
    "values of information"), otherwise the last word.

    >>> [plural(t) for t in ("concession", "proxy", "BATNA", "surplus", "walk-away value", "interests")]
    ['concessions', 'proxies', 'BATNAs', 'surpluses', 'walk-away values', None]
    """
    head, of, rest = term.partition(" of ")
    word = head.rsplit(" ", 1)[-1]
    stem = head[: len(head) - len(word)]
    if word.isupper():
        word += "s"
    elif re.search(r"[^aeiou]y$", word):
        word = word[:-1] + "ies"
    elif word.endswith("s") and not word.endswith(("ss", "us")):
        return None
    elif SIBILANT.search(word):
        word += "es"
    else:
        word += "s"
    return stem + word + of + rest


def expansion(term: str, definition: str) -> str | None:
    """What an acronym stands for, when its definition starts with it and a colon; ``None`` for any other term.

    >>> expansion("BATNA", "Best alternative to a negotiated agreement: what you will do if these talks fail.")
    'Best alternative to a negotiated agreement'
    >>> expansion("surplus", "Value: how much better a deal is.") is None
    True
    """
    spelled, colon, _ = definition.partition(":")
    if term.isupper() and colon and 1 < len(spelled.split()) <= 8:
        return spelled.strip()
    return None


def written_forms(term: str, definition: str) -> tuple[str, ...]:
    """Every form of ``term`` that gets its tooltip: as written, its plural, and an acronym spelled out."""
    return tuple(f for f in (term, plural(term), expansion(term, definition)) if f)


def form_pattern(form: str) -> str:
    """A regex for one written form: any whitespace between words, either apostrophe."""
    words = (re.escape(w).replace("'", "['\u2019]") for w in form.split())
    return r"\s+".join(words)


def terms_pattern(forms_of_terms: Iterable[tuple[str, ...]]) -> re.Pattern[str]:
    """One regex for the forms of every term, longest first; a match's group is named ``t<term's index>_<form's number>``."""
    alternatives: list[tuple[int, str]] = []
    for index, forms in enumerate(forms_of_terms):
        for form in forms:
            alternatives.append((len(form), f"(?P<t{index}_{len(alternatives)}>{form_pattern(form)})"))
    alternatives.sort(key=lambda a: a[0], reverse=True)
    return re.compile(rf"\b(?:{'|'.join(a for _, a in alternatives)})\b", re.IGNORECASE)


class GlossaryTreeprocessor(Treeprocessor):
    """Wraps every form of every defined term in ``<abbr title="definition">``."""

    def run(self, root: etree.Element) -> None:
        if "abbr" not in self.md.treeprocessors:
            raise BuildError("sitebuild.glossary reads the abbr extension's definitions: list `abbr` in markdown_extensions")
        definitions: Mapping[str, str] = getattr(self.md.treeprocessors["abbr"], "abbrs", {})
        if not definitions:
            return
        self.titles = list(definitions.values())
        self.pattern = terms_pattern(written_forms(term, title) for term, title in definitions.items())
        self.wrap_inside(root)

    def split(self, text: str) -> tuple[str, list[etree.Element]]:
        """``text`` cut at each term: the text before the first, and one ``abbr`` per term carrying what follows it as its tail."""
        found = list(self.pattern.finditer(text))
        if not found:
            return text, []
        abbrs = []
        for m, after in zip(found, [*found[1:], None], strict=True):
            abbr = etree.Element("abbr", {"title": self.titles[int(str(m.lastgroup)[1:].split("_")[0])]})
            abbr.text = AtomicString(m.group(0))
            abbr.tail = text[m.end() : after.start() if after else len(text)]
            abbrs.append(abbr)
        return text[: found[0].start()], abbrs

    def wrap_inside(self, el: etree.Element) -> None:
        """Wraps the terms in ``el``'s own text, in its children (unless skipped) and in the text after each child."""
        children = list(el)
        if el.text and not isinstance(el.text, AtomicString):
            el.text, abbrs = self.split(el.text)
            for i, abbr in enumerate(abbrs):
                el.insert(i, abbr)
        for child in children:
            if child.tag not in SKIP and "arithmatex" not in (child.get("class") or ""):
                self.wrap_inside(child)
            if child.tail and not isinstance(child.tail, AtomicString):
                child.tail, abbrs = self.split(child.tail)
                at = list(el).index(child) + 1
                for i, abbr in enumerate(abbrs):
                    el.insert(at + i, abbr)


#: A calculator form's help text, as calculators.render writes it: escaped text, no markup inside.
FORM_HELP = re.compile(r'(<small class="calc-help"[^>]*>)([^<]*)(</small>)')


class FormHelpPostprocessor(Postprocessor):
    """The same tooltips in the help text of a calculator's form, which reaches the page as raw HTML.

    The form is rendered once, at build time, and never replaced in the browser, so its tooltips stay. The
    results are replaced on every change by what Python renders in the browser, which knows no glossary: they
    get none, rather than tooltips that vanish at the first keystroke.
    """

    def run(self, text: str) -> str:
        if 'class="calc-help"' not in text:
            return text
        definitions: Mapping[str, str] = getattr(self.md.treeprocessors["abbr"], "abbrs", {})
        if not definitions:
            return text
        titles = list(definitions.values())
        pattern = terms_pattern(written_forms(term, title) for term, title in definitions.items())

        def tooltip(m: re.Match[str]) -> str:
            title = titles[int(str(m.lastgroup)[1:].split("_")[0])]
            return f'<abbr title="{html.escape(title, quote=True)}">{m.group(0)}</abbr>'

        return FORM_HELP.sub(lambda m: m.group(1) + pattern.sub(tooltip, m.group(2)) + m.group(3), text)


class GlossaryExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After the inline patterns (20) and attr_list (8) have made the text final; before abbr's own pass (7).
        md.treeprocessors.register(GlossaryTreeprocessor(md), "walkaway_glossary", 7.5)
        # After raw HTML (a calculator's form) is back in place (30).
        md.postprocessors.register(FormHelpPostprocessor(md), "walkaway_glossary_forms", 25)


def makeExtension(**kwargs: Any) -> GlossaryExtension:  # noqa: N802 (Python-Markdown's name)
    return GlossaryExtension(**kwargs)
