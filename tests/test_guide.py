"""The guide's content rules, checked on the built site."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import nav_pages

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
    listed = nav_pages()
    pages = {str(p.relative_to(ROOT / "docs")) for p in (ROOT / "docs").rglob("*.md")}
    assert pages - listed == set()


# -- The running example on the tactic pages -----------------------------------------------------------------------
#
# Each tactic page and the first-offers page tells its part of the Prepare page's running example (Maya sells
# 14 Alder Lane to the Okafors) in one box, `!!! example "Maya's house"`. Every number in a box must come from
# calculators/plan.py's EXAMPLE or BUYER_EXAMPLE, their results, or the arithmetic written below; the phrases listed
# per page tie the key numbers to what they name, so that a change to the example flags the pages that tell it.

MAYA_BOX = '!!! example "Maya\'s house"'
MAYA_PAGES = (*(f"tactics/{slug}.md" for slug in TACTICS), "first-offers.md")
#: Pages that point into the Prepare page: the boxes' pages and the calculators the plan's steps run.
PREPARE_LINKERS = (
    *MAYA_PAGES,
    *(f"calculators/{name}.md" for name in ("batna", "zopa", "concessions", "time-pressure", "repeated")),
)


def maya_box(page: str) -> str:
    """The text of the page's one "Maya's house" box, its lines joined."""
    lines = (ROOT / "docs" / page).read_text(encoding="utf-8").splitlines()
    starts = [i for i, line in enumerate(lines) if line.strip() == MAYA_BOX]
    assert len(starts) == 1, f"{page} has {len(starts)} boxes {MAYA_BOX!r}, not one"
    body = []
    for line in lines[starts[0] + 1 :]:
        if line.strip() and not line.startswith("    "):
            break
        body.append(line.strip())
    return " ".join(" ".join(body).split())


def running_example() -> dict[str, str]:
    """The running example's numbers by name, each written as the boxes write it."""
    from calculators import concessions, plan
    from calculators.numbers import money, number, percent

    seller, buyer = plan.compute(plan.EXAMPLE), plan.compute(plan.BUYER_EXAMPLE)
    s, b = seller.sections, buyer.sections
    # Step 2: her alternatives. The boxes call relisting "an even chance" of its two outcomes.
    walk_away = seller.walk_away
    assert walk_away is not None and walk_away == s["batna"].result.walk_away_value
    first_offer, quickhome = (o.value for o in s["batna"].inputs.offers)
    relist = s["batna"].inputs.alternatives[s["batna"].result.batna_index]
    rent = next(a for a in s["batna"].result.alternatives if a.name != relist.name)
    assert [o.probability for o in relist.outcomes] == [0.5, 0.5], "the boxes call relisting an even chance"
    high, low = (o.value for o in relist.outcomes)
    before_costs = 0.5 * high + 0.5 * low
    assert before_costs - relist.cost == walk_away, "the boxes derive the walk-away from relisting"
    # The chance of the high outcome at which the Okafors' first offer would match relisting.
    (even,) = (e for e in s["batna"].result.break_even if e.offer == s["batna"].inputs.offers[0].name)
    p = even.break_even_probability
    assert p is not None and abs(p * high + (1 - p) * low - relist.cost - first_offer) < 0.01, "the break-even"
    # Step 3: their side.
    z = s["zopa"]
    margin = z.result.best_ultimatum_price - walk_away
    assert abs(margin * z.result.acceptance_probability - z.result.expected_gain) < 0.01, "gain = margin × chance"
    # Step 4: her concessions, and theirs.
    c = s["concessions"].result
    theirs = c.their_concessions or ()
    # Step 6: the pie is the gap between her walk-away and the top of her guess at their limit.
    t, tb = s["time-pressure"], b["time-pressure"]
    assert t.inputs.pie == z.inputs.their_walk_away_high - walk_away, "the boxes say the pie is this gap"
    assert t.inputs.you_propose_first, "the boxes say Maya makes the first offer"
    assert tb.result.your_share == t.result.their_share, "the boxes say the buyer's plan gives them the same share"
    dates = {d.whose: d.when for d in plan.EXAMPLE.talks.deadlines}
    r = s["repeated"]
    bz = b["zopa"]
    facts = {
        "walk": money(walk_away),
        "first_offer": money(first_offer),
        "quickhome": money(quickhome),
        "relist_high": money(high),
        "relist_low": money(low),
        "relist_cost": money(relist.cost),
        "relist_before_costs": money(before_costs),
        "rent": money(rent.present_value),
        "quickhome_short": money(walk_away - quickhome),
        "first_short": money(walk_away - first_offer),
        "break_even": percent(p, 0),
        "break_even_p": number(p),
        "break_even_q": number(1 - p),
        "their_low": money(z.inputs.their_walk_away_low),
        "their_high": money(z.inputs.their_walk_away_high),
        "width": money(z.inputs.their_walk_away_high - z.inputs.their_walk_away_low),
        "best": money(z.result.best_ultimatum_price),
        "margin": money(margin),
        "accept": percent(z.result.acceptance_probability, 1),
        "deal": percent(z.result.deal_probability, 0),
        "gain": money(z.result.expected_gain),
        "voi": money(z.result.value_of_information),
        "cost_reveal": money(z.result.cost_of_revealing),
        "target": money(seller.target or 0),
        **{f"step{i + 1}": money(x) for i, x in enumerate(seller.concessions)},
        "planned": money(c.planned),
        "reserve": money(c.reserve),
        "smallest_share": percent(min(c.concessions) / c.planned, 1),
        "small_line": percent(concessions.SMALL_CONCESSION_SHARE, 0),
        **{f"their_offer{i + 1}": money(x) for i, x in enumerate(seller.their_offers)},
        **{f"their_step{i + 1}": money(x) for i, x in enumerate(theirs)},
        "their_total": money(sum(theirs)),
        "her_same_rounds": money(sum(c.concessions[: len(theirs)])),
        "reciprocity": number(c.reciprocity or 0),
        "pie": money(t.inputs.pie),
        "her_patience": number(t.inputs.your_discount or 0),
        "their_patience": number(t.inputs.their_discount or 0),
        "her_fraction": percent(t.result.your_fraction, 0),
        "her_share": money(t.result.your_share),
        "their_share": money(t.result.their_share),
        "lease_date": dates["theirs"],
        "loan_date": dates["yours"],
        "meet_again": percent(r.inputs.continuation_probability, 0),
        "grim": percent(r.result.grim_trigger_threshold, 0),
        "tit_for_tat": percent(r.result.tit_for_tat_threshold, 0),
        "pushing_average": number(r.result.average_if_pushing_hard),
        "cooperating_average": number(r.result.average_if_cooperating),
        "b_meet_again": percent(b["repeated"].inputs.continuation_probability, 0),
        "b_walk": money(buyer.walk_away or 0),
        "b_their_low": money(bz.inputs.their_walk_away_low),
        "b_their_high": money(bz.inputs.their_walk_away_high),
        "b_cost_reveal": money(bz.result.cost_of_revealing),
        "b_voi": money(bz.result.value_of_information),
        "b_target": money(buyer.target or 0),
    }
    return facts


#: Per page, the phrases that tie a box's key numbers to what they name ({name}: a number of running_example()).
MAYA_PHRASES = {
    "tactics/keep-your-cards-close.md": (
        "bridging loan falls due on {loan_date}",
        "her best ask of {best} is accepted {accept} of the time",
        "{margin} × {accept} = {gain} over her walk-away",
        "her walk-away is {walk}",
        "the whole {cost_reveal} would be gone",
        "their lease ends on {lease_date}",
        "would pay up to {b_walk} would cost them all of their expected gain of {b_cost_reveal}",
    ),
    "tactics/do-your-homework.md": (
        "her walk-away is {walk}",
        "the Okafors' limit between {their_low} and {their_high}",
        "would be worth {voi} to her",
        "her limit lies between {b_their_low} and {b_their_high}",
        "worth {b_voi} to them",
    ),
    "tactics/know-your-bottom-line.md": (
        "an even chance of {relist_high} or {relist_low}, less {relist_cost} of carrying costs: "
        "{relist_before_costs} − {relist_cost} = {walk}",
        "worth {rent} after its costs",
        "{walk} her walk-away",
        "cash offer of {quickhome}",
        "falls {quickhome_short} short of relisting",
        "first offer of {first_offer} falls {first_short} short",
        "fell to {break_even}",
        "{break_even_p} × {relist_high} + {break_even_q} × {relist_low} − {relist_cost} = {first_offer}",
    ),
    "tactics/use-time.md": (
        "lease ends on {lease_date}, her bridging loan falls due on {loan_date}",
        "{her_patience} of a deal now to her and {their_patience} to them",
        "({their_high} − {walk} = {pie})",
        "she gets {her_fraction} of it in the patience model, {her_share}, and the Okafors {their_share}",
        "gives them the same {their_share}",
    ),
    "tactics/use-a-proxy.md": (
        "her target of {target}",
        "walk-away of {walk}",
        "their target, {b_target}, not the {b_walk} they would pay at most",
    ),
    "tactics/make-yourself-scarce.md": (
        "from her opening of {best} to her target of {target}",
        "{step1}, {step2}, {step3} and {step4}",
        "The smallest is {smallest_share} of the {planned} she plans to give, above the calculator's {small_line} line",
        "the {reserve} between target and walk-away",
        "from {their_offer1} to {their_offer2} to {their_offer3}",
        "{their_total} over two rounds against her {step1} + {step2} = {her_same_rounds}",
        "they give back {reciprocity} of what she gives",
        "{their_step1} then {their_step2}",
        "against her {target}",
    ),
    "tactics/argue-no-fortress.md": (
        "never take less than {best}",
        "only {accept} of the time",
        "exists {deal} of the time",
        "from {walk} to {best}, {margin} / {width} = {accept} of all cases",
        "the {reserve} of reserve",
    ),
    "tactics/long-and-short-term.md": (
        "with the Okafors again at {meet_again}",
        "from {grim} against a buyer who never forgives and from {tit_for_tat} against tit for tat",
        "at {meet_again}, against a buyer who plays tit for tat, pushing hard every time averages {pushing_average} "
        "a deal and cooperating only {cooperating_average}",
        "put the chance at {b_meet_again} too",
    ),
    "first-offers.md": (
        "at {first_offer}, below her walk-away of {walk}",
        "limit, {their_low} to {their_high}, and to her target, {target}",
        "best ask is {best}",
        "anywhere from there to {their_high}",
        "at {best}, justified",
        "She fixed {target} as her target",
        "not against their {first_offer}",
    ),
}

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def test_every_maya_box_has_its_phrases() -> None:
    assert set(MAYA_PHRASES) == set(MAYA_PAGES)
    facts = running_example()
    for page, phrases in MAYA_PHRASES.items():
        box = maya_box(page)
        for phrase in phrases:
            expected = phrase.format(**facts)
            assert expected in box, f"{page}: the box no longer says {expected!r} (the running example changed?)"


def test_every_number_in_a_maya_box_is_the_running_examples() -> None:
    facts = running_example()
    known = set(facts.values())
    for page in MAYA_PAGES:
        box = maya_box(page)
        dates = re.findall(rf"\b\d{{1,2}} (?:{MONTHS})\b", box)
        assert set(dates) <= known, f"{page}: dates not in the example: {set(dates) - known}"
        rest = re.sub(rf"\b\d{{1,2}} (?:{MONTHS})\b", " ", box)
        rest = re.sub(r"\]\([^)]*\)", "]", rest)  # link targets
        rest = re.sub(r"\b(?:step|tactic) \d\b", " ", rest)  # link texts, checked against their anchors below
        numbers = re.findall(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?%?|\d+(?:\.\d+)?%?", rest)
        assert len(numbers) >= 3, f"{page}: the box gives too few of the example's numbers: {numbers}"
        assert set(numbers) <= known, f"{page}: numbers not in the running example: {sorted(set(numbers) - known)}"


def test_the_zopa_example_is_step_3_of_the_running_example() -> None:
    """The bargaining-range page says its example is Maya's step 3."""
    from calculators import plan, zopa

    linked = plan.compute(plan.EXAMPLE).sections["zopa"].inputs
    assert linked == zopa.EXAMPLE
    assert "Maya's numbers" in (ROOT / "docs" / "calculators" / "zopa.md").read_text(encoding="utf-8")


PREPARE_LINK = re.compile(r"\[([^\]]+)\]\((?:\.\./)?prepare\.md#([^)]+)\)")


def test_links_into_the_prepare_page_reach_their_step(site_dir: Path) -> None:
    ids = set(re.findall(r'\sid="([^"]+)"', page_html(site_dir, "prepare")))
    for page in PREPARE_LINKERS:
        text = " ".join((ROOT / "docs" / page).read_text(encoding="utf-8").split())
        links = PREPARE_LINK.findall(text)
        assert links, f"{page} does not link the Prepare page's running example"
        for label, anchor in links:
            assert anchor in ids, f"{page}: #{anchor} is not a heading of the Prepare page"
            step = re.match(r"step (\d)\b", label)
            if step:
                assert anchor.startswith(f"{step.group(1)}-"), f"{page}: {label!r} links #{anchor}, another step"
