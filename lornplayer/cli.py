"""Command line: ``lornplayer`` starts the app; subcommands work without a display.

lornplayer [--data-dir DIR] [--case ID]          start the desktop app
(every command also takes --data-dir DIR and --verbose)
lornplayer inspect PAGE [--json]                  parse a case page and print it
lornplayer import PATH|URL...                     import case pages and audio (files, folders, page URLs)
lornplayer search QUERY [--json] [--limit N]      full-text search across the library
lornplayer export-notes [CASE...] --format md|pdf --output PATH
lornplayer export-transcript CASE --format vtt|srt|json|html|pdf|md [--audio FILE] [--output PATH]
lornplayer align CASE [--audio FILE]              compute turn times from the audio
lornplayer rebuild-index                          rebuild the search index from the library
lornplayer check [--repair] [--restore FILE]      the library's health; --repair repairs it
lornplayer feed add|list|refresh|download|…       podcast feeds and downloads (cli_feeds.py)
lornplayer assign AUDIO CASE                      link an audio file to a case by hand (cli_feeds.py)
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from pathlib import Path

from lornplayer import __version__, log
from lornplayer.errors import LornError


def _fail(message: str, code: int = 1) -> int:
    print(f"lornplayer: {message}", file=sys.stderr)
    return code


# Modules adding subcommands: each has ``register(subparsers)``, which adds its parsers with
# ``set_defaults(handler=fn)``; ``fn(args) -> int`` gets the library through :func:`open_core`.
EXTENSIONS: tuple[str, ...] = ("lornplayer.cli_check", "lornplayer.cli_feeds")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="lornplayer", description="Offline player and transcript reader for LØRN cases.")
    p.add_argument("--version", action="version", version=f"lornplayer {__version__}")
    data_help = "where the library lives (default: the platform's user data folder; env LORNPLAYER_DATA_DIR)"
    p.add_argument("--data-dir", metavar="DIR", help=data_help)
    p.add_argument("--case", dest="open_case", help="open this case when the app starts")
    verbose_help = "show debug messages (also FFmpeg's) on the terminal and in the log file"
    p.add_argument("--verbose", "-v", action="store_true", help=verbose_help)
    importlib.import_module("lornplayer.cli_player").register(p)  # --install-desktop, --uninstall-desktop
    p.set_defaults(handler=cmd_gui)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", help=data_help, default=argparse.SUPPRESS)
    common.add_argument("--verbose", "-v", action="store_true", help=verbose_help, default=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command")
    _add = sub.add_parser
    sub.add_parser = lambda *a, **k: _add(*a, parents=[common], **k)  # every subcommand takes --data-dir too

    g = sub.add_parser("gui", help="start the desktop app (the default)")
    g.add_argument("--case", dest="open_case", default=argparse.SUPPRESS, help="open this case")
    g.set_defaults(handler=cmd_gui)

    i = sub.add_parser("inspect", help="parse a case page and print the case")
    i.add_argument("page")
    i.add_argument("--json", action="store_true", help="print the case as JSON")
    i.set_defaults(handler=cmd_inspect)

    im = sub.add_parser(
        "import",
        help="import case pages and episode audio (files or folders, recursively; "
        "a case page's web address is fetched)",
    )
    im.add_argument("paths", nargs="+", metavar="PATH|URL")
    im.set_defaults(handler=cmd_import)

    s = sub.add_parser("search", help="search everything said and written in the library")
    s.add_argument("query")
    s.add_argument("--json", action="store_true")
    s.add_argument("--limit", type=int, default=20)
    s.set_defaults(handler=cmd_search)

    en = sub.add_parser("export-notes", help="export notes and reflections, or the learning log")
    en.add_argument("cases", nargs="*", help="case ids (default: all cases)")
    en.add_argument("--format", choices=["md", "pdf"], default="md")
    en.add_argument("--log", action="store_true", help="export the learning log (finished cases, time listened, notes)")
    en.add_argument("--output", "-o", required=True)
    en.set_defaults(handler=cmd_export_notes)

    et = sub.add_parser("export-transcript", help="export a case's transcript with times")
    et.add_argument("case")
    et.add_argument("--format", choices=["vtt", "srt", "json", "html", "pdf", "md"], default="vtt")
    et.add_argument("--audio", help="take times from this audio file's duration (and any stored anchors)")
    et.add_argument("--output", "-o", help="file to write (default: standard output; required for pdf)")
    et.add_argument("--no-times", action="store_true", help="leave times out (html, pdf, md)")
    et.set_defaults(handler=cmd_export_transcript)

    al = sub.add_parser("align", help="align a case's transcript to its audio")
    al.add_argument("case")
    al.add_argument("--audio", help="audio file to align to (default: the case's audio in the library)")
    al.set_defaults(handler=cmd_align)

    sub.add_parser("rebuild-index", help="rebuild the search index from the library").set_defaults(
        handler=cmd_rebuild_index
    )

    for name in EXTENSIONS:
        importlib.import_module(name).register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")
        except (AttributeError, ValueError):
            pass
    if not (sys.argv[1:] if argv is None else argv):
        # A plain start, as the desktop launcher makes it: the app at once, without building the
        # parser of every command first (14 ms of the start).  What the parser would have set:
        log.setup(verbose=False)
        return cmd_gui(argparse.Namespace(open_case=None))
    args = build_parser().parse_args(argv)
    if args.data_dir:
        os.environ["LORNPLAYER_DATA_DIR"] = str(Path(args.data_dir).expanduser().resolve())
    log.setup(verbose=args.verbose)  # the log file goes under the data dir when that is overridden
    try:
        done = importlib.import_module("lornplayer.cli_player").handle(args)
        return done if done is not None else args.handler(args)
    except SystemExit as exc:  # a command gave up with a one-line reason
        return exc.code if isinstance(exc.code, int) else 1
    except LornError as exc:  # no such case, bad audio, …: the message says it all
        return _fail(str(exc))
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except BrokenPipeError:
        return 0


# --------------------------------------------------------------------------


def cmd_gui(args) -> int:
    from lornplayer.ui.app import run

    return run(case_id=getattr(args, "open_case", None))


def cmd_inspect(args) -> int:
    from lornplayer.parser import PageError, parse_file

    try:
        result = parse_file(args.page)
    except PageError as exc:
        return _fail(f"{args.page}: {exc.reason}")
    for w in result.warnings:
        print(f"warning: {args.page}: {w}", file=sys.stderr)
    case = result.case
    if args.json:
        print(case.to_json(indent=2))
    else:
        print(f"{case.id} ({case.label}) {case.title or ''}")
        for key in ("kind", "theme", "organisation", "perspective", "date", "place", "host", "duration_minutes"):
            print(f"  {key}: {getattr(case, key)}")
        for g in case.guests:
            print(f"  guest: {g.name} — {g.role or ''}, {g.organisation or ''}")
        for part in case.parts:
            print(f"  part {part.number}: {part.title or ''} ({part.duration_minutes or '?'} min)")
        print(f"  turns: {len(case.turns)}; speakers: {', '.join(case.speakers)}")
    return 0


def open_core():
    """The application core over the user's library, or SystemExit with a one-line reason."""
    from lornplayer.core import AppCore
    from lornplayer.store import Library, StoreError

    try:
        lib = Library.open()
    except StoreError as exc:
        raise SystemExit(_fail(str(exc)))
    for m in lib.messages:
        print(f"lornplayer: {m}", file=sys.stderr)
    return AppCore(lib)


def cmd_import(args) -> int:
    from lornplayer.cli_feeds import import_urls_and_print

    core = open_core()
    urls = [p for p in args.paths if "://" in p]
    if urls and len(urls) == len(args.paths):
        return import_urls_and_print(core, urls)
    report = core.import_paths([p for p in args.paths if p not in urls])
    if urls:
        import_urls_and_print(core, urls)
    for problem in report.problems:
        print(f"error: {problem}", file=sys.stderr)
    for w in report.warnings:
        print(f"warning: {w}", file=sys.stderr)
    print(report.summary())
    core.update_index_for(report.changed_case_ids)
    nothing = not (report.added or report.updated or report.unchanged or report.audio)
    return 1 if report.problems and nothing else 0


def cmd_search(args) -> int:
    from lornplayer.export import format_time

    result = open_core().search(args.query, limit=args.limit)
    if result.message:
        print(f"lornplayer: {result.message}", file=sys.stderr)
    if args.json:
        print(json.dumps([h.as_json() for h in result.hits], ensure_ascii=False, indent=2))
    else:
        for h in result.hits:
            when = format_time(h.start) if h.start is not None else "-"
            turn = h.turn_index if h.turn_index is not None else "-"
            print(f"{h.case_id}\t{turn}\t{h.speaker or h.field or h.kind}\t{when}\t{h.plain_snippet}")
        if not result.hits:
            print("no hits", file=sys.stderr)
    return 0


def cmd_export_notes(args) -> int:
    core = open_core()
    missing = [c for c in args.cases if not core.library.has_case(c.upper())]
    if missing:
        return _fail(f"no such case in the library: {', '.join(missing)}")
    try:
        out = core.export_notes([c.upper() for c in args.cases], args.format, Path(args.output), log=args.log)
    except (OSError, RuntimeError) as exc:
        return _fail(f"{args.output}: {exc}")
    print(f"wrote {out}")
    return 0


def cmd_export_transcript(args) -> int:
    core = open_core()
    case_id = core.case_id(args.case)
    if args.format == "pdf" and not args.output:
        return _fail("--output is required for pdf")
    try:
        text = core.export_transcript(
            case_id,
            args.format,
            audio=args.audio,
            output=Path(args.output) if args.output else None,
            with_times=not args.no_times,
        )
    except OSError as exc:
        return _fail(str(exc))
    if args.output:
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_align(args) -> int:
    core = open_core()
    case_id = core.case_id(args.case)
    try:
        summary = core.align_case(
            case_id,
            audio=args.audio,
            progress=lambda f: print(f"\raligning… {f * 100:3.0f} %", end="", file=sys.stderr),
        )
    except Exception as exc:  # AudioError, AlignmentError, DecodeError: one clear line
        print(file=sys.stderr)
        return _fail(f"{case_id}: {exc}")
    print(file=sys.stderr)
    print(summary)
    return 0


def cmd_rebuild_index(args) -> int:
    core = open_core()
    n = core.rebuild_index(progress=lambda done, total: print(f"\rindexing {done}/{total}", end="", file=sys.stderr))
    print(file=sys.stderr)
    print(f"indexed {n} cases")
    return 0
