"""The house rules that keep the flow readable: the core never imports its clients.

corpus -> ingest -> index -> retrieval -> answer -> api/ui, with eval on the same objects. Only
the composition root (assistant/cli.py) may import ingest/, eval/ or ui/ and hand them in.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = ("ingest", "eval", "ui")
COMPOSITION_ROOT = ROOT / "assistant" / "cli.py"


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


CORE = sorted(p for p in (ROOT / "assistant").rglob("*.py") if p != COMPOSITION_ROOT)


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_core_does_not_import_its_clients(path):
    clients = {m for m in imported_modules(path) if m.split(".")[0] in CLIENTS}
    assert not clients, f"{path.relative_to(ROOT)} imports {sorted(clients)}; only " \
        "assistant/cli.py (the composition root) may, and hands them in"


def test_the_composition_root_wires_the_clients():
    used = {m.split(".")[0] for m in imported_modules(COMPOSITION_ROOT)}
    assert set(CLIENTS) <= used


def test_the_walk_sees_lazy_imports(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from ui.chat import mount_ui\n    import eval.runner\n")
    assert imported_modules(module) == {"ui.chat", "eval.runner"}


def test_modules_stay_small():
    """Modules under about 300 lines (STYLE.md); a bigger one wants splitting."""
    big = {str(p.relative_to(ROOT)): n for p in ROOT.glob("*/**/*.py")
           if p.parts[len(ROOT.parts)] in ("assistant", "ingest", "eval", "ui")
           and (n := len(p.read_text("utf-8").splitlines())) > 330}
    assert not big, f"split these modules: {big}"
