"""The guide's content rules, checked on the built site."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ESSAY = ROOT.parent / "shared" / "source" / "the-walk-away-option.txt"

TACTICS = {
    "keep-your-cards-close": ["calculators/zopa/"],
    "do-your-homework": ["calculators/zopa/"],
    "know-your-bottom-line": ["calculators/batna/"],
    "use-time": ["calculators/time-pressure/"],
    "use-a-proxy": ["cases/joint-venture/#the-calculator"],
    "make-yourself-scarce": ["calculators/concessions/"],
    "argue-no-fortress": ["calculators/concessions/", "calculators/time-pressure/"],
    "long-and-short-term": ["calculators/repeated/"],
}
CASES = {"joint-venture": "jv-postmortem", "union-contract": "union-postmortem"}


class ArticleText(HTMLParser):
    """The visible text of a page's article, without the calculators' forms and results or code blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []

    VOID = frozenset(("area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in self.VOID:
            return
        if tag == "article":
            self.depth += 1
        elif self.depth and (
            self.skip
            or tag in ("pre", "code", "script", "style")
            or "calc" in (a.get("class") or "").split()
            or "katex" in (a.get("class") or "")
        ):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1
        elif self.skip and tag not in self.VOID:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)


def page_html(site_dir: Path, path: str) -> str:
    return (site_dir / path / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("slug", "targets"), TACTICS.items())
def test_tactic_page_has_its_sections_and_calculator_link(site_dir: Path, slug: str, targets: list[str]) -> None:
    html = page_html(site_dir, f"tactics/{slug}")
    for heading in ("The idea", "Why it works", "How to apply it", "How it backfires", "Worked example"):
        assert f">{heading}<" in html, f"{slug} lacks the section {heading!r}"
    for target in targets:
        assert f'href="../../{target}"' in html, f"{slug} does not link its calculator {target}"


#: Tactic pages that come close to the line between hard bargaining and dishonesty link the ethics page.
NEAR_THE_LINE = ("keep-your-cards-close", "use-a-proxy", "use-time", "argue-no-fortress", "long-and-short-term")
#: Tactic pages whose subject is the opening number link the first-offers page.
ABOUT_OPENINGS = ("keep-your-cards-close", "do-your-homework")

SECTION = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.S)
DETAILS = re.compile(r'<details class="([^"]+)"[^>]*>\s*<summary>(.*?)</summary>(.*?)</details>', re.S)


def sections(html: str) -> dict[str, str]:
    """The article's level-2 sections, by heading text, each with its HTML up to the next level-2 heading."""
    article = html[html.index("<article") : html.rindex("</article>")]
    heads = list(SECTION.finditer(article))
    found = {}
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(article)
        title = text_of(re.sub(r'<a class="headerlink".*?</a>', "", head.group(2)))
        found[title] = article[head.end() : end]
    return found


def text_of(fragment: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def check_yourself(html: str, page: str) -> list[tuple[str, str]]:
    """The page's self-check questions with their answers; asserts the block is the page's last section."""
    found = sections(html)
    assert "Check yourself" in found, f"{page} has no Check yourself section"
    after = list(found)[list(found).index("Check yourself") + 1 :]
    assert after in ([], ["Sources"]), f"{page}: Check yourself is followed by {after}; only Sources may follow it"
    questions = [(text_of(q), text_of(a)) for kind, q, a in DETAILS.findall(found["Check yourself"]) if kind == "question"]
    for question, answer in questions:
        assert question and answer, f"{page}: a question without its answer: {question!r}"
    return questions


@pytest.mark.parametrize("slug", TACTICS)
def test_tactic_page_says_what_to_do_when_they_use_it_on_you(site_dir: Path, slug: str) -> None:
    found = sections(page_html(site_dir, f"tactics/{slug}"))
    assert "When they use it on you" in found, f"{slug} lacks the section 'When they use it on you'"
    assert len(text_of(found["When they use it on you"]).split()) >= 80, f"{slug}: 'When they use it on you' is a stub"


@pytest.mark.parametrize("slug", TACTICS)
def test_tactic_page_ends_with_three_to_five_questions_one_asking_for_a_number(site_dir: Path, slug: str) -> None:
    questions = check_yourself(page_html(site_dir, f"tactics/{slug}"), slug)
    assert 3 <= len(questions) <= 5, f"{slug} has {len(questions)} self-check questions, not 3 to 5"
    # The calculator question gives its inputs, so a reader can reproduce the answer.
    assert any(re.search(r"\d", q) for q, _ in questions), f"{slug}: no question gives the numbers to work with"


@pytest.mark.parametrize("slug", CASES)
def test_case_page_ends_with_its_check_yourself_block(site_dir: Path, slug: str) -> None:
    questions = check_yourself(page_html(site_dir, f"cases/{slug}"), slug)
    assert 3 <= len(questions) <= 5, f"{slug} has {len(questions)} self-check questions, not 3 to 5"
    assert any(re.search(r"\d", q) for q, _ in questions), f"{slug}: no question gives the numbers to work with"


@pytest.mark.parametrize("slug", TACTICS)
def test_tactic_page_explains_before_the_model_and_folds_the_model(site_dir: Path, slug: str) -> None:
    found = sections(page_html(site_dir, f"tactics/{slug}"))
    why = found["Why it works"]
    model = [body for kind, summary, body in DETAILS.findall(why) if kind == "note" and text_of(summary) == "The model"]
    assert model, f"{slug}: no collapsible 'The model' block in 'Why it works'"
    assert why.index('<details class="note"') > why.index("<ul>"), f"{slug}: the model comes before the plain explanation"
    # Formulas live in the folded block, not in the plain explanation or the sections after it.
    for title, body in found.items():
        outside = DETAILS.sub("", body)
        assert 'class="katex' not in outside, f"{slug}: a typeset formula outside 'The model', in {title!r}"


@pytest.mark.parametrize("slug", NEAR_THE_LINE)
def test_tactic_near_the_line_links_the_ethics_page(site_dir: Path, slug: str) -> None:
    assert 'href="../../hard-not-dishonest/' in page_html(site_dir, f"tactics/{slug}"), f"{slug} does not link the ethics page"


@pytest.mark.parametrize("slug", ABOUT_OPENINGS)
def test_tactic_about_openings_links_the_first_offers_page(site_dir: Path, slug: str) -> None:
    assert 'href="../../first-offers/' in page_html(site_dir, f"tactics/{slug}"), f"{slug} does not link the first-offers page"


@pytest.mark.parametrize(("slug", "calc"), CASES.items())
def test_case_page_embeds_its_calculator(site_dir: Path, slug: str, calc: str) -> None:
    html = page_html(site_dir, f"cases/{slug}")
    assert f'data-calc="{calc}"' in html
    assert "Assumptions in the example" in html
    assert ">Post-mortem<" in html


def test_every_glossary_term_is_defined_and_a_tooltip(site_dir: Path) -> None:
    terms = re.findall(r"^\*\[([^\]]+)\]:\s*(\S.*)$", (ROOT / "includes" / "abbreviations.md").read_text(encoding="utf-8"), re.M)
    assert len(terms) >= 10
    glossary = page_html(site_dir, "glossary")
    for term, definition in terms:
        assert definition.strip(), term
        assert re.search(rf"<dt>(<abbr[^>]*>)?{re.escape(term)}(</abbr>)?</dt>\s*<dd>", glossary), (
            f"{term} is not defined on the glossary page"
        )
    # The tooltips reach other pages: BATNA on the tactic page that is about it.
    assert '<abbr title="Best alternative to a negotiated agreement' in page_html(site_dir, "tactics/know-your-bottom-line")


def test_formulas_are_typeset_at_build_time(site_dir: Path) -> None:
    for path in ("calculators/batna", "calculators/zopa", "cases/joint-venture"):
        html = page_html(site_dir, path)
        assert 'class="katex"' in html and 'class="arithmatex"' not in html, path
    assert (site_dir / "assets" / "katex" / "katex.min.css").is_file()
    assert list((site_dir / "assets" / "katex" / "fonts").glob("*.woff2"))


def words(text: str) -> list[str]:
    text = unescape(text).lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text)


def test_no_eight_word_run_from_the_essay(site_dir: Path) -> None:
    if not ESSAY.is_file():
        pytest.skip(f"the essay is not in this checkout ({ESSAY.relative_to(ROOT.parent)}); it is not ours to redistribute")
    essay = words(ESSAY.read_text(encoding="utf-8"))
    grams = {tuple(essay[i : i + 8]) for i in range(len(essay) - 7)}
    found = []
    for page in sorted(site_dir.rglob("index.html")):
        reader = ArticleText()
        reader.feed(page.read_text(encoding="utf-8"))
        text = words(" ".join(reader.parts))
        for i in range(len(text) - 7):
            if tuple(text[i : i + 8]) in grams:
                found.append(f"{page.parent.relative_to(site_dir)}: {' '.join(text[i : i + 8])}")
    assert found == []


def test_every_page_is_in_the_navigation(site_dir: Path) -> None:
    import yaml

    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:\n", 1)[1].join(["nav:\n", ""]))["nav"]
    listed: set[str] = set()

    def walk(items: object) -> None:
        if isinstance(items, list):
            for item in items:
                walk(item)
        elif isinstance(items, dict):
            for value in items.values():
                walk(value)
        elif isinstance(items, str):
            listed.add(items)

    walk(nav)
    pages = {str(p.relative_to(ROOT / "docs")) for p in (ROOT / "docs").rglob("*.md")}
    assert pages - listed == set()
