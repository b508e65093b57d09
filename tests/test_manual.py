"""The manual (docs/) and the README say what the code does, and cannot drift from it.

* The architecture page lists every module under generator/, and only those.
* The content reference is generated from the JSON Schema (docs/hooks/manual.py); the command
  reference from the click commands (mkdocs-click, tests/test_cli.py).
* The manual builds strictly with our own publisher (a real build, marked slow), and its
  command reference holds the real options.
* The README stays short (at most 8 KB), and its screenshot, commands and example claim are
  real.
"""

from __future__ import annotations

import ast
import html.parser
import importlib
import importlib.util
import json
import os
import re
import shutil
import struct
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import click
import pytest
from click.testing import CliRunner

from generator.cli import cli

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
MANUAL = DOCS / "manual"
README = ROOT / "README.md"
ARCHITECTURE = MANUAL / "architecture.md"

README_LIMIT = 8 * 1024
SCREENSHOT_LIMIT = 200 * 1024


def load_hook() -> ModuleType:
    """docs/hooks/manual.py, the manual's MkDocs hook, as a module."""
    path = DOCS / "hooks" / "manual.py"
    spec = importlib.util.spec_from_file_location("manual_hook", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def manual_pages() -> list[Path]:
    return sorted(MANUAL.glob("*.md"))


def require_mkdocs_click() -> None:
    if importlib.util.find_spec("mkdocs_click") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("mkdocs-click is missing: the development lock must install it")
        pytest.skip("mkdocs-click is not installed (`make docs` installs it)")


# -- the architecture page matches the tree ------------------------------------------------------


def modules_in_tree() -> set[str]:
    """Every module under generator/, as `generator/corpus/anchor.py` (`__init__.py` aside)."""
    return {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "generator").rglob("*.py")
        if path.name != "__init__.py" and "__pycache__" not in path.parts
    }


def modules_on_page(text: str) -> list[str]:
    """The modules the architecture page lists: the rows `| `x.py` | ... |` of the tables under
    each heading that is a package's path, such as "### `generator/corpus/`"."""
    found: list[str] = []
    package: str | None = None
    for line in text.splitlines():
        heading = re.match(r"^#+ (.*)$", line)
        if heading:
            path = re.fullmatch(r"`(generator/(?:\w+/)*)`", heading[1].strip())
            package = path[1] if path else None
        elif package and (row := re.match(r"^\| `(\w+\.py)` \|", line)):
            found.append(package + row[1])
    return found


def test_the_architecture_page_lists_every_module_of_the_tree():
    listed = modules_on_page(ARCHITECTURE.read_text(encoding="utf-8"))
    tree = modules_in_tree()
    missing = sorted(tree - set(listed))
    assert not missing, (
        "docs/manual/architecture.md does not list these modules (add a row, with what the "
        "module does, to its package's table): " + ", ".join(missing)
    )


def test_the_architecture_page_names_no_module_that_does_not_exist():
    listed = modules_on_page(ARCHITECTURE.read_text(encoding="utf-8"))
    gone = sorted(set(listed) - modules_in_tree())
    assert not gone, "docs/manual/architecture.md lists modules that do not exist: " + ", ".join(
        gone
    )
    twice = sorted({m for m in listed if listed.count(m) > 1})
    assert not twice, "docs/manual/architecture.md lists these modules twice: " + ", ".join(twice)


def test_modules_on_page_reads_the_tables_under_package_headings():
    text = "\n".join(
        [
            "## Modules",
            "| `ignored.py` | not under a package heading |",
            "### `generator/corpus/`",
            "| module | what it does |",
            "| `read.py` | reads |",
            "### `generator/publish/extensions/`",
            "| `heading_toc.py` | an extension |",
            "## Markdown extensions",
            "| `table_headers.py` | under a heading that is no package |",
        ]
    )
    assert modules_on_page(text) == [
        "generator/corpus/read.py",
        "generator/publish/extensions/heading_toc.py",
    ]


def _existing_module(dotted: str) -> bool:
    """Whether `generator.x.y` is a module or package, or a name defined in one."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        base = ROOT.joinpath(*parts[:cut])
        if base.with_suffix(".py").is_file() or (base / "__init__.py").is_file():
            rest = parts[cut:]
            if not rest:
                return True
            if len(rest) > 1:
                return False
            return hasattr(importlib.import_module(".".join(parts[:cut])), rest[0])
    return False


def test_every_module_the_docs_name_exists():
    """Module paths (`generator/render/paging.py`) and dotted names
    (`generator.publish.site.build_site`) in the manual, README, CONTRIBUTING and SECURITY."""
    wrong = []
    for page in [*manual_pages(), README, ROOT / "CONTRIBUTING.md", ROOT / "SECURITY.md"]:
        text = page.read_text(encoding="utf-8")
        for path in sorted(set(re.findall(r"\bgenerator/[\w/]*\w\.py\b", text))):
            if not (ROOT / path).is_file():
                wrong.append(f"{page.relative_to(ROOT)}: {path}")
        for dotted in sorted(set(re.findall(r"\bgenerator(?:\.\w+)+", text))):
            if not _existing_module(dotted):
                wrong.append(f"{page.relative_to(ROOT)}: {dotted}")
    assert not wrong, "the docs name modules that do not exist: " + "; ".join(wrong)


def test_the_architecture_page_states_the_import_contracts():
    """The layers, in order, and each contract by name, as pyproject.toml has them."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = text.split("\n## What each package may import\n", 1)[1].split("\n## ", 1)[0]
    (layers,) = [c["layers"] for c in contracts if c["type"] == "layers"]
    assert re.findall(r"^\d+\. `([\w.]+)`$", section, re.M) == layers
    for contract in contracts:
        assert contract["name"] in " ".join(section.split()), contract["name"]


# -- the content reference -------------------------------------------------------------------


def test_the_content_reference_covers_every_schema_file():
    text = (MANUAL / "content-reference.md").read_text(encoding="utf-8")
    named = re.findall(r"^<!-- content-reference: (\S+) -->$", text, re.M)
    assert sorted(named) == sorted(
        p.relative_to(ROOT).as_posix() for p in (ROOT / "schemas").glob("*.schema.json")
    )


@pytest.mark.parametrize("name", ["claim", "source"])
def test_the_content_reference_has_a_row_for_every_key(name):
    """Every key of the schema and of each object it uses, with its description."""
    hook = load_hook()
    path = ROOT / "schemas" / f"{name}.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    tables = hook.schema_reference(path)
    objects = [schema, *(schema.get("$defs", {}).values())]
    for obj in objects:
        for key, prop in obj.get("properties", {}).items():
            description = " ".join(prop.get("description", "").split())
            rows = [
                line
                for line in tables.splitlines()
                if line.startswith(f"| `{key}` |") and description.replace("|", "\\|") in line
            ]
            assert rows, f"{path.name}: no row for `{key}` ({description})"


def test_the_content_reference_puts_each_object_under_its_own_heading():
    hook = load_hook()
    tables = hook.schema_reference(ROOT / "schemas" / "claim.schema.json")
    for link in set(re.findall(r"\]\(#([\w-]+)\)", tables)):
        assert re.search(rf"^### {link}$", tables, re.M | re.I), link


def test_the_content_reference_describes_values_in_words():
    hook = load_hook()
    defs = {"Stance": {"enum": ["supports", "refutes"], "type": "string"}}
    cases = [
        ({"type": "string", "pattern": "\\S", "maxLength": 1000}, "text, not blank, at most 1,000 characters"),
        ({"type": "string", "format": "date"}, "date, `YYYY-MM-DD`"),
        ({"anyOf": [{"type": "string", "format": "date"}, {"const": "unknown", "type": "string"}]}, "date, `YYYY-MM-DD` or `unknown`"),
        ({"anyOf": [{"type": "string"}, {"type": "null"}]}, "text"),
        ({"$ref": "#/$defs/Stance"}, "one of `supports`, `refutes`"),
        ({"type": "array", "items": {"$ref": "#/$defs/Citation"}, "minItems": 1, "maxItems": 200}, "list of: [Citation](#citation), 1 to 200 entries"),
        ({"type": "number", "exclusiveMinimum": 0}, "number greater than 0"),
        ({"type": "boolean"}, "`true` or `false`"),
    ]  # fmt: skip
    defs["Citation"] = {"type": "object", "properties": {}}
    for prop, words in cases:
        assert hook.describe_value(prop, defs) == words
    with pytest.raises(ValueError, match="cannot describe"):
        hook.describe_value({"type": "object"}, defs)


def test_included_pages_that_do_not_exist_leave_the_nav():
    hook = load_hook()
    nav = [
        {"Home": "index.md"},
        {"Benchmarks": [{"How": "benchmarks.md"}, {"Results": "benchmark-results.md"}]},
        {"Mutation testing": "mutation-testing.md"},
        {"Only missing": [{"Gone": "mutation-testing.md"}]},
    ]
    assert hook._without(nav, {"mutation-testing.md"}) == nav[:2]


def test_the_manual_nav_names_every_page():
    """Every page of docs/manual/ and every included file is in the nav (MkDocs' strict build
    fails on the rest; this says which, without a build)."""
    import yaml

    config = yaml.safe_load((DOCS / "mkdocs.yml").read_text(encoding="utf-8"))

    def pages(nav: object) -> list[str]:
        if isinstance(nav, str):
            return [nav]
        if isinstance(nav, list):
            return [p for item in nav for p in pages(item)]
        if isinstance(nav, dict):
            return [p for value in nav.values() for p in pages(value)]
        return []

    in_nav = pages(config["nav"])
    hook = load_hook()
    assert sorted(in_nav) == sorted([p.name for p in manual_pages()] + list(hook.INCLUDED))
    assert {"Mutation testing": "mutation-testing.md"} in config["nav"]


# -- other pages follow the code --------------------------------------------------------------


def test_the_configuration_page_names_every_setting_the_renderer_reads():
    """Each `SiteSettings` field documented by its mkdocs.yml setting (`site_url`, ...)."""
    tree = ast.parse((ROOT / "generator" / "render" / "settings.py").read_text(encoding="utf-8"))
    (cls,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "SiteSettings"]
    settings = []
    for field, doc in zip(cls.body, cls.body[1:], strict=False):
        if (
            isinstance(field, ast.AnnAssign)
            and isinstance(doc, ast.Expr)
            and isinstance(doc.value, ast.Constant)
            and (named := re.match(r"`([\w.]+)`", str(doc.value.value)))
        ):
            settings.append(named[1])
    assert "site_url" in settings and "extra.corrections" in settings
    page = (MANUAL / "configuration.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([\w.]+)` \|", page, re.M)
    missing = [s for s in settings if s not in rows]
    assert not missing, "docs/manual/configuration.md has no row for: " + ", ".join(missing)


def _sh_blocks(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", text, re.S)


CONTRIBUTING = ROOT / "CONTRIBUTING.md"
PR_TEMPLATE = ROOT / ".github" / "pull_request_template.md"
PLACEHOLDERS = {"DIR": "content", "REF": "main", "ID": "some-id", "article.txt": "/dev/null"}
"""Words the docs write for what the reader supplies, and a value that exists here."""


def test_the_commands_the_docs_show_exist():
    """Commands in `sh` blocks parse with the real CLI; every `make X` names a Makefile target."""
    from test_workflows import command_problems, make_targets, shell_commands

    targets = make_targets()
    placeholders = PLACEHOLDERS
    problems = []
    for page in [README, CONTRIBUTING, *manual_pages()]:
        text = page.read_text(encoding="utf-8")
        commands = [c for block in _sh_blocks(text) for c in shell_commands(block)]
        commands += [["make", t] for t in re.findall(r"`make (\w+)`", text)]
        concrete = [[placeholders.get(word, word) for word in c] for c in commands]
        problems += [f"{page.name}: {p}" for p in command_problems(concrete, targets)]
    assert not problems, problems


def shown_commands(text: str, *, spans: bool) -> list[list[str]]:
    """The commands a page shows: those of its `sh` blocks, and with `spans` those of its
    inline code that starts with a program (`factcheck ...`, `.venv/bin/factcheck ...`)."""
    from test_workflows import shell_commands

    commands = [c for block in _sh_blocks(text) for c in shell_commands(block)]
    if spans:
        for span in re.findall(r"`([^`\n]+)`", text):
            if re.match(r"^(\.venv/bin/)?(factcheck|python3?|pip|pre-commit) ", span):
                commands += shell_commands(re.sub(r"<[^>]+>", "x", span))
    return commands


def fresh_shell_problems(command: list[str]) -> str | None:
    """Why `command` would not run as written in a new terminal after `make site` (nothing
    activated, so only .venv/bin/ has the project's programs), or None."""
    program = command[0] if command else ""
    if program in ("source", ".") and any("activate" in word for word in command):
        return "activates .venv: write .venv/bin/... instead"
    if program in ("factcheck", "pip", "pip3", "pre-commit"):
        return (
            f"`{program}` is only in .venv/bin/ (nothing is activated): write .venv/bin/{program}"
        )
    if program.startswith("python") and command[1:3] in (["-m", "generator"], ["-m", "pip"]):
        return f"`{program} {' '.join(command[1:3])}` needs .venv/bin/python"
    return None


@pytest.mark.parametrize(
    ("page", "spans"),
    [
        (README, True),
        (CONTRIBUTING, True),
        (PR_TEMPLATE, True),
        *((page, False) for page in sorted(MANUAL.glob("*.md"))),
    ],
    ids=lambda value: value.name if isinstance(value, Path) else "",
)
def test_every_command_shown_runs_as_written_in_a_fresh_shell(page, spans):
    """One way everywhere: `.venv/bin/factcheck` (or a make target), never a bare `factcheck`
    that needs an activated virtual environment. README, CONTRIBUTING and the pull-request
    template are checked to their inline code; the manual, which names commands in prose,
    in its `sh` blocks."""
    wrong = [
        f"{' '.join(command)}: {problem}"
        for command in shown_commands(page.read_text(encoding="utf-8"), spans=spans)
        if (problem := fresh_shell_problems(command))
    ]
    assert not wrong, wrong


def test_the_fresh_shell_rule_catches_what_needs_an_activated_environment():
    for bad in (
        "factcheck validate",
        ". .venv/bin/activate",
        "source .venv/bin/activate",
        "pip install pre-commit",
        "pre-commit install",
        "python3 -m generator validate",
    ):
        from test_workflows import shell_commands

        (command,) = shell_commands(bad)
        assert fresh_shell_problems(command), bad
    for good in (".venv/bin/factcheck validate", ".venv/bin/python -m pip install x", "make site"):
        (command,) = shell_commands(good)
        assert fresh_shell_problems(command) is None, good


def test_the_pre_commit_hook_runs_factcheck_from_the_virtual_environment():
    import yaml

    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = config["repos"][0]["hooks"]
    assert hook["entry"].startswith(".venv/bin/factcheck ")


# -- the README -------------------------------------------------------------------------------


def _section(text: str, heading: str) -> str:
    return text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def test_the_readme_opens_with_a_quick_start_from_clone_to_review_then_the_manual():
    text = README.read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings[0] == "Quick start", headings
    section = _section(text, "Quick start")
    (block,) = _sh_blocks(section)
    lines = block.rstrip("\n").split("\n")
    assert len(lines) <= 15, f"the quick start has {len(lines)} lines of commands"
    assert lines[0].startswith("make site ")
    assert any(line.startswith("git push ") for line in lines), "it ends in review"
    assert "(docs/manual/index.md)" in section and "(CONTRIBUTING.md)" in section


def test_readme_contributing_and_the_manual_set_up_the_same_way():
    """`make site`, then `.venv/bin/factcheck`: not `make deps` and an activated shell."""
    for page in (README, CONTRIBUTING, MANUAL / "getting-started.md"):
        text = page.read_text(encoding="utf-8")
        first = shown_commands(text, spans=False)[0]
        assert first[:2] == ["make", "site"], (page.name, first)
        assert "make deps" not in text and "bin/activate" not in text, page.name


def test_the_readme_is_at_most_8_kb():
    size = len(README.read_bytes())
    assert size <= README_LIMIT, (
        f"README.md is {size:,} bytes, over {README_LIMIT:,}: move the detail to docs/manual/"
    )


def test_the_readme_shows_a_screenshot_with_alt_text():
    (alt, target), *_ = re.findall(r"!\[([^\]]*)\]\(([^)\s]+)\)", README.read_text("utf-8"))
    assert len(alt.split()) >= 5, "the screenshot needs alt text that says what it shows"
    png = ROOT / target
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{target} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 800 and height >= 400, (width, height)
    assert len(data) < SCREENSHOT_LIMIT, f"{target} is {len(data):,} bytes"


def test_the_readme_says_how_to_look_at_the_result():
    from generator.publish.config import offline_zip_path

    text = README.read_text(encoding="utf-8")
    zip_path = offline_zip_path(ROOT / "mkdocs.yml", Path("dist")).as_posix()
    for needed in ("make site", "make test", ".venv/bin/factcheck serve", zip_path, "make docs"):
        assert needed in text, needed
    assert "(docs/manual/index.md)" in text and (MANUAL / "index.md").is_file()


def _readme_claim() -> tuple[str, Path]:
    text = README.read_text(encoding="utf-8")
    (claim,) = re.findall(r"```yaml\n(.*?)```", text, re.S)
    (origin,) = re.findall(r"Trimmed from `(content/claims/[\w-]+\.yaml)`", text)
    return claim, ROOT / origin


def test_the_readmes_example_claim_is_15_lines_of_a_real_claim():
    import yaml

    claim, origin = _readme_claim()
    assert len(claim.splitlines()) == 15
    example, real = yaml.safe_load(claim), yaml.safe_load(origin.read_text(encoding="utf-8"))
    for key in ("question", "claim", "claimant", "status", "tags", "published"):
        assert example[key] == real[key], key
    real_citations = [(c["source"], c["quote"], c["stance"]) for c in real["citations"]]
    for c in example["citations"]:
        assert (c["source"], c["quote"], c["stance"]) in real_citations


def test_the_readmes_example_claim_is_valid(tmp_path, monkeypatch):
    """Validated as a claim of its own, with the sources it cites: no errors."""
    import yaml

    claim, _ = _readme_claim()
    content = tmp_path / "content"
    (content / "claims").mkdir(parents=True)
    (content / "sources").mkdir()
    (content / "claims" / "readme-example.yaml").write_text(claim, encoding="utf-8")
    for citation in yaml.safe_load(claim)["citations"]:
        name = f"{citation['source']}.md"
        shutil.copy(ROOT / "content" / "sources" / name, content / "sources" / name)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate", "--content", "content"])
    assert result.exit_code == 0, result.output
    assert ": 0 errors" in result.output


# -- the build --------------------------------------------------------------------------------


class _Text(html.parser.HTMLParser):
    """The text of an HTML page's `<article>`."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article" or self.depth:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def article_text(page: Path) -> str:
    parser = _Text()
    parser.feed(page.read_text(encoding="utf-8"))
    return "".join(parser.parts)


def _commands(command: click.Command, path: str) -> list[tuple[str, click.Command]]:
    found = [(path, command)]
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            found += _commands(sub, f"{path} {name}")
    return found


@pytest.mark.slow
def test_the_manual_builds_strictly_with_the_real_command_reference(tmp_path):
    require_mkdocs_click()
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from build_manual import build_manual
    finally:
        sys.path.remove(str(ROOT / "scripts"))

    site = build_manual(tmp_path / "manual")
    assert (site / "index.html").is_file()
    for page in manual_pages():
        assert (site / page.with_suffix(".html").name).is_file(), page.name
    assert (site / "assets" / "screenshot.png").is_file()

    reference = article_text(site / "commands.html").split("Reference", 1)[1]
    assert "--offline / --no-offline" in reference
    # Help text is shown as text: `<site-name>` is not taken for an HTML tag (click may wrap it).
    assert "Also write the offline bundle dist/<site-" in " ".join(reference.split())
    for path, command in _commands(cli, "factcheck"):
        assert f"{path} [OPTIONS]" in reference, f"no usage line for `{path}`"
        for param in command.params:
            for option in getattr(param, "opts", []) + getattr(param, "secondary_opts", []):
                if isinstance(param, click.Option):
                    assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", reference), (
                        f"{path} {option}"
                    )

    fields = article_text(site / "content-reference.html")
    assert "appears_in" in fields and "DatedEvent" in fields and "retrieved" in fields
    assert (site / "benchmark-results.html").is_file()
    assert (site / "mutation-testing.html").is_file() == (DOCS / "mutation-testing.md").is_file()
