"""The data flows one way: the store loads, saves and queries; it never reaches
up into the pipeline (event building hands it what to write)."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_store_imports_nothing_from_ingest_or_api():
    wrong = {f"{p.name}: {m}" for p in (ROOT / "store").glob("*.py") for m in _imports(p)
             if m.split(".")[0] in ("ingest", "api")}
    assert not wrong


def test_event_building_is_one_package():
    package = ROOT / "ingest" / "events"
    for name in ("sentences", "entities", "titles", "evidence", "same", "grouping"):
        assert (package / f"{name}.py").is_file()
    for gone in ("events.py", "entities.py", "titles.py", "sentences.py"):
        assert not (ROOT / "ingest" / gone).exists()
