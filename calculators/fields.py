"""Typed input descriptions, and the one validator every calculator shares.

A calculator's inputs are a frozen dataclass. Each field's type hint is
``Annotated[T, Meta]``, where ``Meta`` (:class:`Number`, :class:`Text`,
:class:`Choice`, :class:`Flag`, :class:`Records`, :class:`Numbers`) carries the label, unit,
bounds and help text. Everything else is generated from that one description:

- :func:`parse` turns untrusted JSON-like data into the dataclass, or a list of
  :class:`Problem` naming each bad field in plain words;
- :func:`parse_form` does the same for the flat ``{"a.0.b": "text"}`` mapping a
  browser form produces;
- :func:`schema` gives the JSON description printed by the command line;
- :mod:`calculators.render` builds the HTML form and the field tables.

A dataclass may define ``problems(self) -> list[tuple[str, str]]`` for checks
that involve more than one field (e.g. probabilities adding up to 1); each
tuple is ``(field name, message)``, the field relative to that dataclass.
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Union

__all__ = [
    "Choice",
    "Field",
    "Flag",
    "InputError",
    "Numbers",
    "Number",
    "Problem",
    "Records",
    "Text",
    "defaults",
    "describe",
    "parse",
    "parse_form",
    "schema",
    "to_json",
]


@dataclass(frozen=True)
class Number:
    """A finite real number, optionally an integer, with inclusive or strict bounds."""

    label: str
    help: str = ""
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    exclusive_maximum: bool = False
    integer: bool = False
    #: Text shown in an empty optional field, e.g. "risk-neutral".
    placeholder: str = ""


@dataclass(frozen=True)
class Text:
    label: str
    help: str = ""
    max_length: int = 80
    placeholder: str = ""


@dataclass(frozen=True)
class Choice:
    label: str
    options: tuple[str, ...]
    help: str = ""


@dataclass(frozen=True)
class Flag:
    """Yes or no: JSON ``true`` or ``false``; a checkbox in the form."""

    label: str
    help: str = ""


@dataclass(frozen=True)
class Records:
    """A list of records; the item type is the dataclass named in the type hint."""

    label: str
    item_label: str
    help: str = ""
    min_items: int = 1
    max_items: int = 50


@dataclass(frozen=True)
class Numbers:
    """A list of numbers; each item obeys ``item``."""

    label: str
    item: Number
    help: str = ""
    min_items: int = 0
    max_items: int = 200


Meta = Number | Text | Choice | Flag | Records | Numbers


@dataclass(frozen=True)
class Field:
    """One described field of an input dataclass."""

    name: str
    meta: Meta
    optional: bool  # ``None`` is an allowed value
    has_default: bool
    default: Any
    record: type | None  # the item dataclass of a Records field

    @property
    def label(self) -> str:
        return self.meta.label


@dataclass(frozen=True)
class Problem:
    """A bad input: where it is (a path of keys and indexes) and what is wrong."""

    path: tuple[str | int, ...]
    message: str

    @property
    def where(self) -> str:
        """The path as ``alternatives[1].outcomes[0].probability``."""
        out = ""
        for part in self.path:
            if isinstance(part, int):
                out += f"[{part}]"
            else:
                out += ("." if out else "") + part
        return out or "input"

    @property
    def key(self) -> str:
        """The path as the dotted key a form field carries: ``alternatives.1.outcomes.0.probability``."""
        return ".".join(str(p) for p in self.path)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class InputError(ValueError):
    """Raised by :func:`parse` with every problem found, not just the first."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = list(problems)


_META_TYPES = (Number, Text, Choice, Flag, Records, Numbers)


def describe(cls: type) -> tuple[Field, ...]:
    """The described fields of an input dataclass, in declaration order."""
    cached: tuple[Field, ...] | None = cls.__dict__.get("__walkaway_fields__")
    if cached is not None:
        return cached
    hints = typing.get_type_hints(cls, include_extras=True)
    out: list[Field] = []
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        if typing.get_origin(hint) is not typing.Annotated:
            raise TypeError(f"{cls.__name__}.{f.name} has no field description")
        base, *extras = typing.get_args(hint)
        metas = [m for m in extras if isinstance(m, _META_TYPES)]
        if len(metas) != 1:
            raise TypeError(f"{cls.__name__}.{f.name} needs exactly one field description")
        meta = metas[0]
        optional = False
        if typing.get_origin(base) in (Union, types.UnionType):
            args = [a for a in typing.get_args(base) if a is not type(None)]
            optional = len(args) < len(typing.get_args(base))
            base = args[0]
        record = None
        if isinstance(meta, Records):
            (record, _ellipsis) = typing.get_args(base)
        if f.default is not dataclasses.MISSING:
            has_default, default = True, f.default
        elif f.default_factory is not dataclasses.MISSING:
            has_default, default = True, f.default_factory()
        else:
            has_default, default = False, None
        out.append(Field(f.name, meta, optional, has_default, default, record))
    result = tuple(out)
    cls.__walkaway_fields__ = result  # type: ignore[attr-defined]
    return result


# -- formatting of bounds for messages --------------------------------------


def fmt_number(x: float) -> str:
    """A number as a reader would write it: 0.5, 12, 1,500,000."""
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,.10g}" if abs(x) >= 1000 else f"{x:.10g}"


def _range_words(meta: Number) -> str | None:
    lo, hi = meta.minimum, meta.maximum
    if lo is not None and hi is not None:
        if not meta.exclusive_minimum and not meta.exclusive_maximum:
            return f"between {fmt_number(lo)} and {fmt_number(hi)}"
        left = "above" if meta.exclusive_minimum else "at least"
        right = "below" if meta.exclusive_maximum else "at most"
        return f"{left} {fmt_number(lo)} and {right} {fmt_number(hi)}"
    if lo is not None:
        return f"{'greater than' if meta.exclusive_minimum else 'at least'} {fmt_number(lo)}"
    if hi is not None:
        return f"{'less than' if meta.exclusive_maximum else 'at most'} {fmt_number(hi)}"
    return None


def _shown(value: object) -> str:
    if isinstance(value, str):
        text = value if len(value) <= 30 else value[:27] + "..."
        return repr(text)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return fmt_number(value) if math.isfinite(value) else str(value)
    return type(value).__name__


# -- validation ---------------------------------------------------------------

Path = tuple[str | int, ...]


def _check_number(meta: Number, value: object, path: Path, problems: list[Problem]) -> float | None:
    label = meta.label
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        problems.append(Problem(path, f"{label} must be a number, not {_shown(value)}."))
        return None
    x = float(value)
    if not math.isfinite(x):
        problems.append(Problem(path, f"{label} must be a finite number, not {_shown(value)}."))
        return None
    if meta.integer and x != int(x):
        problems.append(Problem(path, f"{label} must be a whole number, not {_shown(value)}."))
        return None
    bad = (meta.minimum is not None and (x < meta.minimum or (meta.exclusive_minimum and x == meta.minimum))) or (
        meta.maximum is not None and (x > meta.maximum or (meta.exclusive_maximum and x == meta.maximum))
    )
    if bad:
        problems.append(Problem(path, f"{label} must be {_range_words(meta)}, not {_shown(value)}."))
        return None
    return int(x) if meta.integer else x


def _check_field(field: Field, value: object, path: Path, problems: list[Problem]) -> object:
    meta = field.meta
    if value is None:
        if field.optional:
            return None
        problems.append(Problem(path, f"{meta.label} is required."))
        return None
    if isinstance(meta, Number):
        return _check_number(meta, value, path, problems)
    if isinstance(meta, Text):
        if not isinstance(value, str):
            problems.append(Problem(path, f"{meta.label} must be text, not {_shown(value)}."))
            return None
        text = value.strip()
        if len(text) > meta.max_length:
            problems.append(Problem(path, f"{meta.label} must be at most {meta.max_length} characters long."))
            return None
        return text
    if isinstance(meta, Flag):
        if not isinstance(value, bool):
            problems.append(Problem(path, f"{meta.label} must be true or false, not {_shown(value)}."))
            return None
        return value
    if isinstance(meta, Choice):
        if value not in meta.options:
            words = " or ".join(repr(o) for o in meta.options)
            problems.append(Problem(path, f"{meta.label} must be {words}, not {_shown(value)}."))
            return None
        return value
    if isinstance(meta, (Records, Numbers)):
        if not isinstance(value, list):
            problems.append(Problem(path, f"{meta.label} must be a list, not {_shown(value)}."))
            return None
        if len(value) < meta.min_items:
            need = "at least one entry" if meta.min_items == 1 else f"at least {meta.min_items} entries"
            problems.append(Problem(path, f"{meta.label} needs {need}."))
            return None
        if len(value) > meta.max_items:
            problems.append(Problem(path, f"{meta.label} can have at most {meta.max_items} entries."))
            return None
        if isinstance(meta, Numbers):
            items = [_check_number(meta.item, v, (*path, i), problems) for i, v in enumerate(value)]
            return tuple(items)
        assert field.record is not None
        return tuple(_parse(field.record, v, (*path, i), problems) for i, v in enumerate(value))
    raise TypeError(f"unknown field description {meta!r}")  # pragma: no cover


def _parse(cls: type, raw: object, path: Path, problems: list[Problem]) -> Any:
    if not isinstance(raw, Mapping):
        what = "the input" if not path else "each entry"
        problems.append(Problem(path, f"{what.capitalize()} must be a JSON object, not {_shown(raw)}."))
        return None
    fields = describe(cls)
    names = {f.name for f in fields}
    for key in raw:
        if key not in names:
            known = ", ".join(sorted(names))
            problems.append(Problem((*path, str(key)), f"Unknown field {str(key)!r}; the fields are: {known}."))
    before = len(problems)
    values: dict[str, object] = {}
    for field in fields:
        if field.name in raw:
            values[field.name] = _check_field(field, raw[field.name], (*path, field.name), problems)
        elif field.has_default:
            values[field.name] = field.default
        else:
            problems.append(Problem((*path, field.name), f"{field.label} is required."))
    if len(problems) > before:
        return None
    obj = cls(**values)
    check = getattr(obj, "problems", None)
    if check is not None:
        for name, message in check():
            problems.append(Problem((*path, name), message))
    return obj


def parse(cls: type, raw: object) -> Any:
    """Validate ``raw`` against the input dataclass ``cls``.

    Missing fields take their defaults; unknown fields, wrong types, non-finite
    numbers and out-of-bounds values are all reported. Raises
    :class:`InputError` listing every problem.
    """
    problems: list[Problem] = []
    obj = _parse(cls, raw, (), problems)
    if problems:
        raise InputError(problems)
    return obj


# -- the browser form's flat representation ------------------------------------


def _form_number(text: str) -> object:
    """Read a number the way a person types it: spaces, commas and a leading + are fine."""
    cleaned = text.strip().replace(",", "").replace("_", "").replace(" ", "").replace("\u2212", "-")
    if cleaned == "":
        return None
    try:
        x = float(cleaned)
    except ValueError:
        return text
    # float() accepts "nan" and "inf"; those are reported by the normal check.
    return x


def _indexes(flat: Mapping[str, str], key: str) -> list[int]:
    """The row indexes present under ``key.`` in a flat form, in order (gaps allowed)."""
    found = set()
    for k in flat:
        if k.startswith(key + "."):
            head = k[len(key) + 1 :].split(".", 1)[0]
            if head.isdigit():
                found.add(int(head))
    return sorted(found)


def _unflatten(cls: type, flat: Mapping[str, str], prefix: str, used: set[str]) -> dict[str, object]:
    out: dict[str, object] = {}
    for field in describe(cls):
        key = f"{prefix}{field.name}"
        meta = field.meta
        if isinstance(meta, Numbers):
            keys = [f"{key}.{i}" for i in _indexes(flat, key)]
            used.update(k for k in keys if k in flat)
            numbers = [_form_number(flat.get(k, "")) for k in keys]
            out[field.name] = [v for v in numbers if v is not None]
        elif isinstance(meta, Records):
            assert field.record is not None
            out[field.name] = [_unflatten(field.record, flat, f"{key}.{i}.", used) for i in _indexes(flat, key)]
        elif key in flat:
            used.add(key)
            text = flat[key]
            if isinstance(meta, Number):
                out[field.name] = _form_number(text)
            elif isinstance(meta, Flag):
                out[field.name] = {"true": True, "false": False}.get(text, text)
            else:
                out[field.name] = text
    return out


def parse_form(cls: type, flat: Mapping[str, str]) -> Any:
    """Validate a browser form: ``{"alternatives.0.outcomes.1.value": "900,000"}``.

    Every value is the text the reader typed. Numbers are read leniently
    (thousands separators are fine); an empty optional number is ``None``.
    Raises :class:`InputError` with paths matching the form's keys.
    """
    problems: list[Problem] = []
    used: set[str] = set()
    raw = _unflatten(cls, flat, "", used)
    for key in sorted(set(flat) - used)[:20]:  # a hand-made link may carry anything; name a few, not thousands
        path = tuple(int(p) if p.isdigit() else p for p in key.split("."))
        problems.append(Problem(path, f"Unknown field {_shown(key)}: it is not one of this calculator's inputs."))
    obj = _parse(cls, raw, (), problems)
    if problems:
        raise InputError(problems)
    return obj


def place(cls: type, path: tuple[str | int, ...]) -> str:
    """Where a path points, in the form's words: ``Alternative 2 › Outcome 1``, for messages."""
    words: list[str] = []
    fields = {f.name: f for f in describe(cls)}
    current: Field | None = None
    for part in path:
        if isinstance(part, int) and current is not None and isinstance(current.meta, (Records, Numbers)):
            label = current.meta.item_label if isinstance(current.meta, Records) else current.meta.item.label
            words.append(f"{label} {part + 1}")
            fields = {f.name: f for f in describe(current.record)} if current.record is not None else {}
        elif isinstance(part, str) and part in fields:
            current = fields[part]
            if isinstance(current.meta, (Records, Numbers)):
                continue  # the item label says it
        else:
            return ""
    return " \u203a ".join(words)


def to_json(obj: object) -> Any:
    """A dataclass (or tuple of them) as plain JSON data."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_json(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_json(v) for v in obj]
    return obj


def defaults(cls: type) -> dict[str, Any]:
    """The default inputs, as JSON data."""
    return {f.name: to_json(f.default) for f in describe(cls) if f.has_default}


def _meta_schema(field: Field) -> dict[str, Any]:
    meta = field.meta
    out: dict[str, Any] = {"label": meta.label}
    if isinstance(meta, Number):
        out["type"] = "integer" if meta.integer else "number"
        if meta.unit:
            out["unit"] = meta.unit
        if meta.minimum is not None:
            out["exclusiveMinimum" if meta.exclusive_minimum else "minimum"] = meta.minimum
        if meta.maximum is not None:
            out["exclusiveMaximum" if meta.exclusive_maximum else "maximum"] = meta.maximum
    elif isinstance(meta, Text):
        out["type"] = "string"
        out["maxLength"] = meta.max_length
    elif isinstance(meta, Choice):
        out["type"] = "string"
        out["enum"] = list(meta.options)
    elif isinstance(meta, Flag):
        out["type"] = "boolean"
    elif isinstance(meta, Numbers):
        out["type"] = "array"
        out["minItems"] = meta.min_items
        out["items"] = _meta_schema(Field("item", meta.item, False, False, None, None))
    else:
        assert field.record is not None
        out["type"] = "array"
        out["minItems"] = meta.min_items
        out["items"] = schema(field.record)
    if field.optional:
        out["nullable"] = True
    if meta.help:
        out["description"] = meta.help
    if field.has_default:
        out["default"] = to_json(field.default)
    else:
        out["required"] = True
    return out


def schema(cls: type) -> dict[str, Any]:
    """The input description as JSON data, for ``python -m calculators schema``."""
    return {
        "type": "object",
        "properties": {f.name: _meta_schema(f) for f in describe(cls)},
        "additionalProperties": False,
    }
