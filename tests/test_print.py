"""The guide on paper: the one-page guide (print_page/) and its PDF (`nox -s pdf`).

The PDF's text is read with pypdf (pure Python, in the test extra), so no system tool is needed.
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from mkdocs.utils.yaml import yaml_load

from sitebuild import pdf
from tests.conftest import ROOT

CHART = re.compile(r'<svg class="calc-chart__svg"')
MATHS = re.compile(r'<span class="katex"')
H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.DOTALL)
#: The print page's content area: A4 (210 mm) less print.css's side margins (2 × 14 mm), at 96 px to the inch.
CONTENT_WIDTH_PX = round((210 - 2 * 14) / 25.4 * 96)


def _nav_pages(site_dir: Path) -> list[Path]:
    """Every page of the navigation, in its order, as built files."""
    with (ROOT / "mkdocs.yml").open("rb") as f:
        nav = yaml_load(f)["nav"]
    found: list[str] = []

    def walk(items: Any) -> None:
        for item in items if isinstance(items, list) else [items]:
            if isinstance(item, str):
                found.append(item)
            elif isinstance(item, dict):
                for value in item.values():
                    walk(value)

    walk(nav)
    return [site_dir / (re.sub(r"(^|/)index\.md$|\.md$", r"\1", md) + "/").lstrip("/") / "index.html" for md in found]


def _title(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    article = text[text.index("<article") :]
    return _inline(H1.search(article).group(1))  # type: ignore[union-attr]


def _inline(fragment: str) -> str:
    """A heading's words: its inline tags (abbreviations, links) dropped, not spaced."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split()).removesuffix("¶").strip()


def _squash(text: str) -> str:
    """Text to compare: ligatures undone (PDF text has "ﬁ"), whitespace and case ignored."""
    return " ".join(unicodedata.normalize("NFKC", text).replace("’", "'").split()).lower()


@pytest.fixture(scope="module")
def print_page(site_dir: Path) -> Path:
    return site_dir / pdf.print_page(site_dir) / "index.html"


def test_the_print_page_has_every_page_in_the_navigation_order(site_dir: Path, print_page: Path) -> None:
    headings = iter(_inline(h) for h in H1.findall(print_page.read_text(encoding="utf-8")))
    for page in _nav_pages(site_dir):
        title = _title(page)
        assert any(h == title for h in headings), f"{title!r} ({page.relative_to(site_dir)}) is missing or out of order"


def test_the_print_page_has_every_chart_and_formula(site_dir: Path, print_page: Path) -> None:
    pages = [p.read_text(encoding="utf-8") for p in _nav_pages(site_dir)]
    printed = print_page.read_text(encoding="utf-8")
    charts = sum(len(CHART.findall(p)) for p in pages)
    assert charts >= 8 and len(CHART.findall(printed)) == charts
    formulas = sum(len(MATHS.findall(p)) for p in pages)
    assert formulas >= 10 and len(MATHS.findall(printed)) == formulas


@pytest.fixture(scope="module")
def printed(browser: Any, server: str, site_dir: Path) -> Any:
    page = pdf.open_for_print(browser, server + pdf.print_page(site_dir))
    yield page
    page.context.close()


@pytest.mark.browser
def test_the_pdf_has_every_page_title(printed: Any, site_dir: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = pdf.save_pdf(printed, tmp_path / "guide.pdf")
    reader = PdfReader(out)
    assert len(reader.pages) > 50
    text = _squash(" ".join(p.extract_text() for p in reader.pages))
    missing = [_title(p) for p in _nav_pages(site_dir) if _squash(_title(p)) not in text]
    assert missing == []


@pytest.mark.browser
def test_on_paper_every_chart_shows_and_no_control_does(printed: Any, print_page: Path) -> None:
    charts = len(CHART.findall(print_page.read_text(encoding="utf-8")))
    shown = printed.evaluate(
        "() => [...document.querySelectorAll('svg.calc-chart__svg')].filter((s) => s.getBoundingClientRect().height > 20).length"
    )
    assert shown == charts
    # Buttons and forms for the screen are gone; the calculators' inputs print as text, with no box around them.
    controls = printed.evaluate(
        """() => [...document.querySelectorAll('button, input, select, textarea, form')]
          .filter((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
          .filter((e) => {
            const s = getComputedStyle(e);
            if (e.matches('.calc-form')) return false;
            if (!e.matches('.calc-form input, .calc-form select, .calc-form textarea')) return true;
            return parseFloat(s.borderTopWidth) + parseFloat(s.borderBottomWidth) > 0
              || s.appearance !== 'none' || s.backgroundColor !== 'rgba(0, 0, 0, 0)';
          })
          .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className}`)"""
    )
    assert controls == []
    assert printed.evaluate("[...document.querySelectorAll('details')].every((d) => d.open)")


@pytest.mark.browser
def test_on_paper_nothing_is_wider_than_the_page(printed: Any) -> None:
    printed.set_viewport_size({"width": CONTENT_WIDTH_PX, "height": 1100})
    too_wide = printed.evaluate(
        """() => {
          const box = document.querySelector('.md-content').getBoundingClientRect();
          const out = [];
          for (const el of document.querySelectorAll('.md-content *')) {
            const s = getComputedStyle(el);
            if (s.display === 'none' || s.visibility === 'hidden' || s.clip !== 'auto' || s.clipPath !== 'none') continue;
            const r = el.getBoundingClientRect();
            if (r.width <= 1 || r.height <= 1) continue;  // visually hidden text for screen readers
            // A box that scrolls, or a field, wider inside than out: on paper the rest is cut off.
            const cut = el.scrollWidth > el.clientWidth + 1
              && (['auto', 'scroll', 'hidden'].includes(s.overflowX) || el.matches('input, select, textarea'));
            if (r.right > box.right + 1 || r.left < box.left - 1 || cut) {
              out.push(`${el.tagName.toLowerCase()}.${el.getAttribute('class')}: ${Math.round(r.right)} > ${Math.round(box.right)} `
                + `or ${el.scrollWidth} > ${el.clientWidth}: ${el.textContent.trim().slice(0, 60)}`);
            }
          }
          return out;
        }"""
    )
    assert window_fits(printed) and too_wide == []


def window_fits(page: Any) -> bool:
    """The page itself lays out within the width (no sideways scrolling of the whole document)."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"))
