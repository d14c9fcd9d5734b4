"""The CSV of a calculator's results: written by Python from the tables ``present`` returns, the same text from the
command line, the browser's update and the pre-rendered page, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculators import CALCULATORS, web, zopa
from calculators.fields import parse
from calculators.render import Note, Summary, Table, csv_cell, render_csv

NAMES = list(CALCULATORS)

#: What a spreadsheet (Excel, LibreOffice, Google Sheets) may run as a formula: a cell starting with one of these.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\0")
#: A number as the tables write it: the only kind of cell that may start with + or - and stay as it is.
PLAIN_NUMBER = re.compile(r"[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?%?")


def read(text: str) -> list[list[str]]:
    """The CSV read back as a spreadsheet would: rows of cells, an empty line an empty row."""
    return list(csv.reader(io.StringIO(text, newline="")))


def blocks_of(name: str, inputs: Any) -> list[Any]:
    calc = CALCULATORS[name]
    return list(calc.present(inputs, calc.compute(inputs)))


def expected_rows(blocks: list[Any]) -> list[list[str]]:
    """What the CSV should hold: for each table, its caption, its columns and its rows, each cell through
    csv_cell; an empty row between tables."""
    rows: list[list[str]] = []
    for table in (b for b in blocks if isinstance(b, Table)):
        if rows:
            rows.append([])
        rows.append([csv_cell(table.caption)])
        rows.append([csv_cell(c) for c in table.columns])
        rows.extend([csv_cell(c, i in table.numeric) for i, c in enumerate(row)] for row in table.rows)
    return rows


# -- one table, checked by hand ---------------------------------------------------------------


def test_zopa_prices_table_by_hand() -> None:
    """A seller who walks away below 520,000, facing a buyer whose walk-away is anywhere from 500,000 to 640,000.

    Best ask: halfway between the walk-away and the top of their range, (520,000 + 640,000) / 2 = 580,000.
    It is accepted if their walk-away is at least 580,000: (640,000 - 580,000) / (640,000 - 500,000) = 60/140 = 42.9%,
    for an expected gain of (580,000 - 520,000) * 60/140 = 25,714.29, written 25,714.
    Asking their low estimate, 500,000, is always accepted (100.0%) and loses 500,000 - 520,000 = -20,000.
    Asking their high estimate, 640,000, is accepted with chance 0.0%, so it gains 0.
    """
    inputs = parse(
        zopa.Inputs, {"role": "seller", "your_walk_away": 520_000, "their_walk_away_low": 500_000, "their_walk_away_high": 640_000}
    )
    blocks = blocks_of("zopa", inputs)
    table = next(b for b in blocks if isinstance(b, Table) and b.caption == "Prices compared")
    assert render_csv([table]) == (
        "Prices compared\r\n"
        "Price,Amount,Chance accepted,Expected gain\r\n"
        'Best ask,"580,000",42.9%,"25,714"\r\n'
        'Their low estimate,"500,000",100.0%,"-20,000"\r\n'  # the page's typographic minus, made ASCII
        'Their high estimate,"640,000",0.0%,0\r\n'
    )
    # In the whole CSV, the table follows the one before it after an empty line, and the CSV ends with it.
    assert render_csv(blocks).endswith("\r\n\r\n" + render_csv([table]))


def test_tables_only_each_under_its_caption_an_empty_line_between() -> None:
    blocks = [
        Summary((("Best", "1"),)),
        Table("First", ("Name", "Value"), (("a", "1"), ("b", "2"))),
        Note("Not a table."),
        Table("", ("x",), ()),  # no caption: no caption row
        Table("Third", ("Name",), (("c",),)),
    ]
    assert render_csv(blocks) == "First\r\nName,Value\r\na,1\r\nb,2\r\n\r\nx\r\n\r\nThird\r\nName\r\nc\r\n"
    assert render_csv([Summary((("Best", "1"),))]) == ""


# -- formulas never run; numbers stay numbers -------------------------------------------------

HOSTILE = [
    '=HYPERLINK("http://example.invalid","click")',
    "@SUM(1)",
    "+SUM(A1:A2)",
    "-x",
    "-2+3",
    "=1+1",
    "=cmd|' /C calc'!A0",
    "\t=1",
    "\r=1",
    "\0=1",
    "\tx",
    "-",
    "+",
    "\u2212x",  # a typographic minus is made ASCII first, so it is caught as well
    "-\u0665",  # an Arabic-Indic digit is not a plain number to a spreadsheet
    "-5,00",  # nor is a number grouped wrongly
]
NUMBERS = ["-5", "-200,000", "-5,000.50", "-12.5%", "+3", "1,180,000", "0.25", "0"]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_cell_that_would_run_gets_an_apostrophe(text: str) -> None:
    for number in (False, True):  # in a text column and in a number column alike
        assert csv_cell(text, number) == "'" + text.replace("\u2212", "-")


@pytest.mark.parametrize("text", NUMBERS)
def test_a_plain_number_in_a_number_column_stays_as_it_is(text: str) -> None:
    assert csv_cell(text, number=True) == text
    assert csv_cell(text.replace("-", "\u2212"), number=True) == text  # as money() writes a negative amount


@pytest.mark.parametrize("text", ["-5", "+1", "-200,000"])
def test_a_name_that_looks_like_a_number_stays_the_text_typed(text: str) -> None:
    """In a text column (a name, a caption, a column's title), "+1" is what the reader typed: a spreadsheet
    reading it as a number would show 1, so it is kept as text like any other cell that starts like a formula."""
    assert csv_cell(text) == "'" + text


def test_plain_text_is_left_alone() -> None:
    for text in ("Harbor Corp's offer", "at \u00b118.8%", "none", "", " =1", "a=1", "'=1"):
        assert csv_cell(text) == text


def test_hostile_cells_read_back_as_text_with_quotes_commas_and_line_breaks_kept() -> None:
    rows = tuple((name, "\u22125", "1,000", name) for name in HOSTILE)
    text = render_csv([Table("=caption()", ("Name", "-Value", "Amount", "Note"), rows, numeric=(1, 2, 3))])
    back = read(text)
    assert back[0] == ["'=caption()"] and back[1] == ["Name", "'-Value", "Amount", "Note"]
    assert back[2:] == [["'" + name.replace("\u2212", "-"), "-5", "1,000", "'" + name.replace("\u2212", "-")] for name in HOSTILE]


def test_hostile_names_typed_in_a_calculator_cannot_run() -> None:
    """Offer and alternative names typed like formulas reach the offers table; in the CSV each is text, and the
    amounts beside them stay numbers."""
    form = web.form_of(web.widget("batna", "w.whl"))
    hostile = {
        "offers.0.name": '=HYPERLINK("http://example.invalid","x")',
        "offers.1.name": "@SUM(1)",
        "alternatives.0.name": "+1",
        "alternatives.1.name": "-x",
    }
    reply = json.loads(web.update("batna", json.dumps(form | hostile)))
    assert reply["ok"], reply["errors"]
    cells = [cell for row in read(reply["csv"]) for cell in row]
    for name in hostile.values():
        assert "'" + name in cells and name not in cells
    runnable = [c for c in cells if c.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(c)]
    assert runnable == []
    # Lakeside's 980,000 against the 1,180,000 of Harbor's offer: a surplus of -200,000, still a number.
    assert "-200,000" in cells


@given(st.text(), st.booleans())
def test_no_text_reads_back_as_a_formula(text: str, number: bool) -> None:
    [_, [cell]] = read(render_csv([Table("", ("x",), ((text,),), numeric=(0,) if number else ())]))
    shown = text.replace("\u2212", "-")
    runs = shown.startswith(FORMULA_START) and not (number and PLAIN_NUMBER.fullmatch(shown))
    assert cell == ("'" + shown if runs else shown)
    assert not cell.startswith(FORMULA_START) or (number and PLAIN_NUMBER.fullmatch(cell))


# -- every calculator: the same CSV everywhere, read back cell for cell -----------------------


@pytest.mark.parametrize("name", NAMES)
def test_every_example_reads_back_with_its_tables_cells(name: str) -> None:
    blocks = blocks_of(name, CALCULATORS[name].example)
    text = render_csv(blocks)
    assert any(isinstance(b, Table) for b in blocks) and text
    assert read(text) == expected_rows(blocks)
    assert "\u2212" not in text  # every minus sign is one a spreadsheet reads
    assert text.endswith("\r\n") and not text.endswith("\r\n\r\n")


@pytest.mark.parametrize("name", NAMES)
def test_the_same_csv_from_the_page_the_update_and_the_command_line(name: str) -> None:
    text = render_csv(blocks_of(name, CALCULATORS[name].example))
    page = web.widget(name, "w.whl")
    found = re.search(r'class="calc-results"[^>]*data-csv="([^"]*)"', page)
    assert found
    # No raw carriage return in the attribute: a browser would read it, or CR LF, as LF.
    assert "\r" not in found.group(1) and html.unescape(found.group(1)) == text
    reply = json.loads(web.update(name, json.dumps(web.form_of(page))))
    assert reply["ok"] and reply["csv"] == text
    out = subprocess.run([sys.executable, "-m", "calculators", "run", name, "--example", "--csv"], capture_output=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout == text.encode("utf-8")  # byte for byte, CRLF line ends and all


def test_the_command_line_refuses_csv_with_another_format() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "calculators", "run", "zopa", "--example", "--csv", "--markdown"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 2 and "not allowed with argument" in out.stderr
