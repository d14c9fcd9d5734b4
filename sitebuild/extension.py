"""The guide's Python-Markdown extension: the shortcodes and the build-time maths.

List it in ``mkdocs.yml`` under ``markdown_extensions`` as ``sitebuild.extension``;
MkDocs and Zensical both load it from there (neither needs ``hooks:``, which
Zensical ignores). The project must be importable: ``pip install -e .`` puts
its folder on ``sys.path``.

It writes no files and keeps nothing between pages or builds: what needs the
built site (wheel, snapshot, runtime, content security policy) is the
finishing step's job, ``python -m sitebuild finish SITE_DIR``.
"""

from __future__ import annotations

from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from sitebuild import BuildError
from sitebuild.maths import MATH, typeset
from sitebuild.shortcodes import SHORTCODE, Page, expand


def page_of(md: Markdown) -> Page:
    """The page ``md`` is converting, as the site generator running it tells (Python-Markdown has no notion of a page).

    MkDocs registers a tree processor named ``relpath`` that holds the page's
    ``File``; Zensical a preprocessor named ``rendering_context`` that holds its
    ``Page`` (``zensical/extensions/context.py``).
    """
    if "relpath" in md.treeprocessors:
        file = getattr(md.treeprocessors["relpath"], "file", None)
        if file is not None:
            return Page(src_uri=file.src_uri, url=file.url)
    if "rendering_context" in md.preprocessors:
        page = getattr(md.preprocessors["rendering_context"], "page", None)
        if page is not None:
            return Page(src_uri=page.path, url=page.url)
    raise BuildError("sitebuild.extension needs to know the page it converts: run it from MkDocs or Zensical")


class ShortcodePreprocessor(Preprocessor):
    """Expands the shortcodes in the Markdown source, as Material's ``on_page_markdown`` hook does."""

    def run(self, lines: list[str]) -> list[str]:
        markdown = "\n".join(lines)
        if not SHORTCODE.search(markdown):
            return lines
        return expand(markdown, page=page_of(self.md)).split("\n")


class MathsPostprocessor(Postprocessor):
    """Typesets arithmatex's output in the finished HTML, as an ``on_page_content`` hook would."""

    def run(self, text: str) -> str:
        if not MATH.search(text):
            return text
        return typeset(text, where=page_of(self.md).src_uri)


class WalkAwayExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After pymdownx.snippets (32) has appended the abbreviations, which the glossary lists;
        # before raw HTML is set aside (20), so a calculator's HTML is treated like any other block of HTML.
        md.preprocessors.register(ShortcodePreprocessor(md), "walkaway_shortcodes", 31)
        # Last, on the HTML with every stashed fragment back in place.
        md.postprocessors.register(MathsPostprocessor(md), "walkaway_maths", 1)


def makeExtension(**kwargs: Any) -> WalkAwayExtension:  # noqa: N802 (Python-Markdown's name)
    return WalkAwayExtension(**kwargs)
