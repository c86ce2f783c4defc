"""Refresh the Norwegian translation: lupdate over the UI and export sources, then lrelease.

    python -m lornplayer.tools.update_translations

Updates ``resources/i18n/lornplayer_nb.ts`` (existing translations are kept, strings that
left the sources are dropped) and compiles ``lornplayer_nb.qm`` from its finished
translations.  Translate new messages with Qt Linguist (``pyside6-linguist``) or in any
editor, remove ``type="unfinished"``, and run this again.

lupdate's Python reader misses calls inside f-strings and only knows literal contexts, so
the messages are found here with :mod:`ast`, with the context tr() uses at run time, and
written as ``QCoreApplication.translate("Context", "text")`` lines into stand-in files with
the same line numbers, which lupdate merges into the .ts.  Understood forms:

* ``self.tr("…")`` (context: the enclosing class), also through ``tr = self.tr``;
* ``<anything>.translate("Context", "…")`` and ``QT_TRANSLATE_NOOP("Context", "…")``,
  the context may be a module constant (``_CTX = "Export"``);
* calls of a module helper ``def _tr(text): return QCoreApplication.translate("Context", text)``.

Optional disambiguation and plural (``n``) arguments are kept.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import NamedTuple

from lornplayer import paths

PACKAGE = Path(__file__).resolve().parents[1]
LANGUAGE = "nb_NO"
TS_FILE = paths.resources_dir() / "i18n" / "lornplayer_nb.ts"


class Message(NamedTuple):
    line: int
    context: str
    source: str
    disambiguation: str | None = None
    plural: bool = False


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    return text


# Qt ships Nynorsk but no Bokmål, so Bokmål users get Qt's Nynorsk.  Our file overrides the
# Qt strings they see most where the two differ: text and scroll bar menus, message boxes, key
# names, file dialogs.
QT_OVERRIDES = (
    QT_TRANSLATE_NOOP("QPlatformTheme", "Save"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Save All"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Open"),
    QT_TRANSLATE_NOOP("QLineEdit", "&Undo"),
    QT_TRANSLATE_NOOP("QLineEdit", "&Redo"),
    QT_TRANSLATE_NOOP("QWidgetTextControl", "&Undo"),
    QT_TRANSLATE_NOOP("QWidgetTextControl", "&Redo"),
    QT_TRANSLATE_NOOP("QWidgetTextControl", "Copy &Link Location"),
    QT_TRANSLATE_NOOP("QMessageBox", "Show Details..."),
    QT_TRANSLATE_NOOP("QMessageBox", "Hide Details..."),
    QT_TRANSLATE_NOOP("QShortcut", "Esc"),
    QT_TRANSLATE_NOOP("QShortcut", "Right"),
    QT_TRANSLATE_NOOP("QTabBar", "Scroll Right"),
    QT_TRANSLATE_NOOP("QScrollBar", "Scroll right"),
    QT_TRANSLATE_NOOP("QScrollBar", "Page right"),
    QT_TRANSLATE_NOOP("QScrollBar", "Right edge"),
    QT_TRANSLATE_NOOP("QScrollBar", "Bottom"),
    QT_TRANSLATE_NOOP("QFileDialog", "Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "File &name:"),
    QT_TRANSLATE_NOOP("QFileDialog", "&Open"),
    QT_TRANSLATE_NOOP("QFileDialog", "&Save"),
    QT_TRANSLATE_NOOP("QFileDialog", "Open"),
    QT_TRANSLATE_NOOP("QFileDialog", "Save As"),
    QT_TRANSLATE_NOOP("QFileDialog", "&Choose"),
    QT_TRANSLATE_NOOP("QFileDialog", "Forward"),
    QT_TRANSLATE_NOOP("QFileDialog", "Parent Directory"),
    QT_TRANSLATE_NOOP("QFileDialog", "List View"),
    QT_TRANSLATE_NOOP("QFileDialog", "Detail View"),
    QT_TRANSLATE_NOOP("QFileDialog", "&Rename"),
    QT_TRANSLATE_NOOP("QFileDialog", "Show &hidden files"),
    QT_TRANSLATE_NOOP("QFileDialog", "Recent Places"),
    QT_TRANSLATE_NOOP("QFileDialog", "Go forward"),
    QT_TRANSLATE_NOOP("QFileDialog", "Go to the parent directory"),
    QT_TRANSLATE_NOOP("QFileDialog", "Create a New Folder"),
    QT_TRANSLATE_NOOP("QFileDialog", "Change to list view mode"),
    QT_TRANSLATE_NOOP("QFileDialog", "Change to detail view mode"),
    QT_TRANSLATE_NOOP("QFileDialog", "Sidebar"),
    QT_TRANSLATE_NOOP("QFileDialog", "List of places and bookmarks"),
    QT_TRANSLATE_NOOP("QFileDialog", "%1 already exists.\nDo you want to replace it?"),
    QT_TRANSLATE_NOOP("QFileDialog", "Are you sure you want to delete '%1'?"),
    QT_TRANSLATE_NOOP("QFileDialog", "Unknown"),
    QT_TRANSLATE_NOOP("QFileDialog", "Shortcut"),
    QT_TRANSLATE_NOOP("QFileDialog", "My Computer"),
    QT_TRANSLATE_NOOP("QFileSystemModel", "Name"),
    QT_TRANSLATE_NOOP("QFileSystemModel", "Size"),
    QT_TRANSLATE_NOOP("QFileSystemModel", "Kind"),
    QT_TRANSLATE_NOOP("QFileSystemModel", "Date Modified"),
    QT_TRANSLATE_NOOP("QFileSystemModel", "My Computer"),
)


def sources() -> list[Path]:
    """The files holding translatable strings (this one holds :data:`QT_OVERRIDES`)."""
    return sorted((PACKAGE / "ui").glob("*.py")) + [PACKAGE / "export.py", Path(__file__).resolve()]


def tool(name: str) -> Path:
    """A PySide6 tool from the running Python's bin directory."""
    path = Path(sys.executable).parent / name
    if not path.exists():
        raise SystemExit(f"{name} not found next to {sys.executable}; install PySide6 in this environment")
    return path


def _string(node: ast.AST | None, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None


def _is_self_tr(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "tr"
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
    )


def _helper_context(node: ast.stmt) -> str | None:
    """``"Context"`` if *node* is ``def f(text): return X.translate("Context", text)``."""
    if not isinstance(node, ast.FunctionDef) or not node.args.args:
        return None
    body = [s for s in node.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    if len(body) != 1 or not isinstance(body[0], ast.Return) or not isinstance(body[0].value, ast.Call):
        return None
    call = body[0].value
    if (
        isinstance(call.func, ast.Attribute)
        and call.func.attr == "translate"
        and len(call.args) == 2
        and isinstance(call.args[1], ast.Name)
        and call.args[1].id == node.args.args[0].arg
    ):
        return _string(call.args[0], {})
    return None


class _Finder(ast.NodeVisitor):
    def __init__(self, tree: ast.Module):
        self.constants = {
            t.id: s.value.value
            for s in tree.body
            if isinstance(s, ast.Assign)
            for t in s.targets
            if isinstance(t, ast.Name) and isinstance(s.value, ast.Constant) and isinstance(s.value.value, str)
        }
        self.helpers = {s.name: ctx for s in tree.body if (ctx := _helper_context(s))}
        self.classes: list[str] = []
        self.aliases: list[set[str]] = [set()]  # names bound to self.tr, per function scope
        self.messages: list[Message] = []
        self.problems: list[tuple[int, str]] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:  # noqa: N802 - ast API
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:  # noqa: N802 - ast API
        if node.name in self.helpers and not self.classes:
            return  # its translate(context, text) call is what the helper's callers supply
        self.aliases.append(
            self.aliases[-1]
            | {
                t.id
                for n in ast.walk(node)
                if isinstance(n, ast.Assign) and _is_self_tr(n.value)
                for t in n.targets
                if isinstance(t, ast.Name)
            }
        )
        self.generic_visit(node)
        self.aliases.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # noqa: N815

    def visit_Call(self, node: ast.Call) -> None:  # noqa: N802 - ast API
        func, args = node.func, node.args
        if _is_self_tr(func) or (isinstance(func, ast.Name) and func.id in self.aliases[-1]):
            self._add(node, self.classes[-1] if self.classes else None, args)
        elif isinstance(func, ast.Name) and func.id in self.helpers:
            self._add(node, self.helpers[func.id], args)
        elif (
            isinstance(func, ast.Attribute)
            and func.attr == "translate"
            or isinstance(func, ast.Name)
            and func.id == "QT_TRANSLATE_NOOP"
        ) and len(args) >= 2:
            context = _string(args[0], self.constants)
            if context is not None or _string(args[1], {}) is not None:  # else: not a translation call
                self._add(node, context, args[1:])
        self.generic_visit(node)

    def _add(self, node: ast.Call, context: str | None, args: list[ast.expr]) -> None:
        source = _string(args[0], {}) if args else None
        if context is None or source is None:
            self.problems.append((node.lineno, "translation call without a literal context and text"))
            return
        keywords = {k.arg: k.value for k in node.keywords}
        disambiguation = _string(args[1] if len(args) > 1 else keywords.get("disambiguation"), {})
        plural = len(args) > 2 or "n" in keywords
        self.messages.append(Message(node.lineno, context, source, disambiguation, plural))


def find_messages(text: str) -> tuple[list[Message], list[tuple[int, str]]]:
    """The translatable messages in Python *text*, and (line, problem) for calls that cannot be read."""
    tree = ast.parse(text)
    finder = _Finder(tree)
    finder.visit(tree)
    return finder.messages, finder.problems


def stand_in(text: str) -> str:
    """Source for lupdate: each message of *text* as a literal translate() call on its own line number."""
    lines = [""] * (text.count("\n") + 1)
    for m in find_messages(text)[0]:
        args = [m.context, m.source] + ([m.disambiguation or ""] if m.disambiguation or m.plural else [])
        call = ", ".join(json.dumps(a, ensure_ascii=False) for a in args) + (", n" if m.plural else "")
        lines[m.line - 1] += f"QCoreApplication.translate({call}); "
    return "\n".join(line or "#" for line in lines)  # lupdate miscounts leading empty lines


def messages(ts_file: Path = TS_FILE) -> list[tuple[str, str, str | None]]:
    """(context, source, translation or None if unfinished) of every message in *ts_file*.

    Plural forms are given one per line.
    """
    result = []
    for context in ET.parse(ts_file).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = translation.findall("numerusform")
            text = "\n".join(f.text or "" for f in forms) if forms else translation.text or ""
            result.append(
                (
                    context.findtext("name") or "",
                    message.findtext("source"),
                    None if translation.get("type") == "unfinished" else text,
                )
            )
    return result


def update(ts_file: Path = TS_FILE) -> list[str]:
    """Run lupdate over :func:`sources` into *ts_file*, then lrelease into the .qm next to it.

    Returns ``file:line: problem`` for translation calls that could not be read.
    """
    ts_file.parent.mkdir(parents=True, exist_ok=True)
    problems = []
    with tempfile.TemporaryDirectory(prefix="lornplayer-i18n-") as tmp:
        copies = {}
        for src in sources():
            text = src.read_text(encoding="utf-8")
            problems += [f"{src.relative_to(PACKAGE.parent)}:{line}: {what}" for line, what in find_messages(text)[1]]
            copy = Path(tmp) / src.relative_to(PACKAGE.parent)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(stand_in(text), encoding="utf-8")
            copies[copy] = src
        subprocess.run(
            [
                tool("pyside6-lupdate"),
                "-silent",
                "-no-obsolete",
                "-locations",
                "absolute",
                "-target-language",
                LANGUAGE,
                *copies,
                "-ts",
                ts_file,
            ],
            check=True,
        )
    # Point the recorded locations at the real files.
    text = ts_file.read_text(encoding="utf-8")
    for copy, src in copies.items():
        text = text.replace(
            f'filename="{Path(os.path.relpath(copy, ts_file.parent)).as_posix()}"',
            f'filename="{Path(os.path.relpath(src, ts_file.parent)).as_posix()}"',
        )
    ts_file.write_text(text, encoding="utf-8")
    subprocess.run(
        [tool("pyside6-lrelease"), "-silent", "-nounfinished", ts_file, "-qm", ts_file.with_suffix(".qm")], check=True
    )
    return problems


def main() -> int:
    problems = update()
    found = messages()
    unfinished = [(ctx, src) for ctx, src, translation in found if translation is None]
    print(f"{TS_FILE}: {len(found)} messages, {len(found) - len(unfinished)} translated, {len(unfinished)} unfinished")
    for context, source in unfinished:
        print(f"  unfinished  [{context}] {source!r}")
    for problem in problems:
        print(f"  not extracted  {problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
