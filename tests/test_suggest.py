"""The next case: related, same theme and perspective, text similarity; finished cases left out."""

from __future__ import annotations

from lornplayer.core import AppCore
from lornplayer.importer import import_paths
from lornplayer.model import Case, Guest, RelatedCase
from lornplayer.store import Library, Progress
from lornplayer.suggest import suggestions


def _case(cid, theme=None, perspective=None, related=()):
    return Case(
        cid,
        title=f"Tittel {cid}",
        theme=theme,
        perspective=perspective,
        host="Silvija Seres",
        guests=[Guest(f"Gjest {cid}")],
        related=[RelatedCase(r) for r in related],
    )


def test_sources_scores_and_finished_cases_left_out(tmp_path):
    lib = Library(tmp_path / "lib.sqlite3")
    for c in (
        _case("C1", "Smarte byer", "Offentlig", related=["C4", "C9"]),
        _case("C2", "smarte byer"),
        _case("C3", "Helse", "Offentlig"),
        _case("C4"),
        _case("C5", "Smarte byer"),
        _case("C6", "Helse"),
        _case("C7", "Smarte byer", "Offentlig"),
    ):
        lib.upsert_case(c)
    lib.save_progress(Progress("C5", finished_manual=1))  # finished: never suggested
    found = suggestions(lib, "C1")
    assert [s.case_id for s in found] == ["C4", "C7", "C2", "C3"]  # C9 is not in the library
    assert found[0].reasons == ["related"] and found[1].reasons == ["theme", "perspective"]
    assert found[1].title == "Tittel C7" and found[1].guests == "Gjest C7"
    assert suggestions(lib, "C1", limit=2) == found[:2]
    assert suggestions(lib, "C404") == []
    lib.close()


def test_text_similarity_from_the_index(case_folder):
    lib = Library.open()
    import_paths(lib, [str(case_folder("C0399.txt", "C0557.txt", "C0608.txt", "C0775.txt", "C0796.txt"))])
    core = AppCore(lib)
    index = core.index()
    found = suggestions(lib, "C0557", index=index)
    assert {s.case_id for s in found if "text" in s.reasons} == {"C0399", "C0608", "C0775", "C0796"}
    lib.save_progress(Progress("C0796", finished_manual=1))
    assert "C0796" not in {s.case_id for s in suggestions(lib, "C0557", index=index)}
    core.close()
    lib.close()
