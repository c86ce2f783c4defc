"""Command line for podcast feeds, downloads, assigning audio to cases and importing case pages from the web.

    lornplayer feed add URL|FILE              subscribe (a feed address, or a saved feed file)
    lornplayer feed list [FEED]               subscriptions, or one feed's episodes
    lornplayer feed refresh [FEED]            fetch the feed(s) again
    lornplayer feed download EPISODE…|--new|--all [--feed FEED]
    lornplayer feed remove FEED               unsubscribe (downloaded audio stays)
    lornplayer feed export-opml PATH / import-opml PATH
    lornplayer feed settings [--offline on|off] [--auto-download on|off] [--delete-finished-after DAYS]
                             [--refresh-every HOURS] [--audio-dir DIR]
    lornplayer assign AUDIO CASE|none         link an audio file to a case by hand (or unlink it)
    lornplayer assign --list                  audio with no case, and what each is proposed for

``register(subparsers)`` adds the subcommands (each parser's ``handler`` default is its function);
``import_urls`` serves ``lornplayer import URL``.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _fail(message: str, code: int = 1) -> int:
    print(f"lornplayer: {message}", file=sys.stderr)
    return code


def _open_library():
    """The user's library, opened the way the rest of the CLI opens it (SystemExit with a reason if it cannot be)."""
    from lornplayer.cli import open_core

    return open_core().library


def register(sub) -> None:
    """Add ``feed`` and ``assign`` to the main parser's subparsers."""
    f = sub.add_parser("feed", help="podcast subscriptions and downloads for offline listening")
    f.set_defaults(handler=cmd_feed)
    fs = f.add_subparsers(dest="feed_command", required=True)
    a = fs.add_parser("add", help="subscribe to a podcast feed (an address, or a saved feed file)")
    a.add_argument("source", metavar="URL|FILE")
    ls = fs.add_parser("list", help="list subscriptions, or one feed's episodes")
    ls.add_argument("feed", nargs="?", help="a feed's number, address or title")
    r = fs.add_parser("refresh", help="fetch the feeds again for new episodes")
    r.add_argument("feed", nargs="?")
    d = fs.add_parser("download", help="download episodes for offline listening")
    d.add_argument("episodes", nargs="*", type=int, metavar="EPISODE", help="episode numbers (see feed list FEED)")
    group = d.add_mutually_exclusive_group()
    group.add_argument("--new", action="store_true", help="the new episodes not downloaded yet")
    group.add_argument("--all", action="store_true", help="every episode not downloaded yet")
    d.add_argument("--feed", help="only this feed's episodes")
    rm = fs.add_parser("remove", help="unsubscribe (downloaded audio stays in the library)")
    rm.add_argument("feed")
    eo = fs.add_parser("export-opml", help="write the subscriptions as an OPML file")
    eo.add_argument("path")
    io = fs.add_parser("import-opml", help="subscribe to every feed in an OPML file")
    io.add_argument("path")
    st = fs.add_parser("settings", help="show or change the network and download settings")
    st.add_argument("--offline", choices=["on", "off"], help="work offline: no network action at all")
    st.add_argument("--auto-download", choices=["on", "off"], help="download new episodes on refresh")
    st.add_argument(
        "--delete-finished-after",
        type=int,
        metavar="DAYS",
        help="delete downloaded episodes this many days after finishing them (0: never)",
    )
    st.add_argument("--audio-dir", metavar="DIR", help="where downloaded episodes go")
    st.add_argument(
        "--refresh-every",
        type=int,
        metavar="HOURS",
        help="refresh the feeds automatically this often while the app runs (0: only by hand)",
    )

    s = sub.add_parser(
        "assign", help="link an audio file to a case by hand (searchable in the app: Assign audio to case…)"
    )
    s.add_argument("audio", nargs="?", metavar="AUDIO")
    s.add_argument("case", nargs="?", metavar="CASE", help="case id, or 'none' to unlink")
    s.add_argument("--list", action="store_true", help="list audio with no case and what each is proposed for")
    s.set_defaults(handler=cmd_assign)


def _size(n: int | None) -> str:
    if not n:
        return "-"
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{max(1, round(n / 1e3))} KB"


def _duration(seconds: float | None) -> str:
    if not seconds:
        return "-"
    s = round(seconds)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def _feed_or_fail(lib, ref: str):
    from lornplayer.feeds import db

    feed = db.find_feed(lib, ref)
    if feed is None:
        raise SystemExit(_fail(f"no such feed: {ref} (see lornplayer feed list)"))
    return feed


def cmd_feed(args) -> int:
    return _FEED_COMMANDS[args.feed_command](args)


def _add(args) -> int:
    from lornplayer.feeds import service
    from lornplayer.feeds.feed import FeedError
    from lornplayer.feeds.net import NetworkError

    lib = _open_library()
    try:
        result = service.add_feed(lib, args.source)
    except (NetworkError, FeedError) as exc:
        return _fail(str(exc))
    print(f"subscribed to feed {result.feed_id} “{result.title}” ({result.episodes} episodes)")
    return 0


def _list(args) -> int:
    from lornplayer.feeds import db

    lib = _open_library()
    if args.feed:
        feed = _feed_or_fail(lib, args.feed)
        print("episode\tdate\tlength\tsize\tdownloaded\tcase\tlistened\ttitle")
        for ep in db.episodes(lib, feed.id):
            case = ep.case_id or (f"{ep.proposed_case_id}?" if ep.proposed_case_id else "-")
            state = {"done": "yes", "partial": "partial", "failed": "failed", "deleted": "deleted"}.get(ep.state, "no")
            print(
                f"{ep.id}\t{(ep.published or '')[:10] or '-'}\t{_duration(ep.duration)}\t{_size(ep.size)}\t"
                f"{state}\t{case}\t{_listened(lib, ep)}\t{ep.title}"
            )
        return 0
    feeds = db.feeds(lib)
    if not feeds:
        print("no subscriptions (add one with lornplayer feed add URL)", file=sys.stderr)
    for feed in feeds:
        counts = f"{feed.episode_count} episodes, {feed.downloaded_count} downloaded"
        error = f"\terror: {feed.error}" if feed.error else ""
        print(f"{feed.id}\t{feed.title or feed.url}\t{counts}\t{feed.url}{error}")
    return 0


def _listened(lib, ep) -> str:
    from lornplayer.feeds.service import audio_progress_key
    from lornplayer.progress import ListenedIntervals, is_finished

    key = ep.case_id or (audio_progress_key(ep.audio_path) if ep.audio_path else None)
    if not key:
        return "-"
    prog = lib.get_progress(key)
    duration = prog.duration or ep.duration
    fraction = ListenedIntervals.from_json(prog.listened_json).fraction(duration) if duration else 0.0
    manual = None if prog.finished_manual is None else bool(prog.finished_manual)
    if is_finished(fraction, manual):
        return "finished"
    return f"{fraction:.0%}" if fraction else "-"


def _refresh(args) -> int:
    from lornplayer.feeds import service

    lib = _open_library()
    ids = [_feed_or_fail(lib, args.feed).id] if args.feed else None
    results, problems = service.refresh_all(lib, ids)
    for r in results:
        print(f"{r.title}: {r.episodes} episodes, {len(r.new_episode_ids)} new")
    for p in problems:
        print(f"error: {p}", file=sys.stderr)
    for out in service.after_refresh(lib, results):
        _print_outcome(lib, out)
    return 1 if problems and not results else 0


def _download(args) -> int:
    from lornplayer.feeds import db, service

    lib = _open_library()
    feed_id = _feed_or_fail(lib, args.feed).id if args.feed else None
    if args.episodes:
        chosen = []
        for n in args.episodes:
            ep = db.get_episode(lib, n)
            if ep is None or (feed_id is not None and ep.feed_id != feed_id):
                return _fail(f"no such episode: {n} (see lornplayer feed list FEED)")
            chosen.append(ep)
    elif args.new or args.all:
        chosen = [e for e in db.episodes(lib, feed_id) if not e.downloaded and (args.all or e.is_new)]
        chosen.reverse()  # oldest first
    else:
        return _fail("say which episodes: numbers, --new or --all")
    if not chosen:
        print("nothing to download", file=sys.stderr)
        return 0
    client = service.client_for(lib)
    if client.offline:
        return _fail("not downloading: lornplayer is set to work offline (lornplayer feed settings --offline off)")

    def progress(i, count, done, total, overall_done, overall_total):
        pct = f"{done * 100 // total:3d} %" if total else f"{done // 1024} KB"
        print(
            f"\r[{i + 1}/{count}] {pct}  overall {overall_done * 100 // max(overall_total, 1):3d} %",
            end="",
            file=sys.stderr,
        )

    try:
        outcomes = service.download_many(lib, chosen, client, progress=progress)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return _fail("interrupted: the partial download is kept and resumes next time", 130)
    print(file=sys.stderr)
    failed = 0
    for out in outcomes:
        failed += _print_outcome(lib, out)
    return 1 if failed else 0


def _print_outcome(lib, out) -> int:
    from lornplayer.feeds import db

    ep = db.get_episode(lib, out.episode_id)
    label = ep.label if ep is not None else f"episode {out.episode_id}"
    for w in out.warnings:
        print(f"warning: {w}", file=sys.stderr)
    if out.error:
        print(f"error: {out.error}", file=sys.stderr)
        return 1
    if out.stopped:
        print(f"{label}: {out.stopped}", file=sys.stderr)
        return 0
    m = out.match
    if m is None or m.case_id is None:
        where = "no case found: plays without a transcript (link it with lornplayer assign)"
    elif m.applied:
        where = f"case {m.case_id} ({m.reason})" + ("" if lib.has_case(m.case_id) else ", not in the library yet")
    else:
        where = f"perhaps case {m.case_id} ({m.reason}): confirm with lornplayer assign {out.path} {m.case_id}"
    print(f"downloaded {label} → {out.path}: {where}")
    return 0


def _remove(args) -> int:
    from lornplayer.feeds import db

    lib = _open_library()
    feed = _feed_or_fail(lib, args.feed)
    db.remove_feed(lib, feed.id)
    print(f"unsubscribed from “{feed.title or feed.url}” (downloaded audio stays in the library)")
    return 0


def _export_opml(args) -> int:
    from lornplayer.feeds import service

    lib = _open_library()
    try:
        out = service.export_opml(lib, args.path)
    except OSError as exc:
        return _fail(f"{args.path}: {exc.strerror or exc}")
    print(f"wrote {out}")
    return 0


def _import_opml(args) -> int:
    from lornplayer.feeds import service
    from lornplayer.feeds.opml import OpmlError

    lib = _open_library()
    try:
        added, problems = service.import_opml(lib, args.path)
    except OpmlError as exc:
        return _fail(str(exc))
    for p in problems:
        print(f"error: {p}", file=sys.stderr)
    print(f"subscribed to {len(added)} feeds")
    return 0


def _settings(args) -> int:
    from lornplayer.feeds import db, service
    from lornplayer.feeds.net import OFFLINE_SETTING

    lib = _open_library()
    if args.offline:
        lib.set_setting(OFFLINE_SETTING, args.offline == "on")
    if args.auto_download:
        lib.set_setting(db.AUTO_DOWNLOAD_SETTING, args.auto_download == "on")
    if args.delete_finished_after is not None:
        lib.set_setting(db.DELETE_AFTER_SETTING, max(0, args.delete_finished_after))
    if args.refresh_every is not None:
        lib.set_setting(db.REFRESH_HOURS_SETTING, max(0, args.refresh_every))
    if args.audio_dir:
        lib.set_setting(db.AUDIO_DIR_SETTING, str(Path(args.audio_dir).expanduser().resolve()))
    days = lib.get_setting(db.DELETE_AFTER_SETTING, 0) or 0
    hours = lib.get_setting(db.REFRESH_HOURS_SETTING, 0) or 0
    print(f"work offline: {'on' if lib.get_setting(OFFLINE_SETTING, False) else 'off'}")
    print(f"refresh automatically (while the app runs): {f'every {hours} h' if hours else 'off'}")
    print(f"download new episodes on refresh: {'on' if lib.get_setting(db.AUTO_DOWNLOAD_SETTING, False) else 'off'}")
    print(f"delete finished episodes after: {f'{days} days' if days else 'never'}")
    print(f"audio folder: {service.audio_dir(lib)}")
    return 0


def cmd_assign(args) -> int:
    from lornplayer.feeds import db, service

    lib = _open_library()
    if args.list:
        rows = db.unassigned_audio(lib)
        for r in rows:
            proposal = f"perhaps {r['proposed_case_id']} ({r['match_reason']})" if r["proposed_case_id"] else "-"
            print(f"{r['path']}\t{r['title'] or '-'}\t{proposal}")
        if not rows:
            print("every audio file has its case", file=sys.stderr)
        return 0
    if not args.audio or not args.case:
        return _fail("give an audio file and a case (or 'none'), or --list")
    case_id = None if args.case.lower() == "none" else args.case.upper()
    try:
        path = service.assign_audio(lib, args.audio, case_id)
    except ValueError as exc:
        return _fail(str(exc))
    print(f"{path}: linked to case {case_id}" if case_id else f"{path}: no longer linked to a case")
    return 0


def import_urls(lib, urls: list[str]) -> tuple[list[str], list[str], list[str], list[str]]:
    """``lornplayer import URL``: changed case ids, and one line per imported page, problem and warning."""
    from lornplayer.feeds import service
    from lornplayer.feeds.net import NetworkError

    changed, lines, problems, warnings = [], [], [], []
    client = service.client_for(lib)
    for url in urls:
        try:
            result = service.import_url(lib, url, client)
        except (NetworkError, ValueError) as exc:
            problems.append(str(exc))
            continue
        if result.outcome != "unchanged":
            changed.append(result.case_id)
        lines.append(f"{url}: case {result.case_id} {result.outcome}")
        warnings.extend(result.warnings)
    return changed, lines, problems, warnings


def import_urls_and_print(core, urls: list[str]) -> int:
    """Import case pages from the web for ``lornplayer import URL``; 1 if none could be imported."""
    changed, lines, problems, warnings = import_urls(core.library, urls)
    for p in problems:
        print(f"error: {p}", file=sys.stderr)
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    for line in lines:
        print(line)
    core.update_index_for(changed)
    return 1 if problems and not lines else 0


_FEED_COMMANDS = {
    "add": _add,
    "list": _list,
    "refresh": _refresh,
    "download": _download,
    "remove": _remove,
    "export-opml": _export_opml,
    "import-opml": _import_opml,
    "settings": _settings,
}

COMMANDS = {"feed": cmd_feed, "assign": cmd_assign}
