"""JSON Schema files for editors, generated from the models (one source of truth).

`factcheck schema` writes them to `schemas/`; a test fails when the committed
files differ from what the models generate.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.corpus.models import About, Claim, Claimant, Person, SourceMeta

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
    return {"$schema": SCHEMA_DIALECT, "$id": filename, **schema}


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
