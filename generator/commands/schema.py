"""JSON Schema files for editors, generated from the models (one source of truth).

`factcheck schema` writes them to `schemas/`; a test fails when the committed
files differ from what the models generate.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.corpus.kinds import KIND_FIELDS, RULES
from generator.corpus.models import About, Claim, Claimant, Person, SourceKind, SourceMeta

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMAS: dict[str, type[BaseModel]] = {
    "claim.schema.json": Claim,
    "source.schema.json": SourceMeta,
    "person.schema.json": Person,
    "claimant.schema.json": Claimant,
    "about.schema.json": About,
}


def schema_for(model: type[BaseModel], filename: str) -> dict[str, Any]:
    schema = model.model_json_schema()
    if model is SourceMeta:
        schema["allOf"] = kind_schemas()
    return {"$schema": SCHEMA_DIALECT, "$id": filename, **schema}


def kind_schemas() -> list[dict[str, Any]]:
    """Each kind's part of the source schema (`corpus.kinds.RULES`): if `kind` is that kind
    (an absent `kind` is an article), then its own fields are required, and other kinds'
    fields are not allowed."""
    parts = []
    for kind, rule in RULES.items():
        condition: dict[str, Any] = {"properties": {"kind": {"const": kind.value}}}
        if kind is not SourceKind.ARTICLE:
            condition["required"] = ["kind"]
        allowed = {*rule.required, *rule.optional}
        then: dict[str, Any] = {
            "properties": {key: False for key in KIND_FIELDS if key not in allowed}
        }
        if rule.required:
            then["required"] = list(rule.required)
        parts.append({"if": condition, "then": then})
    return parts


def schema_texts() -> dict[str, str]:
    """File name -> JSON text, deterministic."""
    return {
        name: json.dumps(schema_for(model, name), indent=2, ensure_ascii=False, sort_keys=True)
        + "\n"
        for name, model in SCHEMAS.items()
    }


def write_schemas(folder: Path) -> list[Path]:
    """Write the schema files into `folder`; return those that changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in schema_texts().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def stale_schemas(folder: Path) -> list[Path]:
    """Schema files in `folder` that are missing or differ from the models."""
    return [
        folder / name
        for name, text in schema_texts().items()
        if not (folder / name).exists() or (folder / name).read_text(encoding="utf-8") != text
    ]
