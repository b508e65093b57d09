"""What a pydantic validation error says to a contributor, and where.

Pydantic reports an error as a location, a kind and the value it refused; this turns
each into one plain sentence (with a suggestion where one can be made: the closest
key, status or id) placed at the line and column of the value in the file.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import typing
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from generator.corpus.models import LANGUAGE_PATTERN, ClaimantType, SourceKind
from generator.corpus.other_scales import status_meaning, written_otherwise
from generator.corpus.read import LoadedFile
from generator.corpus.scale import Stance, Status
from generator.corpus.slugs import slugify
from generator.corpus.yamlload import Path_
from generator.errors import Problem

_SLUG_FIELDS = {"id", "source", "tags", "appears_in", "authors", "editor", "related"}
"""Fields whose values are ids (a slug pattern)."""
_URL_FIELDS = {"url", "same_as"}
"""Fields whose values are web addresses (an http(s) pattern)."""
_VOCABULARIES: dict[str, type[StrEnum]] = {
    "status": Status,
    "stance": Stance,
    "claimant_type": ClaimantType,
    "type": ClaimantType,
    "kind": SourceKind,
}
"""The fields whose value is one of a fixed list of words."""
_BOUNDS = {
    "greater_than": "more than",
    "greater_than_equal": "at least",
    "less_than": "less than",
    "less_than_equal": "at most",
}
"""How a number's limit reads, by pydantic's kind of error."""
_LANGUAGE_NAMES = {
    "english": "en",
    "russian": "ru",
    "korean": "ko",
    "ukrainian": "uk",
    "chinese": "zh",
    "japanese": "ja",
    "french": "fr",
    "german": "de",
    "spanish": "es",
    "portuguese": "pt",
    "italian": "it",
    "arabic": "ar",
}
"""Names contributors write instead of a tag (the languages near this desk's stories)."""


def schema_problems(file: LoadedFile, model: type[BaseModel], errors: list[Any]) -> list[Problem]:
    """The problems to report for pydantic's `errors()` on `file`'s data: one each, except
    that a missing key and the unknown key beside it that is its likely misspelling (`tag`
    for `tags`) make one problem, at the unknown key."""
    misspelt = _misspellings(errors)
    meant = set(misspelt.values())
    problems = []
    for error in errors:
        loc: Path_ = tuple(error["loc"])
        if error["type"] == "missing" and loc in meant:
            continue
        if loc in misspelt and error["type"] == "extra_forbidden":
            pos = file.located.position(loc, key=True)
            name, wanted = str(loc[-1]), str(misspelt[loc][-1])
            message = f"unknown key {name!r}; did you mean {wanted!r}? (and {wanted!r} is missing)"
            problems.append(Problem(file.path, pos.line, pos.col, message))
        else:
            problems.append(schema_problem(file, model, error))
    return problems


def _misspellings(errors: list[Any]) -> dict[Path_, Path_]:
    """{unknown key's location: missing key's location} for each unknown key that is
    likely a misspelling of a required key missing from the same mapping."""
    missing: dict[Path_, list[str]] = {}
    for error in errors:
        if error["type"] == "missing" and error["loc"]:
            loc = tuple(error["loc"])
            missing.setdefault(loc[:-1], []).append(str(loc[-1]))
    pairs: dict[Path_, Path_] = {}
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] != "extra_forbidden" or not loc:
            continue
        candidates = missing.get(loc[:-1], [])
        close = _closest_key(str(loc[-1]), candidates)
        if close:
            candidates.remove(close[0])  # each missing key stands for one unknown key
            pairs[loc] = (*loc[:-1], close[0])
    return pairs


KEY_SYNONYMS = {"verdict": "status", "rating": "status", "conclusion": "summary"}
"""Keys other desks use, and the key of ours that means the same: a meaning beats a spelling
(`verdict` is closer in letters to `editor` than to `status`)."""


def _closest_key(name: str, keys: list[str]) -> list[str]:
    """The key of `keys` that `name` most likely stands for, as a list of zero or one."""
    meant = KEY_SYNONYMS.get(name.lower())
    if meant is not None:
        return [meant] if meant in keys else []
    return difflib.get_close_matches(name.lower(), keys, n=1, cutoff=0.6)


def schema_problem(file: LoadedFile, model: type[BaseModel], error: Any) -> Problem:
    """The problem to report for one of pydantic's `errors()` on `file`'s data."""
    loc: Path_ = tuple(error["loc"])
    kind = error["type"]
    pos = file.located.position(loc, key=kind == "extra_forbidden")
    return Problem(file.path, pos.line, pos.col, _message(model, loc, kind, error))


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`; did you mean 'x'?` naming the closest of `known` to `name`, or nothing."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


class ClosestNames:
    """`did_you_mean` over one set of names, each wrong name compared once: a desk's
    mistakes repeat (a claimant renamed under thousands of claims), and each comparison
    reads every name."""

    def __init__(self, known: Iterable[str]) -> None:
        self._known = list(known)
        self._said: dict[str, str] = {}

    def hint(self, name: str) -> str:
        """`did_you_mean(name, known)`."""
        if name not in self._said:
            self._said[name] = did_you_mean(name, self._known)
        return self._said[name]


def _message(model: type[BaseModel], loc: Path_, kind: str, error: Any) -> str:
    field = _field_name(loc)
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _missing_message(model, loc)
    if kind == "extra_forbidden":
        return _unknown_key_message(model, loc)
    if kind == "enum":
        return _vocabulary_message(field, value)
    if kind == "string_pattern_mismatch" and loc[:1] == ("translations",):
        # {es: some-id}: the key is the edition's language, the value the claim's id there
        return _pattern_message("language" if loc[-1] == "[key]" else "id", value)
    if kind == "string_pattern_mismatch":
        return _pattern_message(field, value)
    if kind == "string_too_long":
        return f"{field} is {len(value)} characters long; the limit is {ctx.get('max_length')}"
    if kind == "string_type":
        return f"{field} must be text, not {_describe(value)}" + (
            "" if isinstance(value, dt.date) else "; put it in quotes"
        )
    if kind == "too_short":
        return f"{field} needs at least {ctx.get('min_length', 1)} item(s)"
    if kind == "too_long":
        return f"{field} has {ctx.get('actual_length')} items; the limit is {ctx.get('max_length')}"
    if kind in _BOUNDS and isinstance(value, int | float) and not isinstance(value, bool):
        bound = next(iter(ctx.values()), "")
        shown = f"{bound:g}" if isinstance(bound, int | float) else bound
        return f"{field} must be {_BOUNDS[kind]} {shown}, not {value}"
    return _type_message(field, kind, value) or f"{field}: {error['msg']}"


def _missing_message(model: type[BaseModel], loc: Path_) -> str:
    name = str(loc[-1]) if loc else "document"
    owner = _owner_model(model, loc)
    description = (
        _first_sentence(owner.model_fields[name].description) if name in owner.model_fields else ""
    )
    return f"missing required key {name!r}" + (f" ({description})" if description else "")


def _unknown_key_message(model: type[BaseModel], loc: Path_) -> str:
    name = str(loc[-1]) if loc else "document"
    allowed = sorted(_owner_model(model, loc).model_fields)
    close = _closest_key(name, allowed)
    hint = f"; did you mean {close[0]!r}?" if close else f"; allowed keys: {', '.join(allowed)}"
    return f"unknown key {name!r}{hint}"


STATUS_SPELLING_CUTOFF = 0.75
"""How alike an unknown status must be spelt to one of ours to be taken for a typo of it
(`mostly-ture`, `flase`): lower, and other desks' words would be taken for the status
spelt most like them (`half-true` for `true`)."""


def _vocabulary_message(field: str, value: Any) -> str:
    choices = [m.value for m in _VOCABULARIES.get(field, Stance)]
    return f"unknown {field} {value!r}{_vocabulary_hint(field, value, choices)} (use one of: {', '.join(choices)})"


def _vocabulary_hint(field: str, value: Any, choices: list[str]) -> str:
    """A status's hint comes from what it means (another desk's rating says which of ours
    means the same), and from its spelling only for what is not a known rating."""
    if field == "status" and isinstance(value, str) and value:
        ours = written_otherwise(value)
        if ours is not None:
            return f"; did you mean {str(ours)!r}?"
        meaning = status_meaning(value)
        if meaning:
            return f": {meaning}"
    cutoff = STATUS_SPELLING_CUTOFF if field == "status" else 0.6
    close = difflib.get_close_matches(str(value), choices, n=1, cutoff=cutoff)
    return f"; did you mean {close[0]!r}?" if close else ""


def _type_message(field: str, kind: str, value: Any) -> str | None:
    """The message for a value of the wrong type (a list for a mapping, text for a
    number, ...), or None for a kind of error that is not about the type."""
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{field} must be a mapping of keys (like `source: ...`), not {_describe(value)}"
    if kind == "list_type":
        return f"{field} must be a list (lines starting with `- `), not {_describe(value)}"
    if kind == "date_not_in_calendar":
        return f"{field} {value} is not a day of the calendar; check the month and the day"
    if kind.startswith("date"):
        unknown = ", or `unknown`" if kind == "date_or_unknown" else ""
        return f"{field} must be a date written YYYY-MM-DD{unknown}, not {_describe(value)}"
    if kind.startswith("bool"):
        return f"{field} must be true or false, not {_describe(value)}"
    if kind.startswith(("float", "int")):
        unquote = "; write it without quotes" if isinstance(value, str) else ""
        return f"{field} must be a number, not {_describe(value)}{unquote}"
    return None


def _pattern_message(field: str, value: Any) -> str:
    if field in _SLUG_FIELDS:
        suggestion = slugify(str(value))
        hint = f"; did you mean {suggestion!r}?" if suggestion and suggestion != value else ""
        return f"{value!r} is not a valid id: use lowercase letters, digits and hyphens{hint}"
    if field in _URL_FIELDS:
        return f"{value!r} is not a web address; links must start with http:// or https://"
    if field == "language":
        return f"{value!r} is not a language tag like 'en' or 'pt-BR'{_language_hint(value)}"
    if field == "github":
        return (
            f"{value!r} is not a GitHub user name: letters, digits and single hyphens, without `@`"
        )
    if field == "currency":
        return f"{value!r} is not a currency code: three capital letters, like 'EUR' or 'USD'"
    if field == "date":  # a timeline event's date, as precise as its source
        return f"date {value!r} must be a year, a month or a day: YYYY, YYYY-MM or YYYY-MM-DD (months 01-12)"
    return f"{field} must not be blank"


def _language_hint(value: Any) -> str:
    """`; did you mean 'ru'?` for a language's name, or for a tag in the wrong case."""
    text = str(value).strip()
    tag = _LANGUAGE_NAMES.get(text.lower())
    if tag is None and re.fullmatch(LANGUAGE_PATTERN, text.lower()):
        parts = text.lower().split("-")
        tag = "-".join([parts[0], *(_subtag_case(part) for part in parts[1:])])
    return f"; did you mean {tag!r}?" if tag else ""


def _subtag_case(part: str) -> str:
    """A subtag in BCP 47's usual case: regions upper (`BR`), scripts title (`Latn`)."""
    return part.upper() if len(part) == 2 else part.title() if len(part) == 4 else part


def _field_name(loc: Path_) -> str:
    """The innermost key of a location (`quote` of `citations.0.quote`)."""
    for part in reversed(loc):
        if isinstance(part, str):
            return part
    return "document"


def _owner_model(model: type[BaseModel], loc: Path_) -> type[BaseModel]:
    """The model that has the field at `loc`, following the annotations down: an item's
    model inside a list (a claim's `citations`, a source's `archived`, a funding year's
    `funders`)."""
    owner = model
    for key in loc[:-1]:
        if isinstance(key, int):
            continue
        field = owner.model_fields.get(str(key))
        inner = _model_within(field.annotation) if field is not None else None
        if inner is None:
            return owner
        owner = inner
    return owner


def _model_within(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model an annotation holds (`list[Citation]`, `Citation | None`), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_within(arg)
        if found is not None:
            return found
    return None


def _first_sentence(text: str | None) -> str:
    if not text:
        return ""
    return " ".join(text.split()).split(". ")[0].rstrip(".")  # one line, as every message


def _describe(value: Any) -> str:
    """A refused value, in words (`the boolean true`, `a list`, `'x'`)."""
    if value is None:
        return "empty"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, dt.datetime):
        return f"a date and time ({value.isoformat(sep=' ')}); keep only YYYY-MM-DD"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}; put it in quotes if it is meant as text"
    if isinstance(value, int | float):
        return f"the number {value}"
    return repr(value) if isinstance(value, str) else type(value).__name__
