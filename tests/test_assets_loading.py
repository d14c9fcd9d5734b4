"""Which stylesheets each page of the built site loads, and how: only those it uses hold up its first paint.

KaTeX's stylesheet is linked where the page has maths, the calculators' where it has a calculator, site.css (contrast
and link rules every page needs) everywhere, and print.css for print only, so that it is fetched without blocking
the screen. Material's instant navigation carries the next page's stylesheets over; the browser tests check that.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BOOT_TIMEOUT_MS

CALCULATOR = '<div class="calc" data-calc="'
MATHS = 'class="katex'
LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
ATTR = re.compile(r'([a-z-]+)="([^"]*)"')


def pages(site_dir: Path) -> dict[str, str]:
    """Every HTML page of the site (404.html too), by its path in the site."""
    return {p.relative_to(site_dir).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site_dir.rglob("*.html"))}


def stylesheets(html: str) -> list[dict[str, str]]:
    """The stylesheet links of a page's <head>, in order, as their attributes."""
    head = html.split("</head>", 1)[0]
    links = [dict(ATTR.findall(tag)) for tag in LINK.findall(head)]
    return [link for link in links if link.get("rel") == "stylesheet"]


def named(html: str, name: str) -> list[dict[str, str]]:
    return [link for link in stylesheets(html) if link["href"].endswith(name)]


def body(html: str) -> str:
    return html.split("</head>", 1)[1]


def test_the_site_has_pages_with_and_without_maths_and_calculators(site_dir: Path) -> None:
    texts = pages(site_dir).values()
    assert any(MATHS in body(t) for t in texts) and any(MATHS not in body(t) for t in texts)
    assert any(CALCULATOR in t for t in texts) and any(CALCULATOR not in t for t in texts)


def test_only_pages_with_maths_link_katex_stylesheet(site_dir: Path) -> None:
    wrong = [
        name for name, html in pages(site_dir).items() if bool(named(html, "assets/katex/katex.min.css")) != (MATHS in body(html))
    ]
    assert wrong == []
    assert named(pages(site_dir)["glossary/index.html"], "katex.min.css") == []


def test_only_pages_with_a_calculator_link_calculators_stylesheet(site_dir: Path) -> None:
    wrong = [
        name
        for name, html in pages(site_dir).items()
        if bool(named(html, "assets/stylesheets/calculators.css")) != (CALCULATOR in html)
    ]
    assert wrong == []
    assert named(pages(site_dir)["index.html"], "calculators.css") == []
    # The whole guide on one page has every calculator and the maths: it keeps both.
    printed = pages(site_dir)["print_page/index.html"]
    assert named(printed, "calculators.css") and named(printed, "katex.min.css")


def test_print_css_is_for_print_only_on_every_page(site_dir: Path) -> None:
    for name, html in pages(site_dir).items():
        links = named(html, "assets/stylesheets/print.css")
        assert [link.get("media") for link in links] == ["print"], name


def test_site_css_is_on_every_page_after_the_calculators_stylesheet(site_dir: Path) -> None:
    for name, html in pages(site_dir).items():
        hrefs = [link["href"] for link in stylesheets(html)]
        site = [i for i, href in enumerate(hrefs) if href.endswith("assets/stylesheets/site.css")]
        assert len(site) == 1, name
        calculators = [i for i, href in enumerate(hrefs) if href.endswith("assets/stylesheets/calculators.css")]
        assert all(i < site[0] for i in calculators), name
        # print.css, last, overrides the print-site plugin's @page rules.
        assert hrefs[-1].endswith("assets/stylesheets/print.css"), name


def test_a_plain_page_holds_its_first_paint_for_no_stylesheet_of_the_guide_but_site_css(site_dir: Path) -> None:
    html = pages(site_dir)["glossary/index.html"]
    blocking = [link["href"].rsplit("/", 1)[-1] for link in stylesheets(html) if link.get("media", "all") == "all"]
    guide = ("katex.min.css", "calculators.css", "site.css", "print.css")
    assert [name for name in blocking if name in guide] == ["site.css"]


def test_the_rules_every_page_needs_are_in_site_css(site_dir: Path) -> None:
    site = (site_dir / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8")
    calculators = (site_dir / "assets" / "stylesheets" / "calculators.css").read_text(encoding="utf-8")
    for rule in (".md-footer-meta .md-copyright", ".md-typeset p a", ".md-copyright a", "--md-code-hl-comment-color"):
        assert rule in site and rule not in calculators, rule


# -- in the browser -------------------------------------------------------------------------------------------------


def _applied(page: Any) -> dict[str, Any]:
    """Whether the calculators' and KaTeX's stylesheets apply to the page now."""
    return page.evaluate(
        """() => {
            const calc = document.querySelector(".calc[data-calc]");
            const katex = document.querySelector(".katex");
            return {
                calc: calc ? getComputedStyle(calc).borderTopStyle : null,
                katex: katex ? getComputedStyle(katex).fontFamily : null,
                links: [...document.querySelectorAll('head link[rel="stylesheet"]')].map(l => l.href.split("/").pop()),
            };
        }"""
    )


@pytest.mark.browser
def test_instant_navigation_brings_the_next_pages_stylesheets(page: Any, server: str) -> None:
    page.goto(server + "glossary/")
    assert _applied(page)["calc"] is None
    page.evaluate("() => { window.__sameDocument = true; }")
    page.click("a.md-nav__link[href$='batna/']")
    page.wait_for_url("**/calculators/batna/")
    page.wait_for_selector('.calc[data-state="ready"]', timeout=BOOT_TIMEOUT_MS)
    assert page.evaluate("() => window.__sameDocument === true")  # Material's instant navigation, no page load
    page.wait_for_function("() => getComputedStyle(document.querySelector('.calc[data-calc]')).borderTopStyle === 'solid'")
    page.wait_for_function("() => getComputedStyle(document.querySelector('.katex')).fontFamily.includes('KaTeX')")
    now = _applied(page)
    assert "calculators.css" in now["links"] and "katex.min.css" in now["links"]
    # Back on a page without either: their links go with the page they served.
    page.click("a.md-nav__link[href$='glossary/']")
    page.wait_for_url("**/glossary/")
    page.wait_for_function("() => !document.querySelector('.calc[data-calc]')")
    links = _applied(page)["links"]
    assert "calculators.css" not in links and "katex.min.css" not in links and "site.css" in links
    assert page.evaluate("() => window.__sameDocument === true")
    assert page.page_errors == []


@pytest.mark.browser
def test_print_css_applies_on_paper_and_not_on_the_screen(page: Any, server: str) -> None:
    page.goto(server + "glossary/")
    headerlink = "() => getComputedStyle(document.querySelector('.md-typeset .headerlink')).display"
    assert page.evaluate(headerlink) != "none"
    page.emulate_media(media="print")
    assert page.evaluate(headerlink) == "none"  # print.css: no permalinks on paper
