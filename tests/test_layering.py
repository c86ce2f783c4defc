"""The layers hold: the core never loads Qt when imported, the UI never talks to SQLite or Whoosh directly.

* core — every module of ``lornplayer`` outside ``qt/`` and ``ui/`` (tools included): no PySide6 or
  shiboken6 import at module level, and no module-level import of ``lornplayer.ui``.  (Functions may
  import Qt lazily, e.g. the CLI starting the GUI, or the Qt adapters in ``lornplayer/qt/``.)
* Qt adapters — ``lornplayer/qt/``: import PySide6 only inside functions, so the core may import them.
* UI — ``lornplayer/ui/``: no ``sqlite3`` and no ``whoosh`` anywhere (it goes through the store and search APIs).

Checked twice: by reading the import statements of every module, and by importing every core module in a
fresh interpreter and looking for PySide6 in ``sys.modules`` (which also catches indirect imports).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "lornplayer"
QT = ("PySide6", "shiboken6")


def modules(*, under: str | None = None, exclude: tuple[str, ...] = ()) -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        name = ".".join(parts)
        sub = parts[1] if len(parts) > 1 else ""
        if (under is None or sub == under) and sub not in exclude:
            found[name] = path
    return found


CORE = modules(exclude=("qt", "ui"))
ADAPTERS = modules(under="qt")
UI = modules(under="ui")


def imports(path: Path, module_level_only: bool) -> list[tuple[int, str]]:
    """(line, imported module) of the import statements in a file; with ``module_level_only``, not those
    inside functions (imports under ``if``/``try`` at module level still count)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            counted = not (module_level_only and in_function)
            if isinstance(child, ast.Import) and counted:
                found.extend((child.lineno, alias.name) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0 and counted:
                found.append((child.lineno, child.module))
            visit(child, inner)

    visit(tree, False)
    return found


def offenders(mods: dict[str, Path], banned: tuple[str, ...], module_level_only: bool) -> list[str]:
    return [
        f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}"
        for path in mods.values()
        for line, name in imports(path, module_level_only)
        if any(name == b or name.startswith(b + ".") for b in banned)
    ]


def test_there_are_modules_in_every_layer():
    assert {"lornplayer.store", "lornplayer.core.app", "lornplayer.cli", "lornplayer.log"} <= set(CORE)
    assert {"lornplayer.qt.decode", "lornplayer.qt.pdf", "lornplayer.qt.application"} <= set(ADAPTERS)
    assert {"lornplayer.ui.mainwindow", "lornplayer.ui.app"} <= set(UI)


def test_core_does_not_import_qt_or_the_ui_at_module_level():
    assert offenders(CORE, (*QT, "lornplayer.ui"), module_level_only=True) == []


def test_qt_adapters_import_qt_lazily():
    assert offenders(ADAPTERS, QT + ("lornplayer.ui",), module_level_only=True) == []


def test_ui_does_not_use_sqlite_or_whoosh():
    assert offenders(UI, ("sqlite3", "whoosh"), module_level_only=False) == []


def test_the_checker_sees_each_kind_of_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\ntry:\n    from PySide6 import QtCore\nexcept ImportError:\n    pass\n"
        "def f():\n    import sqlite3\n    from whoosh.fields import Schema\n"
    )
    assert imports(sample, module_level_only=True) == [(1, "os"), (3, "PySide6")]
    assert [name for _, name in imports(sample, module_level_only=False)] == [
        "os",
        "PySide6",
        "sqlite3",
        "whoosh.fields",
    ]


def test_importing_the_core_and_the_adapters_loads_no_qt():
    names = sorted(n for n in set(CORE) | set(ADAPTERS) if not n.endswith("__main__"))  # that one runs the app
    script = (
        f"import importlib, sys\nfor name in {names!r}:\n    importlib.import_module(name)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {QT!r}))"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=PACKAGE.parent
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "[]"
