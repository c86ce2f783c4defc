"""Import case pages and episode audio into the library (no Qt).

``import_paths`` takes files and folders (recursively).  Pages are parsed and
upserted; audio files are probed with mutagen and matched to cases by the case
number in the file name or in the tags, else by title (``feeds.matching``).  Re-importing is idempotent and never
touches user data.  Each bad file gives one :class:`ImportProblem` naming the
file and the problem; the rest of the import goes on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Callable, Iterable

from lornplayer import paths
from lornplayer.audio import AUDIO_EXTENSIONS, AudioProbeError, case_id_from_text, probe
from lornplayer.model import AudioFile, Case
from lornplayer.parser import PageError, parse_file
from lornplayer.recovery import WriteRefused
from lornplayer.store import Library

PAGE_EXTENSIONS = {".txt", ".html", ".htm"}
SEEDS_SETTING = "seeds_imported"


@dataclass
class ImportProblem:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    audio: list[str] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stopped: str | None = None  # why the import stopped early (the library cannot be written)

    @property
    def changed_case_ids(self) -> list[str]:
        return self.added + self.updated

    def summary(self) -> str:
        parts = [
            f"{len(self.added)} new",
            f"{len(self.updated)} updated",
            f"{len(self.unchanged)} unchanged",
            f"{len(self.audio)} audio files",
        ]
        if self.problems:
            parts.append(f"{len(self.problems)} problems")
        return "Imported cases: " + ", ".join(parts)


def collect_files(inputs: Iterable[str | Path]) -> tuple[list[Path], list[Path], list[ImportProblem]]:
    """Split the inputs into page files and audio files; folders are walked recursively.

    Hidden files and folders (``.git``, macOS ``._C0557.mp3`` companions) are skipped in
    folders, and a file reached twice is taken once.
    """
    pages: list[Path] = []
    audio: list[Path] = []
    problems: list[ImportProblem] = []
    seen: set[Path] = set()

    def add(f: Path, explicit: bool) -> None:
        key = f.resolve()
        if key in seen:
            return
        ext = f.suffix.lower()
        if ext in AUDIO_EXTENSIONS:
            audio.append(f)
        elif ext in PAGE_EXTENSIONS or explicit:
            # Anything else named explicitly is tried as a page; the parser says if it is not one.
            pages.append(f)
        else:
            return
        seen.add(key)

    for raw in inputs:
        p = Path(raw).expanduser()
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                # "Page_files/" beside "Page.html" holds a saved page's images, scripts and styles: never read
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _is_saved_page_folder(root, d, files))
                for name in sorted(files):
                    if not name.startswith("."):
                        add(Path(root) / name, explicit=False)
        elif p.is_file():
            add(p, explicit=True)
        else:
            problems.append(ImportProblem(str(p), "no such file or folder"))
    return pages, audio, problems


def _is_saved_page_folder(root: str, name: str, files: list[str]) -> bool:
    """``X_files`` (or ``X-filer``, as some browsers localise it) next to ``X.html``: a browser's "Save page as"."""
    for suffix in ("_files", "-filer", "_filer", "-Dateien", "_archivos"):
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            return any(f.lower() in (f"{stem}.html".lower(), f"{stem}.htm".lower()) for f in files)
    return False


def import_paths(
    library: Library,
    inputs: Iterable[str | Path],
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportReport:
    """Import pages first (so audio can find its case), then audio."""
    pages, audio, problems = collect_files(inputs)
    report = ImportReport(problems=problems)
    work = [(_import_page, p) for p in pages] + [(_import_audio, f) for f in audio]
    total = len(work)
    done = 0
    for import_one, path in work:
        if cancelled and cancelled():
            break
        if progress:
            progress(done, total, str(path))
        try:
            import_one(library, path, report)
        except WriteRefused as exc:  # the library cannot take more: say so once, keep what was imported
            report.problems.append(ImportProblem(str(path), f"not imported, and the import stopped here: {exc}"))
            report.stopped = str(exc)
            break
        done += 1
    if progress:
        progress(done, total, "")
    return report


def _import_page(library: Library, path: Path, report: ImportReport) -> None:
    """Parse and store one page; any failure of this page is reported with its name and the rest goes on.

    Only a library that cannot be written (:class:`~lornplayer.recovery.WriteRefused`: full disk,
    read-only) stops the import, since every further page would fail the same way."""
    try:
        result = parse_file(path)
        _store_page(library, path, result, report)
    except PageError as exc:
        report.problems.append(ImportProblem(str(path), exc.reason))
    except WriteRefused:
        raise
    except Exception as exc:  # one bad page must not abort the folder
        report.problems.append(ImportProblem(str(path), f"could not be imported ({type(exc).__name__}: {exc})"))


def _store_page(library: Library, path: Path, result, report: ImportReport) -> None:
    case = result.case
    if not case.id:
        if not result.derived_id:
            report.problems.append(ImportProblem(str(path), NO_ID_MESSAGE))
            return
        case.id = result.derived_id
    for w in result.warnings:
        report.warnings.append(f"{path}: {w}")
    existing = library.get_case(case.id)
    if existing is not None and existing.kind != case.kind:
        # The same episode from another kind of page (an old podcast page and its newer case page):
        # one case, each field from the page that has it, the newer layout first.
        case = merge_same_episode(existing, case)
        report.warnings.append(f"{path}: same episode as {case.id} already in the library; that case was updated")
    outcome = library.upsert_case(case, source_path=str(path.resolve()))
    getattr(report, outcome).append(case.id)


NO_ID_MESSAGE = (
    "no case id on the page (such as C0557, M0042 or E0017), and none in the file name; "
    "rename the file after the case, e.g. M0010.txt, and import it again"
)

# Which page of an episode wins where both have a field: the newer layouts first.
_KIND_RANK = {"case": 3, "masterclass": 3, "webinar": 3, "podcast-old": 1}


def merge_same_episode(old: Case, new: Case) -> Case:
    """One case from two pages of the same episode: each field from the better page that has it."""
    first, second = (new, old) if _KIND_RANK.get(new.kind, 2) >= _KIND_RANK.get(old.kind, 2) else (old, new)
    merged = Case(id=new.id)
    for f in fields(Case):
        if f.name == "id":
            continue
        a, b = getattr(first, f.name), getattr(second, f.name)
        setattr(merged, f.name, a if a not in (None, "", []) else b)
    if first.host is None and second.host is not None:  # host and its parts travel together
        merged.hosts, merged.host_raw = second.hosts, second.host_raw
    return merged


def _import_audio(library: Library, path: Path, report: ImportReport) -> None:
    try:
        info = probe(path)
    except AudioProbeError as exc:
        report.problems.append(ImportProblem(str(path), exc.reason))
        # Remember a damaged audio file (truncated, corrupt) that clearly belongs to a case, so the player can
        # explain it; a file that is not audio at all (a picture renamed .mp3) is only reported, never attached.
        case_id = case_id_from_text(path.stem)
        damaged = exc.reason.startswith(("corrupt", "truncated"))
        if damaged and case_id and library.has_case(case_id):
            library.add_audio(AudioFile(str(path.resolve()), case_id, error=exc.reason))
        return
    # Case number, else the title (tag or file name) against the case titles; see feeds.matching.
    from lornplayer.feeds.matching import Evidence
    from lornplayer.feeds.service import register_audio

    found = register_audio(library, path, Evidence(), info)
    report.audio.append(info.path)
    if not found.applied:
        if found.case_id:
            report.warnings.append(
                f"{path}: perhaps case {found.case_id} ({found.reason}); not linked until you "
                f"confirm it (lornplayer assign, or Assign audio to case…)"
            )
        else:
            report.warnings.append(
                f"{path}: cannot tell which case this audio belongs to (no case number such as "
                f"C0557 and no case with a similar title); it is kept without a case and plays "
                f"without a transcript (link it with lornplayer assign, or Assign audio to case…)"
            )
        return
    if found.case_id and not library.has_case(found.case_id):
        report.warnings.append(f"{path}: case {found.case_id} is not in the library yet; the audio is kept for it")


def import_seeds(library: Library, force: bool = False) -> ImportReport | None:
    """Import the bundled seed cases on first start (when the library is empty)."""
    if not force and (
        library.get_setting(SEEDS_SETTING) or library.count_cases() > 0 or os.environ.get("LORNPLAYER_NO_SEED_IMPORT")
    ):
        return None
    seeds = paths.seeds_dir()
    if not seeds.is_dir():
        return None
    report = import_paths(library, [seeds])
    library.set_setting(SEEDS_SETTING, True)
    return report
