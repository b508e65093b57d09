"""The published JSON Schema files: up to date, and usable by editors."""

import json
from pathlib import Path

import jsonschema
import pytest

from generator.commands.schema import schema_texts, stale_schemas
from generator.corpus.read import load_content

ROOT = Path(__file__).parents[1]


def test_committed_schemas_match_the_models():
    assert stale_schemas(ROOT / "schemas") == [], "run `factcheck schema` and commit schemas/"


def test_schema_carries_the_status_scale_and_field_docs():
    claim = json.loads(schema_texts()["claim.schema.json"])
    assert claim["$defs"]["Status"]["enum"] == [
        "true",
        "mostly-true",
        "mixed",
        "mostly-false",
        "false",
        "misleading",
        "unproven",
    ]
    assert claim["additionalProperties"] is False
    assert "verbatim" in claim["$defs"]["Citation"]["properties"]["quote"]["description"]


def _json_ready(value):
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


@pytest.mark.parametrize("kind", ["claim", "source", "person", "claimant", "about"])
def test_shipped_content_validates_against_the_json_schema(kind):
    schema = json.loads(schema_texts()[f"{kind}.schema.json"])
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    files = [f for f in load_content(ROOT / "content").files if f.kind == kind]
    assert files
    for file in files:
        errors = list(validator.iter_errors(_json_ready(file.located.data)))
        assert errors == [], f"{file.path}: {errors[0].message}"


def test_the_json_schema_rejects_what_the_validator_rejects():
    schema = json.loads(schema_texts()["claim.schema.json"])
    validator = jsonschema.Draft202012Validator(schema)
    messages = [e.message for e in validator.iter_errors({"stauts": "true"})]
    assert any("stauts" in m for m in messages)
    assert any("'status' is a required property" in m for m in messages)


def test_every_claim_file_points_at_the_schema():
    for path in sorted((ROOT / "content" / "claims").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../schemas/claim.schema.json", path


@pytest.mark.parametrize(("folder", "schema"), [("people", "person"), ("claimants", "claimant")])
def test_every_person_and_claimant_file_points_at_its_schema(folder, schema):
    paths = sorted((ROOT / "content" / folder).glob("*.yaml"))
    assert paths
    for path in paths:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../schemas/{schema}.schema.json", path


def test_the_about_file_points_at_its_schema():
    first = (ROOT / "content" / "about.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/about.schema.json"
