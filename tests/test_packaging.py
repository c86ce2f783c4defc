"""Packaging: every file in seeds/ and resources/ goes into the wheel, and the data folders resolve.

Building and installing the wheel itself is checked by .ci/run (.ci/smoke_installed.py), which needs
a fresh virtual environment; these checks are the fast part.
"""

from __future__ import annotations

import fnmatch
import subprocess
from pathlib import Path

import pytest

from lornplayer import paths

tomllib = pytest.importorskip("tomllib")  # Python 3.11+

REPO = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def tracked(folder: str) -> list[Path]:
    out = subprocess.run(["git", "ls-files", folder], cwd=REPO, capture_output=True, text=True)
    if out.returncode != 0 or not out.stdout.strip():  # not a git checkout: every file there
        return [p.relative_to(REPO) for p in (REPO / folder).rglob("*") if p.is_file()]
    return [Path(line) for line in out.stdout.splitlines()]


def package_of(path: Path) -> tuple[str, str]:
    """(package, file name) a repository file is shipped as, by the package-dir mapping."""
    mapping = {folder: package for package, folder in CONFIG["package-dir"].items()}
    top, *rest = path.parts
    return ".".join([mapping[top], *rest[:-1]]), rest[-1]


def test_every_seed_and_resource_file_is_package_data():
    files = tracked("seeds") + tracked("resources")
    assert len(files) >= 12
    missing = []
    for path in files:
        package, name = package_of(path)
        globs = CONFIG["package-data"].get(package, [])
        if not any(fnmatch.fnmatch(name, g) for g in globs):
            missing.append(str(path))
    assert missing == [], "add these to [tool.setuptools.package-data] in pyproject.toml"


def test_data_packages_are_listed_in_setup_py():
    text = (REPO / "setup.py").read_text(encoding="utf-8")
    packages = {package_of(p)[0] for p in tracked("seeds") + tracked("resources")}
    assert all(f'"{p}"' in text for p in packages), packages


def test_data_folders_resolve_in_a_checkout(monkeypatch):
    monkeypatch.delenv("LORNPLAYER_SEEDS_DIR", raising=False)
    assert paths.seeds_dir() == REPO / "seeds"
    assert paths.resources_dir() == REPO / "resources"
    assert (paths.resources_dir() / "i18n" / "lornplayer_nb.qm").is_file()
    monkeypatch.setenv("LORNPLAYER_SEEDS_DIR", "/somewhere/else")
    assert paths.seeds_dir() == Path("/somewhere/else")


def test_data_folders_resolve_inside_an_installed_package(tmp_path, monkeypatch):
    """Laid out as the wheel installs it (lornplayer/seeds, lornplayer/resources), the package's own copy wins."""
    import importlib.resources

    site = tmp_path / "site-packages"
    (site / "lornplayer" / "seeds").mkdir(parents=True)
    (site / "lornplayer" / "resources" / "i18n").mkdir(parents=True)
    monkeypatch.setattr(importlib.resources, "files", lambda package: site / package)
    monkeypatch.delenv("LORNPLAYER_SEEDS_DIR", raising=False)
    assert paths.seeds_dir() == site / "lornplayer" / "seeds"
    assert paths.resources_dir() == site / "lornplayer" / "resources"
