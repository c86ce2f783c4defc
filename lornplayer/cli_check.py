"""``lornplayer check [--repair] [--restore FILE]``: the library's health, and its repair.

Without ``--repair`` nothing is written: the command runs SQLite's full ``integrity_check``, looks at
the data folder (writable? leftovers of an interrupted repair, markers of processes that were killed,
damaged copies and backups kept beside the library), asks the search index whether it is in step
with the library (``lornplayer.search.index_status(library)`` if the search module offers it), and
says what a repair would do.  With ``--repair`` it does that: rebuilds indexes or salvages readable
rows (keeping the damaged original), recovers a missing library from a copy beside it, imports
pages again whose content was lost, and brings the search index in step.  ``--restore FILE`` puts a kept
copy (a ``*.corrupt-*`` file, a backup) back as the library, keeping the current one as a backup.

Exit status: 0 when the library is healthy (after the repair, with ``--repair``), 1 otherwise.
"""

from __future__ import annotations

import sys
from pathlib import Path


def register(subparsers) -> None:
    """Add the ``check`` subcommand; its handler is ``args.handler`` (also :func:`cmd_check`)."""
    p = subparsers.add_parser("check", help="check the library's health; --repair repairs what it can")
    p.add_argument("--repair", action="store_true", help="repair: rebuild, salvage or recover the library")
    p.add_argument(
        "--restore",
        metavar="FILE",
        help="replace the library by this kept copy (a *.corrupt-* file "
        "or a backup); the current library is kept beside it",
    )
    p.set_defaults(handler=cmd_check)


def _say(line: str = "") -> None:
    print(line)


NOT_CHECKED = object()


def index_status(library):
    """The search index's own report (None: in step), if the search module has one; else NOT_CHECKED."""
    try:
        from lornplayer import search
    except ImportError:  # pragma: no cover - whoosh missing
        return NOT_CHECKED
    hook = getattr(search, "index_status", None)
    if hook is None:
        return NOT_CHECKED
    try:
        return hook(library)
    except Exception as exc:  # a broken index is something to report, not a crash
        return f"the search index cannot be read ({exc})"


def cmd_check(args) -> int:
    from lornplayer import paths
    from lornplayer.salvage import health

    path = paths.database_path()
    if getattr(args, "restore", None):
        return _restore(path, Path(args.restore))
    h = health(path)
    _say(f"library: {path}")
    for note in h.notes:
        _say(f"  {note}")
    problems = list(h.problems)
    index = _index_report(path) if not problems else NOT_CHECKED
    if index is None:
        _say("  search index: in step with the library")
    elif index is not NOT_CHECKED:
        problems.append(f"search index: {index}")
    index = index if isinstance(index, str) else None
    for problem in problems:
        _say(f"problem: {problem}")
    repairs = list(h.repairs) + (["bring the search index in step with the library"] if index else [])
    if not args.repair:
        if repairs:
            _say("lornplayer check --repair would:")
            for r in repairs:
                _say(f"  - {r}")
        else:
            _say("nothing to repair" if not problems else "nothing lornplayer can repair by itself")
        return 0 if not problems else 1
    return _repair(path, h, bool(index))


def _index_report(path: Path):
    from lornplayer.store import Library, StoreError

    if not path.exists() or path.stat().st_size == 0:
        return NOT_CHECKED
    try:
        lib = Library(path, read_only="lornplayer check only reads")
    except StoreError:
        return NOT_CHECKED
    try:
        return index_status(lib)
    finally:
        lib.close()


def _repair(path: Path, h, index_behind: bool) -> int:
    from lornplayer.recovery import remove_marker, stale_markers
    from lornplayer.salvage import repair, restore
    from lornplayer.store import Library, StoreError

    report = None
    try:
        if not path.exists() or path.stat().st_size == 0:
            if any(r.startswith("recover the library") for r in h.repairs):
                report = restore(path)
        elif any(p.startswith("integrity:") for p in h.problems):
            report = repair(path, next(p for p in h.problems if p.startswith("integrity:"))[11:])
        for leftover in path.parent.glob(f"{path.name}.repairing*"):
            leftover.unlink()
        for marker in stale_markers(path):
            remove_marker(marker)
        lib = Library.open(path, check=False)
    except (StoreError, OSError) as exc:
        print(f"lornplayer: {exc}", file=sys.stderr)
        return 1
    try:
        if report is not None:
            _say(report.summary())
            if report.lost_content:
                _reimport(lib)
        for m in lib.messages:
            _say(m)
        if lib.read_only is not None:
            return 1
        if index_behind or report is not None:
            from lornplayer.core import AppCore

            n = AppCore(lib).rebuild_index()
            _say(f"search index rebuilt: {n} cases")
        _say("the library is healthy")
        return 0
    finally:
        lib.close()


def _restore(path: Path, source: Path) -> int:
    """Put a kept copy back as the library (e.g. the notes a full disk once hid behind an empty library)."""
    from lornplayer.recovery import other_users
    from lornplayer.salvage import restore
    from lornplayer.store import Library, StoreError

    if not source.is_file() or source.stat().st_size == 0:
        print(f"lornplayer: {source}: no such copy of a library", file=sys.stderr)
        return 1
    if other_users(path):
        print(f"lornplayer: {path} is open in another lornplayer: close it first", file=sys.stderr)
        return 1
    kept = None
    try:
        if path.exists() and path.stat().st_size:
            lib = Library(path)
            try:
                kept = lib.backup("before-restore")  # a consistent copy of the current library, WAL included
            finally:
                lib.close()
        report = restore(path, source)  # replaces the library only once the copy is complete
        lib = Library.open(path, check=False)
    except (StoreError, OSError) as exc:
        print(f"lornplayer: {exc}", file=sys.stderr)
        return 1
    try:
        _say(report.summary() + (f" The library it replaced is kept as {kept}." if kept else ""))
        from lornplayer.core import AppCore

        _say(f"search index rebuilt: {AppCore(lib).rebuild_index()} cases")
    finally:
        lib.close()
    return 0


def _reimport(lib) -> None:
    """Import again the pages whose content was lost (user data is never touched by an import)."""
    from lornplayer.importer import import_paths

    sources = sorted({s for cid in lib.case_ids() if (s := lib.case_source(cid)) and Path(s).is_file()})
    if not sources:
        return
    result = import_paths(lib, sources)
    _say(f"case pages imported again from their files: {len(result.changed_case_ids)} restored")
    for problem in result.problems:
        _say(f"  {problem}")
