"""Typed input descriptions, and the one validator every calculator shares.

A calculator's inputs are a frozen dataclass. Each field's type hint is
``Annotated[T, description]``, where the description (a :class:`Number`, :class:`Text`,
:class:`Choice`, :class:`Flag`, :class:`Records`, :class:`Numbers` or :class:`Section`)
carries the label, unit, bounds and help text, and knows how to check a value, say
itself in words and give its JSON Schema. Bounds are named as the standards name them
(``Number("Chance", ge=0, lt=1)``); a choice's options are its ``Literal`` type. Everything
else is generated from that one description:

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
import re
import types
import typing
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Self, TypeVar, Union

from .numbers import MAX_MAGNITUDE, number

T = TypeVar("T")

__all__ = [
    "Choice",
    "Description",
    "Field",
    "Flag",
    "InputError",
    "Numbers",
    "Number",
    "Problem",
    "Records",
    "Section",
    "Text",
    "defaults",
    "derive",
    "describe",
    "parse",
    "parse_form",
    "required",
    "schema",
    "check",
    "field_at",
    "first_repeat",
    "numbers_in",
    "walk",
    "MAX_MAGNITUDE",
    "to_json",
]


Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Description:
    """What every field description has: a label, help text and, where a default means something, words for it.

    Each kind knows how to check a value (:meth:`check`), read it from a form (:meth:`from_form`), say its kind
    and bounds in words (:meth:`kind_words`, :meth:`bounds_words`) and describe itself in JSON Schema
    (:meth:`json_schema`). HTML is :mod:`calculators.render`'s, dispatched on the kind.
    """

    label: str
    help: str = dataclasses.field(default="", kw_only=True)
    #: What leaving the field out means, when that is not its literal default, e.g. "the walk-away value".
    default_note: str = dataclasses.field(default="", kw_only=True)

    def check(self, field: Field, value: object, path: Path, problems: list[Problem]) -> object:
        raise NotImplementedError  # pragma: no cover

    def from_form(self, field: Field, flat: Mapping[str, str], key: str, used: set[str]) -> tuple[bool, object]:
        """The value a form holds for this field, as JSON-like data: ``(present, value)``."""
        if key not in flat:
            return False, None
        used.add(key)
        return True, flat[key]

    def json_schema(self, field: Field, defs: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError  # pragma: no cover

    def kind_words(self, field: Field) -> str:
        raise NotImplementedError  # pragma: no cover

    def bounds_words(self) -> str:
        return ""

    def unit_words(self) -> str:
        """The unit a value is in, in words ("money", "months"), or "" where it has none."""
        return ""

    def check_built(self, field: Field, value: Any, path: Path) -> list[Problem]:
        """The problems of a value a model built itself (see :func:`check`); text and choices are never built."""
        return []

    def numbers_in(self, field: Field | None, value: Any, path: Path) -> Iterator[tuple[Path, Number, float]]:
        """The numbers a value of this field holds (see :func:`numbers_in`): none in text, a choice or a flag."""
        return iter(())

    def bind(self, base: Any) -> Self:
        """This description completed from the field's type hint (``base``, without ``None``): a choice's options."""
        return self

    def nested_type(self, base: Any) -> type | None:
        """The dataclass this kind nests, read from the field's type hint: a record's or a section's; else None."""
        return None

    def place_word(self, field: Field, index: int | None) -> str | None:
        """This field's words in a place (see :func:`place`), or None when a row index follows a field without rows."""
        return "" if index is None else None

    def nested_heading(self, field: Field) -> str:
        """The heading of the field table of the dataclass this field nests (see :func:`nested_type`)."""
        assert field.record is not None
        return f"Each entry of `{field.name}` ({field.record.__name__})"


@dataclass(frozen=True)
class Number(Description):
    """A finite real number, optionally an integer, never beyond 1e15 in size, with bounds named as the standards
    name them (annotated-types, Pydantic, JSON Schema): ``ge`` (at least), ``gt`` (above), ``le`` (at most) and
    ``lt`` (below). ``Number("Chance", ge=0, lt=1)`` takes 0 but not 1.
    """

    unit: str = ""
    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    lt: float | None = None
    integer: bool = False
    #: Text shown in an empty optional field, e.g. "risk-neutral".
    placeholder: str = ""

    def __post_init__(self) -> None:
        if self.ge is not None and self.gt is not None:
            raise TypeError(f"{self.label}: a lower bound is ge or gt, not both")
        if self.le is not None and self.lt is not None:
            raise TypeError(f"{self.label}: an upper bound is le or lt, not both")

    def lower(self) -> tuple[float, bool] | None:
        """The description's own lower bound and whether it is strict (``gt``), or None."""
        if self.gt is not None:
            return self.gt, True
        return None if self.ge is None else (self.ge, False)

    def upper(self) -> tuple[float, bool] | None:
        """The description's own upper bound and whether it is strict (``lt``), or None."""
        if self.lt is not None:
            return self.lt, True
        return None if self.le is None else (self.le, False)

    def bounds(self) -> tuple[float, bool, float, bool]:
        """The bounds a number is checked against: ``(low, low is strict, high, high is strict)``.

        The description's own bounds, narrowed to ``-MAX_MAGNITUDE .. MAX_MAGNITUDE``.
        """
        lo, lo_strict = -MAX_MAGNITUDE, False
        lower = self.lower()
        if lower is not None and lower[0] >= lo:
            lo, lo_strict = lower
        hi, hi_strict = MAX_MAGNITUDE, False
        upper = self.upper()
        if upper is not None and upper[0] <= hi:
            hi, hi_strict = upper
        return lo, lo_strict, hi, hi_strict

    def within(self, x: float) -> bool:
        """Whether ``x`` is finite and inside the bounds."""
        lo, lo_strict, hi, hi_strict = self.bounds()
        return math.isfinite(x) and (x > lo if lo_strict else x >= lo) and (x < hi if hi_strict else x <= hi)

    def range_words(self) -> str:
        """The bounds as a reader says them: "between 0 and 1", "above 0 and at most 1,000,000,000,000,000"."""
        lo, lo_strict, hi, hi_strict = self.bounds()
        if not lo_strict and not hi_strict:
            return f"between {number(lo)} and {number(hi)}"
        left = "above" if lo_strict else "at least"
        right = "below" if hi_strict else "at most"
        return f"{left} {number(lo)} and {right} {number(hi)}"

    def check(self, field: Field | None, value: object, path: Path, problems: list[Problem]) -> float | None:
        label = self.label
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            hint = ""
            if isinstance(value, str) and "," in value:
                hint = " Write decimals with a point (1.5); a comma may only separate thousands (1,500)."
            problems.append(Problem(path, f"{label} must be a number, not {_shown(value)}.{hint}"))
            return None
        if isinstance(value, int) and abs(value) > MAX_MAGNITUDE:  # before float(), which overflows past 1e308
            problems.append(Problem(path, f"{label} must be {self.range_words()}; this number is far too large."))
            return None
        x = float(value)
        if not math.isfinite(x):
            problems.append(Problem(path, f"{label} must be a finite number, not {_shown(value)}."))
            return None
        if self.integer and x != int(x):
            problems.append(Problem(path, f"{label} must be a whole number, not {_shown(value)}."))
            return None
        if not self.within(x):
            problems.append(Problem(path, f"{label} must be {self.range_words()}, not {_shown(value)}."))
            return None
        return int(x) if self.integer else x

    def check_built(self, field: Field | None, value: Any, path: Path) -> list[Problem]:
        if self.within(value):
            return []
        return [Problem(path, f"{self.label} must be {self.range_words()}, not {_shown(value)}.")]

    def numbers_in(self, field: Field | None, value: Any, path: Path) -> Iterator[tuple[Path, Number, float]]:
        yield path, self, float(value)

    def from_form(self, field: Field, flat: Mapping[str, str], key: str, used: set[str]) -> tuple[bool, object]:
        present, text = super().from_form(field, flat, key, used)
        return present, _form_number(str(text)) if present else None

    def json_schema(self, field: Field | None, defs: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "integer" if self.integer else "number"}
        lo, lo_strict, hi, hi_strict = self.bounds()
        out["exclusiveMinimum" if lo_strict else "minimum"] = lo
        out["exclusiveMaximum" if hi_strict else "maximum"] = hi
        if self.unit:
            out["unit"] = self.unit
        return out

    def kind_words(self, field: Field | None) -> str:
        return "integer" if self.integer else "number"

    def unit_words(self) -> str:
        return self.unit

    def bounds_words(self) -> str:
        parts = []
        lower, upper = self.lower(), self.upper()
        if lower is not None:
            parts.append(f"{'>' if lower[1] else '≥'} {number(lower[0])}")
        if upper is not None:
            parts.append(f"{'<' if upper[1] else '≤'} {number(upper[0])}")
        if self.integer:
            parts.append("whole")
        return ", ".join(parts)


@dataclass(frozen=True)
class Text(Description):
    max_length: int = 80
    placeholder: str = ""

    def check(self, field: Field, value: object, path: Path, problems: list[Problem]) -> str | None:
        if not isinstance(value, str):
            problems.append(Problem(path, f"{self.label} must be text, not {_shown(value)}."))
            return None
        text = value.strip()
        if len(text) > self.max_length:
            problems.append(Problem(path, f"{self.label} must be at most {self.max_length} characters long."))
            return None
        return text

    def json_schema(self, field: Field, defs: dict[str, Any]) -> dict[str, Any]:
        return {"type": "string", "maxLength": self.max_length}

    def kind_words(self, field: Field) -> str:
        return "text"

    def bounds_words(self) -> str:
        return f"≤ {self.max_length} characters"


@dataclass(frozen=True)
class Choice(Description):
    """One of a few words. The field's type hint is a ``Literal`` of them, in the order the form lists them:
    ``role: Annotated[Literal["seller", "buyer"], Choice("Your role")]``; :func:`describe` reads the options from it.
    """

    #: The options, in order: filled from the type hint's ``Literal`` by :meth:`bind`, never written a second time.
    options: tuple[str, ...] = dataclasses.field(default=(), init=False)

    def bind(self, base: Any) -> Self:
        options = typing.get_args(base) if typing.get_origin(base) is typing.Literal else ()
        if not options or not all(isinstance(o, str) for o in options):
            raise TypeError(f"a choice's type hint must be a Literal of its options, not {base!r}")
        bound = dataclasses.replace(self)
        object.__setattr__(bound, "options", options)  # frozen, and not an argument: set once, here
        return bound

    def check(self, field: Field, value: object, path: Path, problems: list[Problem]) -> str | None:
        if value not in self.options:
            words = " or ".join(repr(o) for o in self.options)
            problems.append(Problem(path, f"{self.label} must be {words}, not {_shown(value)}."))
            return None
        return str(value)

    def json_schema(self, field: Field, defs: dict[str, Any]) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.options)}

    def kind_words(self, field: Field) -> str:
        return " or ".join(f"`{o}`" for o in self.options)


@dataclass(frozen=True)
class Flag(Description):
    """Yes or no: JSON ``true`` or ``false``; a checkbox in the form."""

    def check(self, field: Field, value: object, path: Path, problems: list[Problem]) -> bool | None:
        if not isinstance(value, bool):
            problems.append(Problem(path, f"{self.label} must be true or false, not {_shown(value)}."))
            return None
        return value

    def from_form(self, field: Field, flat: Mapping[str, str], key: str, used: set[str]) -> tuple[bool, object]:
        present, text = super().from_form(field, flat, key, used)
        return present, {"true": True, "false": False}.get(str(text), text) if present else None

    def json_schema(self, field: Field, defs: dict[str, Any]) -> dict[str, Any]:
        return {"type": "boolean"}

    def kind_words(self, field: Field) -> str:
        return "`true` or `false`"


@dataclass(frozen=True)
class _List(Description):
    """What lists of records and lists of numbers share: their size limits, and an entry's words."""

    def entry_label(self) -> str:
        """What one entry is called: "Alternative", "Offer"."""
        raise NotImplementedError  # pragma: no cover

    def place_word(self, field: Field, index: int | None) -> str | None:
        return "" if index is None else f"{self.entry_label()} {index + 1}"

    def _check_size(self, value: object, path: Path, problems: list[Problem], least: int, most: int) -> list[Any] | None:
        if not isinstance(value, list):
            problems.append(Problem(path, f"{self.label} must be a list, not {_shown(value)}."))
            return None
        if len(value) < least:
            need = "at least one entry" if least == 1 else f"at least {least} entries"
            problems.append(Problem(path, f"{self.label} needs {need}."))
            return None
        if len(value) > most:
            problems.append(Problem(path, f"{self.label} can have at most {most} entries."))
            return None
        return value


@dataclass(frozen=True)
class Records(_List):
    """A list of records; the item type is the dataclass named in the type hint."""

    item_label: str = ""
    min_items: int = 1
    max_items: int = 50

    def check(self, field: Field, value: object, path: Path, problems: list[Problem]) -> tuple[Any, ...] | None:
        items = self._check_size(value, path, problems, self.min_items, self.max_items)
        if items is None:
            return None
        assert field.record is not None
        return tuple(_parse(field.record, v, (*path, i), problems) for i, v in enumerate(items))

    def check_built(self, field: Field, value: Any, path: Path) -> list[Problem]:
        return [p for i, item in enumerate(value) for p in check(item, (*path, i))]

    def numbers_in(self, field: Field | None, value: Any, path: Path) -> Iterator[tuple[Path, Number, float]]:
        for i, item in enumerate(value):
            yield from numbers_in(item, (*path, i))

    def nested_type(self, base: Any) -> type | None:
        record: type = typing.get_args(base)[0]  # tuple[Record, ...]
        return record

    def entry_label(self) -> str:
        return self.item_label

    def from_form(self, field: Field, flat: Mapping[str, str], key: str, used: set[str]) -> tuple[bool, object]:
        assert field.record is not None
        return True, [_unflatten(field.record, flat, f"{key}.{i}.", used) for i in _indexes(flat, key)]

    def json_schema(self, field: Field, defs: dict[str, Any]) -> dict[str, Any]:
        assert field.record is not None
        name = field.record.__name__
        if name not in defs:
            defs[name] = {}  # claimed first, so that a record that nests itself cannot loop
            defs[name] = _object_schema(field.record, defs)
        return {"type": "array", "items": {"$ref": f"#/$defs/{name}"}, "minItems": self.min_items, "maxItems": self.max_items}

    def kind_words(self, field: Field) -> str:
        assert field.record is not None
        return f"list of {field.record.__name__}"

    def bounds_words(self) -> str:
        return f"{self.min_items}–{self.max_items} entries"


@dataclass(frozen=True)
class Numbers(_List):
    """A list of numbers; each item obeys ``item``."""

    item: Number = Number("Number")
    min_items: int = 0
    max_items: int = 200

    def check(self, field: Field, value: object, path: Path, problems: list[Problem]) -> tuple[Any, ...] | None:
        items = self._check_size(value, path, problems, self.min_items, self.max_items)
        if items is None:
            return None
        return tuple(self.item.check(None, v, (*path, i), problems) for i, v in enumerate(items))

    def check_built(self, field: Field, value: Any, path: Path) -> list[Problem]:
        return [p for i, v in enumerate(value) for p in self.item.check_built(None, v, (*path, i))]

    def numbers_in(self, field: Field | None, value: Any, path: Path) -> Iterator[tuple[Path, Number, float]]:
        for i, v in enumerate(value):
            yield from self.item.numbers_in(None, v, (*path, i))

    def entry_label(self) -> str:
        return self.item.label

    def from_form(self, field: Field, flat: Mapping[str, str], key: str, used: set[str]) -> tuple[bool, object]:
        keys = [f"{key}.{i}" for i in _indexes(flat, key)]
        used.update(k for k in keys if k in flat)
        numbers = [_form_number(flat.get(k, "")) for k in keys]
        return True, [v for v in numbers if v is not None]

    def json_schema(self, field: Field, defs: dict[str, Any]) -> dict[str, Any]:
        item = {"title": self.item.label} | self.item.json_schema(None, defs)
        return {"type": "array", "items": item, "minItems": self.min_items, "maxItems": self.max_items}

    def kind_words(self, field: Field) -> str:
        return "list of numbers"

    def bounds_words(self) -> str:
        return f"{self.min_items}–{self.max_items} entries"


@dataclass(frozen=True)
class Section(Description):
    """A group of fields: one nested dataclass (the type hint), a JSON object, a ``<fieldset>`` in the form.

    Optional (``Inner | None = None``): the whole section may be left out, as ``null`` or by leaving the key out;
    the form then carries a checkbox at the section's own key (``"false"``: left out). Its fields' form keys are
    ``section.field``, and its problems' paths start with the section's name.
    """

    #: The words of the checkbox that takes an optional section in or out.
    include_label: str = "Include this step"

    def nested_type(self, base: Any) -> type | None:
        section: type = base
        return section

    def place_word(self, field: Field, index: int | None) -> str | None:
        return self.label if index is None else None

    def nested_heading(self, field: Field) -> str:
        return f"The `{field.name}` section ({self.label})"

    def check(self, field: Field, value: object, path: Path, problems: list[Problem]) -> object:
        assert field.record is not None
        if not isinstance(value, Mapping):
            problems.append(Problem(path, f"{self.label} must be a JSON object of its fields, not {_shown(value)}."))
            return None
        return _parse(field.record, value, path, problems)

    def check_built(self, field: Field, value: Any, path: Path) -> list[Problem]:
        return check(value, path)

    def numbers_in(self, field: Field | None, value: Any, path: Path) -> Iterator[tuple[Path, Number, float]]:
        return numbers_in(value, path)

    def from_form(self, field: Field, flat: Mapping[str, str], key: str, used: set[str]) -> tuple[bool, object]:
        assert field.record is not None
        inner = [k for k in flat if k.startswith(key + ".")]
        if key in flat:
            used.add(key)
            if flat[key] == "false":  # the checkbox is off: the section is left out, whatever its fields hold
                used.update(inner)
                return True, None
        elif not inner:
            return False, None
        return True, _unflatten(field.record, flat, f"{key}.", used)

    def json_schema(self, field: Field, defs: dict[str, Any]) -> dict[str, Any]:
        assert field.record is not None
        return _object_schema(field.record, defs)  # inline: a $ref beside "null" would refuse the null

    def kind_words(self, field: Field) -> str:
        return "object (a section)"

    def bounds_words(self) -> str:
        return ""


@dataclass(frozen=True)
class Field:
    """One described field of an input dataclass."""

    name: str
    meta: Description
    optional: bool  # ``None`` is an allowed value
    has_default: bool
    default: Any
    record: type | None  # the dataclass a field nests: a Records field's item, a Section's group

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


def first_repeat(names: Sequence[str]) -> str | None:
    """The first name that appears a second time, or None: for a model's rule that each entry has its own name."""
    seen: set[str] = set()
    for name in names:
        if name in seen:
            return name
        seen.add(name)
    return None


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
        metas = [m for m in extras if isinstance(m, Description)]
        if len(metas) != 1:
            raise TypeError(f"{cls.__name__}.{f.name} needs exactly one field description")
        meta = metas[0]
        optional = False
        if typing.get_origin(base) in (Union, types.UnionType):
            args = [a for a in typing.get_args(base) if a is not type(None)]
            optional = len(args) < len(typing.get_args(base))
            base = args[0]
        try:
            meta = meta.bind(base)
        except TypeError as e:
            raise TypeError(f"{cls.__name__}.{f.name}: {e}") from None
        record = meta.nested_type(base)
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


def _shown(value: object) -> str:
    if isinstance(value, str):
        text = value if len(value) <= 30 else value[:27] + "..."
        return repr(text)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int) and abs(value) > MAX_MAGNITUDE:
        return "a number far too large"
    if isinstance(value, (int, float)):
        return number(value)
    return type(value).__name__


# -- one walker over descriptions ------------------------------------------------------


def walk(cls: type, path: Path) -> Iterator[tuple[Field, int | None]]:
    """The fields a path goes through, each with the list index that follows it (if any).

    ``walk(batna.Inputs, ("alternatives", 1, "outcomes", 0, "value"))`` yields the ``alternatives`` field
    with index 1, ``outcomes`` with 0, and ``value`` with None. A path that leaves the description raises
    ``KeyError``.
    """
    parts = list(path)
    current: type | None = cls
    while parts:
        part = parts.pop(0)
        if current is None or not isinstance(part, str):
            raise KeyError(path)
        fields = {f.name: f for f in describe(current)}
        if part not in fields:
            raise KeyError(path)
        field = fields[part]
        index = parts.pop(0) if parts and isinstance(parts[0], int) else None
        yield field, typing.cast("int | None", index)
        current = field.record


def field_at(cls: type, path: Path) -> Field:
    """The described field a path ends on (list indexes skipped)."""
    *_, (field, _index) = walk(cls, path)
    return field


# -- validation ---------------------------------------------------------------


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
        where = (*path, field.name)
        if field.name not in raw:
            if field.has_default:
                values[field.name] = field.default
            else:
                problems.append(Problem(where, f"{field.label} is required."))
        elif raw[field.name] is None:
            if not field.optional:
                problems.append(Problem(where, f"{field.label} is required."))
            values[field.name] = None
        else:
            values[field.name] = field.meta.check(field, raw[field.name], where, problems)
    if len(problems) > before:
        return None
    obj = cls(**values)
    rules = getattr(obj, "problems", None)
    if rules is not None:
        for name, message in rules():
            problems.append(Problem((*path, name), message))
    return obj


def parse(cls: type[T], raw: object) -> T:
    """Validate ``raw`` against the input dataclass ``cls``.

    Missing fields take their defaults (a field without one is required); unknown fields, wrong types,
    non-finite numbers and out-of-bounds values are all reported. Raises :class:`InputError` listing every
    problem.
    """
    problems: list[Problem] = []
    obj = _parse(cls, raw, (), problems)
    if problems:
        raise InputError(problems)
    return typing.cast(T, obj)


def check(obj: Any, path: Path = ()) -> list[Problem]:
    """The problems of an already-built input dataclass: every number's bounds and every ``problems()`` rule.

    :func:`parse` checks typed input; this checks inputs a model built itself (a sensitivity analysis moving one
    input, say), so that nothing a reader could not type is ever computed.
    """
    problems: list[Problem] = []
    for field in describe(type(obj)):
        value = getattr(obj, field.name)
        if value is not None:
            problems.extend(field.meta.check_built(field, value, (*path, field.name)))
    if not problems:
        rules = getattr(obj, "problems", None)
        if rules is not None:
            problems.extend(Problem((*path, name), message) for name, message in rules())
    return problems


def numbers_in(obj: Any, path: Path = ()) -> Iterator[tuple[Path, Number, float]]:
    """Every number an input dataclass holds, in declaration order, each with its path and its description.

    ``numbers_in(batna.EXAMPLE)`` starts with ``(("offers", 0, "value"), Number("Value", ...), 1180000.0)``.
    Each kind of description yields its own: a number itself, a list or a section the numbers inside it, text none;
    a field left out (``None``) holds none. A sensitivity analysis moves them (:mod:`calculators.sensitivity`).
    """
    for field in describe(type(obj)):
        value = getattr(obj, field.name)
        if value is not None:
            yield from field.meta.numbers_in(field, value, (*path, field.name))


# -- the browser form's flat representation ------------------------------------


_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")


def _form_number(text: str) -> object:
    """Read a number the way a person types it: spaces, thousands commas and a leading + are fine.

    A comma that cannot separate thousands ("1,5") is not read as "15": the text is returned as it is,
    and the number check reports it.
    """
    cleaned = text.strip().replace("_", "").replace(" ", "").replace("\u00a0", "").replace("\u2212", "-")
    if cleaned == "":
        return None
    if "," in cleaned:
        if not _THOUSANDS.fullmatch(cleaned):
            return text
        cleaned = cleaned.replace(",", "")
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
        present, value = field.meta.from_form(field, flat, f"{prefix}{field.name}", used)
        if present:
            out[field.name] = value
    return out


def parse_form(cls: type[T], flat: Mapping[str, str]) -> T:
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
    return typing.cast(T, obj)


def place(cls: type, path: Path) -> str:
    """Where a path points, in the form's words: ``Alternative 2 › Outcome 1``, for messages."""
    words: list[str] = []
    try:
        for field, index in walk(cls, path):
            word = field.meta.place_word(field, index)
            if word is None:
                return ""  # a row of a field that has none: a made-up key, named by its key alone
            if word:
                words.append(word)
    except KeyError:
        return ""
    return " \u203a ".join(words)


def to_json(obj: object) -> Any:
    """A dataclass (or a tuple or mapping of them) as plain JSON data."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_json(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Mapping):
        return {k: to_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_json(v) for v in obj]
    return obj


def defaults(cls: type) -> dict[str, Any]:
    """The default inputs, as JSON data: what a field left out means. Required fields have none."""
    return {f.name: to_json(f.default) for f in describe(cls) if f.has_default}


def required(cls: type) -> list[str]:
    """The fields that have no default: leaving one out is an error naming it."""
    return [f.name for f in describe(cls) if not f.has_default]


def derive(
    cls: type,
    name: str,
    *,
    linked: Mapping[str, str],
    placeholders: Mapping[str, str] | None = None,
    drop: Sequence[str] = (),
    module: str = __name__,
    doc: str = "",
) -> type:
    """A new input dataclass with the described fields of ``cls``, less ``drop``, where the ``linked`` ones may be left out.

    Each linked field becomes ``T | None``, left out by default, and its description's ``default_note`` is the words
    given for it (where its value then comes from, e.g. "from step 2: your walk-away value"); ``placeholders`` give
    what an empty linked field shows in the form. The other fields keep their types, descriptions and defaults,
    and no field definition is written twice. The new class has none of ``cls``'s methods, so none of its
    cross-field rules: whoever fills in the linked fields builds a ``cls`` from it and checks that with :func:`check`.
    """
    fields = describe(cls)
    unknown = (set(linked) | set(drop) | set(placeholders or {})) - {f.name for f in fields}
    if unknown:
        raise TypeError(f"{cls.__name__} has no fields called {', '.join(sorted(unknown))}")
    hints = typing.get_type_hints(cls, include_extras=True)
    annotated: Any = typing.Annotated  # built from values at run time, which a type checker cannot follow
    specs: list[Any] = []
    for f in fields:
        if f.name in drop:
            continue
        if f.name in linked:
            changes: dict[str, str] = {"default_note": linked[f.name]}
            if placeholders and f.name in placeholders:
                changes["placeholder"] = placeholders[f.name]
            base = typing.get_args(hints[f.name])[0]
            hint = annotated[base | None, dataclasses.replace(f.meta, **changes)]
            specs.append((f.name, hint, dataclasses.field(default=None)))
        elif f.has_default:
            specs.append((f.name, hints[f.name], dataclasses.field(default=f.default)))
        else:
            specs.append((f.name, hints[f.name]))
    namespace = {"__doc__": doc or f"{cls.__name__}'s fields, some of them linked.", "__module__": module}
    return dataclasses.make_dataclass(name, specs, frozen=True, kw_only=True, namespace=namespace)


# -- JSON Schema ------------------------------------------------------------------


def _field_schema(field: Field, defs: dict[str, Any]) -> dict[str, Any]:
    meta = field.meta
    out: dict[str, Any] = {"title": meta.label} | meta.json_schema(field, defs)
    if field.optional:
        out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    description = meta.help
    if meta.default_note:
        description = f"{description} Left out: {meta.default_note}.".strip()
    if description:
        out["description"] = description
    if field.has_default:
        out["default"] = to_json(field.default)
    return out


def _object_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "object",
        "properties": {f.name: _field_schema(f, defs) for f in describe(cls)},
        "additionalProperties": False,
    }
    needed = required(cls)
    if needed:
        out["required"] = needed
    return out


def schema(cls: type, title: str = "", description: str = "") -> dict[str, Any]:
    """The input description as a JSON Schema (2020-12), for ``python -m calculators schema``.

    A standard validator accepts what :func:`parse` accepts, within the schema's reach: rules that involve
    several fields (probabilities adding up to 1) are the models' own ``problems()`` and are not in it.
    """
    defs: dict[str, Any] = {}
    body = _object_schema(cls, defs)
    out: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    if title:
        out["title"] = title
    if description:
        out["description"] = description
    out |= body
    if defs:
        out["$defs"] = defs
    return out
