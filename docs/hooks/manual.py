"""The manual's own MkDocs hook (docs/mkdocs.yml `hooks:`); not part of the generator.

It does two things, so that the manual cannot drift from what it describes:

* **The content reference.** A line `<!-- content-reference: schemas/claim.schema.json -->`
  in a page is replaced by tables of that JSON Schema's fields (name, required or not, what
  a value may be, and the field's description). The schemas are generated from the
  pydantic models (`factcheck schema`; tests/test_schema.py fails when they are stale), so
  the reference follows the models.
* **Pages kept elsewhere.** `INCLUDED` names files outside the manual's folder that are
  published as pages of it, each kept where its owner writes it (`make bench` rewrites
  benchmarks/RESULTS.md). One that does not exist yet is left out of the nav and the
  build, instead of failing it.

Paths are relative to the repository's root, the folder above docs/.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
"""The repository: docs/hooks/manual.py is two folders down."""

INCLUDED = {
    "benchmark-results.md": "benchmarks/RESULTS.md",
    "mutation-testing.md": "docs/mutation-testing.md",
}
"""Page of the manual -> the file (from the repository's root) published as that page."""

MARKER = re.compile(r"^<!-- content-reference: (?P<path>\S+) -->$", re.M)

ID_PATTERN = "^[a-z0-9][a-z0-9-]*$"
URL_PATTERN = "^https?://[^\\s/?#]+\\.[^\\s/?#]+([/?#]\\S*)?$"
NOT_BLANK = "\\S"
LANGUAGE_PATTERN = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
PARTIAL_DATE_PATTERN = "^\\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01]))?)?$"
"""Patterns of the models that read better in words; any other is printed as it is."""


# -- MkDocs events ----------------------------------------------------------------------------


def on_config(config: Any) -> Any:
    """Leave out of the nav every included page whose file does not exist (yet)."""
    missing = {page for page, path in INCLUDED.items() if not (ROOT / path).is_file()}
    if missing and config.nav:
        config.nav = _without(config.nav, missing)
    return config


def on_files(files: Any, config: Any) -> Any:
    """Add each included file that exists, as the page `INCLUDED` names."""
    from mkdocs.structure.files import File

    for page, path in INCLUDED.items():
        source = ROOT / path
        if source.is_file():
            files.append(File.generated(config, page, abs_src_path=str(source)))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Replace each content-reference marker with the schema's tables."""
    return expand_markers(markdown)


# -- the content reference ----------------------------------------------------------------------


def expand_markers(markdown: str) -> str:
    """`markdown` with each content-reference marker replaced by its tables."""
    return MARKER.sub(lambda m: schema_reference(ROOT / m["path"]), markdown)


def schema_reference(path: Path) -> str:
    """Markdown tables for a JSON Schema file: its own fields, then each object it uses."""
    schema = json.loads(path.read_text(encoding="utf-8"))
    defs = schema.get("$defs", {})
    parts = [_object_section(None, schema, defs)]
    for name in _objects_used(schema, defs):
        parts.append(_object_section(name, defs[name], defs))
    return "\n".join(parts)


def _object_section(name: str | None, schema: dict[str, Any], defs: dict[str, Any]) -> str:
    """The schema's own fields under the page's heading; each object it uses under its own."""
    lines = [f"### {name}", ""] if name else []
    lines += [_one_line(schema.get("description", "")), ""]
    if schema.get("additionalProperties") is False:
        lines += ["No other keys are allowed.", ""]
    lines += ["| key | required | value | what it is |", "| --- | --- | --- | --- |"]
    required = set(schema.get("required", ()))
    for key, prop in schema.get("properties", {}).items():
        needed = "yes" if key in required else _optional(prop)
        lines.append(
            f"| `{key}` | {needed} | {_cell(describe_value(prop, defs))} "
            f"| {_cell(_one_line(prop.get('description', '')))} |"
        )
    return "\n".join(lines) + "\n"


def _objects_used(schema: dict[str, Any], defs: dict[str, Any]) -> list[str]:
    """Object definitions the schema refers to, in the order its fields first use them."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                name = ref.removeprefix("#/$defs/")
                if defs[name].get("type") == "object" and name not in found:
                    found.append(name)
                    walk(defs[name])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema.get("properties", {}))
    return found


def describe_value(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    """What a value may be, in words: `text, not blank, at most 1,000 characters`."""
    variants = [v for v in prop.get("anyOf", [prop]) if v.get("type") != "null"]
    return " or ".join(_describe_one(v, defs) for v in variants)


def _describe_one(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in prop:
        name = prop["$ref"].removeprefix("#/$defs/")
        target = defs[name]
        if "enum" in target:
            return "one of " + ", ".join(f"`{v}`" for v in target["enum"])
        return f"[{name}](#{name.lower()})"
    if "const" in prop:
        return f"`{prop['const']}`"
    if "enum" in prop:
        return "one of " + ", ".join(f"`{v}`" for v in prop["enum"])
    kind = prop.get("type")
    if kind == "array":
        text = "list of: " + _describe_one(prop.get("items", {}), defs)
        return text + _count(prop.get("minItems"), prop.get("maxItems"), "entries")
    if kind == "string":
        return _describe_string(prop)
    if kind in ("number", "integer"):
        text = "number" if kind == "number" else "whole number"
        if "exclusiveMinimum" in prop:
            text += f" greater than {prop['exclusiveMinimum']}"
        if "minimum" in prop:
            text += f", at least {prop['minimum']}"
        if "maximum" in prop:
            text += f", at most {prop['maximum']}"
        return text
    if kind == "boolean":
        return "`true` or `false`"
    if kind == "object" and len(prop.get("patternProperties", {})) == 1:
        ((key_pattern, value),) = prop["patternProperties"].items()
        key = _describe_string({"pattern": key_pattern})
        text = f"mapping of {key} to {_describe_one(value, defs)}"
        return text + _count(None, prop.get("maxProperties"), "entries")
    if kind == "object" and isinstance(prop.get("additionalProperties"), dict):
        return "mapping of keys to: " + _describe_one(prop["additionalProperties"], defs)
    raise ValueError(f"the content reference cannot describe {prop!r}")


def _describe_string(prop: dict[str, Any]) -> str:
    pattern = prop.get("pattern")
    if prop.get("format") == "date":
        return "date, `YYYY-MM-DD`"
    if pattern == ID_PATTERN:
        text = "id (lowercase letters, digits, hyphens)"
    elif pattern == URL_PATTERN:
        text = "absolute http(s) URL"
    elif pattern == NOT_BLANK:
        text = "text, not blank"
    elif pattern == LANGUAGE_PATTERN:
        text = "language tag (BCP 47), e.g. `en`, `pt-BR`"
    elif pattern == PARTIAL_DATE_PATTERN:
        text = "date as precise as known: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`"
    elif pattern is None:
        text = "text"
    else:
        text = f"text matching `{pattern}`"
    return text + _count(None, prop.get("maxLength"), "characters")


def _count(least: int | None, most: int | None, noun: str) -> str:
    if least and most:
        return f", {least:,} to {most:,} {noun}"
    if most:
        return f", at most {most:,} {noun}"
    if least:
        return f", at least {least:,} {noun}"
    return ""


def _optional(prop: dict[str, Any]) -> str:
    default = prop.get("default")
    if default is None or default == [] or default == {}:
        return "no"
    return f"no (default `{json.dumps(default)}`)"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _cell(text: str) -> str:
    """`text` for a table cell: a `|` outside code spans escaped (inside them it is code)."""
    parts = text.split("`")
    return "`".join(p if i % 2 else p.replace("|", "\\|") for i, p in enumerate(parts))


def _without(nav: list[Any], pages: set[str]) -> list[Any]:
    """The nav with every entry for one of `pages` removed (sections emptied by it too)."""
    kept: list[Any] = []
    for item in nav:
        if isinstance(item, dict):
            ((title, value),) = item.items()
            if isinstance(value, list):
                inner = _without(value, pages)
                if inner:
                    kept.append({title: inner})
            elif value not in pages:
                kept.append(item)
        elif item not in pages:
            kept.append(item)
    return kept
