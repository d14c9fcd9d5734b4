"""Command line: ``python -m calculators list | schema NAME | run NAME [FILE]``.

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

USAGE_ERROR = 2


def _fail(lines: Sequence[str]) -> NoReturn:
    for line in lines:
        print(line, file=sys.stderr)
    raise SystemExit(USAGE_ERROR)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _read_json(stream: TextIO, source: str) -> Any:
    text = stream.read()
    if not text.strip():
        _fail([f"{source}: no input; give one JSON object, such as {{}} for the defaults."])
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as e:
        _fail([f"{source}: not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}."])
    except ValueError as e:  # NaN, Infinity
        _fail([f"{source}: not valid JSON: {e}."])


def _dump(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, allow_nan=False)
    sys.stdout.write("\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m calculators",
        description="The Walk-Away Option's negotiation calculators.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("list", help="list the calculators")
    p_schema = sub.add_parser("schema", help="print a calculator's inputs, with their defaults, as JSON")
    p_schema.add_argument("name", metavar="NAME")
    p_run = sub.add_parser("run", help="read one JSON object of inputs and print the result as JSON")
    p_run.add_argument("name", metavar="NAME")
    p_run.add_argument("file", metavar="FILE", nargs="?", help="the inputs; standard input when absent or '-'")
    p_run.add_argument(
        "--full",
        action="store_true",
        help='print {"calculator", "inputs", "result"}: the format of the browser\'s "Download JSON", which run also reads',
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
        _dump({"name": calc.name, "title": calc.title, "question": calc.question, "inputs": schema(calc.inputs)})
        return 0

    if args.file in (None, "-"):
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
        inputs = parse(calc.inputs, raw)
    except InputError as e:
        _fail([str(p) for p in e.problems])
    result = to_json(calc.compute(inputs))
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
