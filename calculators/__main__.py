"""Command line: ``python -m calculators list | schema NAME | run NAME [FILE] [--full | --markdown | --csv]``.

Bad input of any kind exits with status 2 and one plain line per problem on
standard error; the command line never prints a traceback for it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, NoReturn, TextIO

from . import CALCULATORS, get
from .fields import InputError, parse, schema, to_json
from .render import render_csv, render_markdown

USAGE_ERROR = 2


def _fail(lines: Sequence[str]) -> NoReturn:
    for line in lines:
        print(line, file=sys.stderr)
    raise SystemExit(USAGE_ERROR)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


class _DuplicateKey(ValueError):
    pass


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object; a key given twice is an error, not a silent choice of the last one."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(f"the key {key!r} appears twice in one object")
        out[key] = value
    return out


def _read_json(stream: TextIO, source: str) -> Any:
    text = stream.read()
    if not text.strip():
        _fail([f"{source}: no input; give one JSON object, such as {{}} for the defaults."])
    try:
        return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_object)
    except json.JSONDecodeError as e:
        _fail([f"{source}: not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}."])
    except RecursionError:
        _fail([f"{source}: not valid input: it is nested too deeply."])
    except ValueError as e:  # NaN, Infinity, a duplicate key, an integer of more than 4,300 digits
        _fail([f"{source}: not valid JSON: {e}."])


def _dump(data: Any) -> None:
    """Print JSON whole or not at all: a non-finite number is refused before anything is written."""
    try:
        text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
    except ValueError:
        _fail(["result: these inputs are beyond what the model can compute (a result is not a finite number)."])
    sys.stdout.write(text + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m calculators",
        description="The Walk-Away Option's negotiation calculators.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("list", help="list the calculators")
    p_schema = sub.add_parser("schema", help="print a calculator's inputs as a JSON Schema (2020-12): bounds, defaults, required fields")
    p_schema.add_argument("name", metavar="NAME")
    p_run = sub.add_parser("run", help="read one JSON object of inputs and print the result as JSON")
    p_run.add_argument("name", metavar="NAME")
    p_run.add_argument("file", metavar="FILE", nargs="?", help="the inputs; standard input when absent or '-'")
    p_run.add_argument("--example", action="store_true", help="run the worked example of the calculator's page instead")
    shape = p_run.add_mutually_exclusive_group()
    shape.add_argument(
        "--full",
        action="store_true",
        help='print {"calculator", "inputs", "result"}: the format of the browser\'s "Download JSON", which run also reads',
    )
    shape.add_argument(
        "--markdown",
        action="store_true",
        help='print the results as Markdown, as the page shows them: the browser\'s "Download Markdown"',
    )
    shape.add_argument(
        "--csv",
        action="store_true",
        help="print the results' tables as CSV, as the page shows them: the browser's \"Download CSV\"",
    )
    args = parser.parse_args(argv)

    if args.command == "list":
        width = max(len(n) for n in CALCULATORS)
        for name, calc in CALCULATORS.items():
            print(f"{name:<{width}}  {calc.question}")
        return 0
    try:
        calc = get(args.name)
    except KeyError as e:
        _fail([str(e.args[0])])
    if args.command == "schema":
        _dump(schema(calc.inputs, calc.title, calc.question))
        return 0

    if args.example:
        if args.file is not None:
            _fail(["run: give either --example or a file of inputs, not both."])
        raw = to_json(calc.example)
    elif args.file in (None, "-"):
        raw = _read_json(sys.stdin, "standard input")
    else:
        try:
            with open(args.file, encoding="utf-8") as f:
                raw = _read_json(f, args.file)
        except OSError as e:
            _fail([f"{args.file}: cannot read it: {e.strerror}."])
        except UnicodeDecodeError:
            _fail([f"{args.file}: not UTF-8 text."])
    raw = _unwrap(raw, calc.name)
    try:
        inputs: Any = parse(calc.inputs, raw)
    except InputError as e:
        _fail([str(p) for p in e.problems])
    try:
        computed = calc.compute(inputs)
        blocks = calc.present(inputs, computed) if args.markdown or args.csv else []
        text = render_markdown(blocks) if args.markdown else render_csv(blocks) if args.csv else ""
    except (ArithmeticError, ValueError):  # a backstop: the models are tested never to get here on valid input
        _fail(["result: these inputs are beyond what the model can compute."])
    if args.csv:
        # Its bytes as the browser saves them, CRLF line ends and all: no newline translation on any platform.
        binary = getattr(sys.stdout, "buffer", None)
        if binary is None:  # standard output replaced by a text stream (tests, notebooks)
            sys.stdout.write(text)
        else:
            sys.stdout.flush()
            binary.write(text.encode("utf-8"))
            binary.flush()
        return 0
    if args.markdown:
        sys.stdout.write(text)
        return 0
    result = to_json(computed)
    _dump({"calculator": calc.name, "inputs": to_json(inputs), "result": result} if args.full else result)
    return 0


EXPORT_KEYS = {"calculator", "inputs", "result"}


def _unwrap(raw: Any, name: str) -> Any:
    """A file saved by the browser (or by ``run --full``) holds its inputs under "inputs"; read those."""
    if isinstance(raw, dict) and "inputs" in raw and "calculator" in raw and set(raw) <= EXPORT_KEYS:
        if raw["calculator"] != name:
            _fail([f"calculator: this file is for {raw['calculator']!r}, not {name!r}."])
        return raw["inputs"]
    return raw


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # e.g. piped into ``head``
        sys.stderr.close()
        sys.exit(1)
