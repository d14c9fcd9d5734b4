"""The site build without MkDocs hooks: the Markdown extension, the finishing step, and the site they make together."""

from __future__ import annotations

import ast
import base64
import hashlib
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from markdown import Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from sitebuild import CALCULATOR_MARK, CSP_PLACEHOLDER, SNAPSHOT_PLACEHOLDER, WHEEL_PLACEHOLDER, BuildError
from sitebuild.finish import (
    build_wheel,
    check_site,
    content_security_policy,
    finish,
    labels_find_their_lists,
    meta_policy,
    with_meta_policy,
)
from sitebuild.shortcodes import Page, calculator_index, expand

ROOT = Path(__file__).resolve().parents[1]


class _ZensicalContext(Preprocessor):
    """What Zensical registers on every Markdown instance: a preprocessor named ``rendering_context`` holding the page."""

    def __init__(self, md: Markdown, page: Any) -> None:
        super().__init__(md)
        self.page = page

    def run(self, lines: list[str]) -> list[str]:
        return lines


class _MkDocsRelpath(Treeprocessor):
    """What MkDocs registers: a tree processor named ``relpath`` holding the page's File."""

    def __init__(self, md: Markdown, file: Any) -> None:
        super().__init__(md)
        self.file = file

    def run(self, root: Any) -> None:
        return None


def convert(text: str, *, src: str = "tactics/use-time.md", url: str = "tactics/use-time/", tool: str = "zensical") -> str:
    md = Markdown(
        extensions=["sitebuild.extension", "pymdownx.arithmatex", "def_list", "abbr"],
        extension_configs={"pymdownx.arithmatex": {"generic": True}},
    )
    if tool == "zensical":
        md.preprocessors.register(_ZensicalContext(md, SimpleNamespace(path=src, url=url)), "rendering_context", 0)
    elif tool == "mkdocs":
        md.treeprocessors.register(_MkDocsRelpath(md, SimpleNamespace(src_uri=src, url=url)), "relpath", 0)
    return md.convert(text)


# -- the Markdown extension ----------------------------------------------------------


def test_a_calculator_shortcode_becomes_the_calculator_with_placeholders_for_the_finishing_step() -> None:
    html = convert("Before.\n\n<!-- calc:zopa -->\n\nAfter.")
    assert html.count(CALCULATOR_MARK + 'zopa"') == 1
    assert f'data-wheel="{WHEEL_PLACEHOLDER}"' in html and f'data-snapshot="{SNAPSHOT_PLACEHOLDER}"' in html
    assert 'data-base="../../"' in html  # from tactics/use-time/ up to the site root
    assert "<!--" not in html and "<p>After.</p>" in html


def test_mkdocs_and_zensical_tell_the_extension_the_same_page() -> None:
    text = "<!-- calc:batna -->\n\n<!-- calc-index -->"
    assert convert(text, tool="mkdocs") == convert(text, tool="zensical")
    with pytest.raises(BuildError, match="MkDocs or Zensical"):
        convert(text, tool="neither")


def test_a_page_without_shortcodes_needs_no_page_context() -> None:
    assert convert("Plain *text*.", tool="neither") == "<p>Plain <em>text</em>.</p>"


@pytest.mark.parametrize(
    ("shortcode", "message"),
    [
        ("<!-- calc:no-such-calculator -->", "no-such-calculator"),
        ("<!-- calc -->", "takes a calculator name"),
        ("<!-- calc-fields -->", "takes a calculator name"),
        ("<!-- calc-index:batna -->", "takes no calculator name"),
        ("<!-- glossary -->", "no terms"),
    ],
)
def test_a_shortcode_that_cannot_be_expanded_fails_the_build(shortcode: str, message: str) -> None:
    with pytest.raises(BuildError, match=message):
        convert(f"Text.\n\n{shortcode}\n")


def test_links_in_generated_tables_are_relative_to_the_page_source_so_the_generator_checks_them() -> None:
    assert "(calculators/batna.md)" in calculator_index(page=Page(src_uri="index.md", url=""))
    assert "(batna.md)" in calculator_index(page=Page(src_uri="calculators/index.md", url="calculators/"))
    assert "(../calculators/batna.md)" in calculator_index(page=Page(src_uri="tactics/index.md", url="tactics/"))


def test_the_glossary_lists_the_abbreviations_the_page_knows_sorted() -> None:
    text = "<!-- glossary -->\n\n*[ZOPA]: Zone of possible agreement.\n*[BATNA]: Best alternative.\n*[anchor]: A first number."
    markdown = expand(text, page=Page(src_uri="glossary.md", url="glossary/"))
    assert markdown.startswith("anchor\n:   A first number.\n\nBATNA\n:   Best alternative.\n\nZOPA\n:   Zone")
    html = convert(text)
    assert re.search(r'<dt><abbr title="Best alternative.">BATNA</abbr></dt>\s*<dd>', html)


def test_maths_is_typeset_at_build_time() -> None:
    html = convert(r"Inline \(x^2\) and display:" + "\n\n" + r"\[ \frac{a}{b} \]")
    assert html.count('class="katex"') == 2 and '<div class="math">' in html
    assert "arithmatex" not in html


def test_the_build_modules_keep_no_state_and_never_change_directory() -> None:
    """`mkdocs serve` rebuilds in one process: nothing may pile up at module level, and the working directory is not ours."""
    for path in sorted((ROOT / "sitebuild").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            value = getattr(node, "value", None)
            assert not isinstance(value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)), (
                f"{path.name}:{node.lineno} keeps module-level mutable state"
            )
        calls = [ast.unparse(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)]
        assert not [c for c in calls if c.endswith("chdir")], f"{path.name} changes the working directory"


# -- the finishing step --------------------------------------------------------------


def _site(tmp_path: Path, page: str) -> Path:
    site = tmp_path / "site"
    (site / "hosting").mkdir(parents=True)
    (site / "index.html").write_text(f"<html><body>{page}</body></html>", encoding="utf-8")
    (site / "hosting" / "index.html").write_text(f"<pre>Content-Security-Policy: {CSP_PLACEHOLDER}</pre>", encoding="utf-8")
    return site


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("<!-- calc:batna -->", "calc:batna"),
        ("<!-- glossary -->", "glossary"),
        ('<span class="arithmatex">\\(x\\)</span>', "maths was not typeset"),
        (CALCULATOR_MARK + 'batna" data-wheel="x">', 'lacks <meta name="walkaway-wheel"> (overrides/main.html)'),
    ],
)
def test_finishing_refuses_a_site_built_without_the_extension_or_the_template(tmp_path: Path, page: str, message: str) -> None:
    """Whichever tool built the pages: Zensical, for one, ignores what it does not know and exits 0."""
    site = _site(tmp_path, page)
    done = subprocess.run(
        [sys.executable, "-m", "sitebuild", "finish", str(site)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert message in done.stderr and "without the guide's Markdown extension or template" in done.stderr
    assert not (site / "assets").exists()  # refused before building anything


def test_finishing_needs_the_runtime_from_npm(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match=r"run `npm ci` first:\n  node_modules/pyodide/pyodide.mjs"):
        finish(_site(tmp_path, "<p>Text.</p>"), project=tmp_path)


def test_a_site_is_finished_once(tmp_path: Path) -> None:
    site = _site(tmp_path, "<p>Text.</p>")
    (site / "hosting" / "index.html").write_text("<pre>Content-Security-Policy: default-src 'self'</pre>", encoding="utf-8")
    with pytest.raises(BuildError, match="finished already"):
        finish(site, project=tmp_path)


def test_an_unfinished_site_fails_the_check(tmp_path: Path) -> None:
    site = _site(tmp_path, f'<meta name="walkaway-wheel" content="{WHEEL_PLACEHOLDER}">')
    with pytest.raises(BuildError) as refused:
        check_site(site)
    for problem in (
        f"{WHEEL_PLACEHOLDER} was not replaced",
        f"{CSP_PLACEHOLDER} was not replaced",
        "assets/pyodide/pyodide.asm.wasm is missing",
    ):
        assert problem in str(refused.value)


def test_the_wheel_holds_the_calculators_package_only(tmp_path: Path) -> None:
    wheel = build_wheel(ROOT, tmp_path)
    assert wheel.name.endswith("-py3-none-any.whl")
    with zipfile.ZipFile(wheel) as z:
        tops = {name.split("/")[0] for name in z.namelist()}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"calculators"}
    assert build_wheel(ROOT, tmp_path / "again").read_bytes() == wheel.read_bytes()  # reproducible: its hash names its URL


def test_the_policy_allows_exactly_the_inline_scripts() -> None:
    pages = [
        '<script>go()</script><script src="a.js"></script><script id="c" type="application/json">{}</script><script> </script>'
    ]
    digest = base64.b64encode(hashlib.sha256(b"go()").digest()).decode()
    # blob: lets the worker run Pyodide's JavaScript after inflating it (it travels gzipped, like the wasm).
    assert re.search(r"script-src 'self' 'wasm-unsafe-eval' 'sha256-([^']+)' blob:;", content_security_policy(pages)).group(1) == digest  # type: ignore[union-attr]


def test_the_policy_goes_first_in_every_head_without_what_a_meta_tag_cannot_carry() -> None:
    policy = content_security_policy(["<script>go()</script>"])
    tag = meta_policy(policy)
    assert tag.startswith('<meta http-equiv="Content-Security-Policy" content="default-src &#x27;self&#x27;; script-src')
    assert "frame-ancestors" in policy and "frame-ancestors" not in tag
    page = '<html><head>\n<meta charset="utf-8"><script src="boot.js"></script></head><body></body></html>'
    assert with_meta_policy(page, tag) == page.replace('<meta charset="utf-8">', '<meta charset="utf-8">' + tag)
    assert with_meta_policy("<html><head><title>x</title></head></html>", tag).startswith("<html><head>" + tag)


def test_a_page_without_the_policy_in_its_head_is_refused(site_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy, symlinks=True)
    page = copy / "index.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", text), encoding="utf-8")
    with pytest.raises(BuildError, match="index.html: no content security policy in its <head>"):
        check_site(copy)


# -- the built site ------------------------------------------------------------------


def test_the_built_site_is_complete(site_dir: Path) -> None:
    """What `python -m sitebuild check` checks: every placeholder filled, the runtime there, the named files intact."""
    check_site(site_dir)


def test_no_build_script_is_published(site_dir: Path) -> None:
    published = {p.name for p in site_dir.rglob("*") if p.is_file()}
    scripts = {p.name for p in (ROOT / "sitebuild").iterdir() if p.suffix in (".py", ".mjs")}
    assert not (site_dir / "hooks").exists()
    assert published & scripts == set()


def test_only_calculator_pages_start_python_early(site_dir: Path) -> None:
    pages = {p: p.read_text(encoding="utf-8") for p in site_dir.rglob("*.html")}
    with_calculator = {p for p, text in pages.items() if CALCULATOR_MARK in text}
    booting = {p for p, text in pages.items() if '<meta name="walkaway-wheel"' in text}
    assert len(with_calculator) >= 7 and with_calculator == booting


def test_the_search_dialog_has_a_name_and_the_theme_is_not_copied(site_dir: Path) -> None:
    for page in site_dir.rglob("*.html"):
        for dialog in re.findall(r'<div class="md-search"[^>]*>', page.read_text(encoding="utf-8")):
            assert 'aria-label="Search"' in dialog, page
    # Material's generated templates start with this line; a copy of one would freeze that version of the theme.
    copies = [
        p
        for p in (ROOT / "overrides").rglob("*.html")
        if "This file was automatically generated" in p.read_text(encoding="utf-8")
    ]
    assert copies == []


def test_the_build_depends_on_no_hook() -> None:
    assert not re.search(r"^hooks:", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE)
    assert "page.meta" not in (ROOT / "overrides" / "main.html").read_text(encoding="utf-8")


def test_a_list_gets_back_the_id_its_label_names_after_the_one_page_guide_renamed_the_label() -> None:
    # As mkdocs-print-site-plugin leaves the plan's form: the label renamed with the page's name, the list not.
    joined = (
        '<label for="prepare-calc-plan-role">Role</label><select id="calc-plan-role" name="role"></select>'
        '<label for="prepare-calc-plan-x">X</label><input id="prepare-calc-plan-x">'
    )
    fixed = labels_find_their_lists(joined)
    assert '<select id="prepare-calc-plan-role" name="role">' in fixed
    assert '<input id="prepare-calc-plan-x">' in fixed  # inputs were renamed by the plugin already
    # Nothing dangling: unchanged. Two labels that could both be meant: unchanged, not guessed.
    page = '<label for="calc-a">A</label><select id="calc-a"></select>'
    assert labels_find_their_lists(page) == page
    ambiguous = '<label for="p-calc-a">A</label><label for="q-calc-a">A</label><select id="calc-a"></select>'
    assert labels_find_their_lists(ambiguous) == ambiguous


def test_every_label_on_every_page_names_an_element_that_is_there(site_dir: Path) -> None:
    """A label whose `for` names no element leaves its control without a name (axe: label, select-name)."""
    problems = []
    for path in sorted(site_dir.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        ids = set(re.findall(r'\bid="([^"]+)"', text))
        problems += [
            f"{path.relative_to(site_dir)}: {name}"
            for name in re.findall(r'<label\b[^>]*\bfor="([^"]+)"', text)
            if name not in ids
        ]
    assert problems == []
