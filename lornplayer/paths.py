"""Where lornplayer keeps its files.

Everything lives in platformdirs locations and every path can be overridden,
for tests and for portable installs:

=====================  ===========================  ===================================
what                   environment variable         default
=====================  ===========================  ===================================
data (SQLite library)  ``LORNPLAYER_DATA_DIR``      ``platformdirs.user_data_dir``
search index, caches   ``LORNPLAYER_CACHE_DIR``     ``<data dir>/cache`` if the data
                                                    dir is overridden, else
                                                    ``platformdirs.user_cache_dir``
downloaded episodes    ``LORNPLAYER_AUDIO_DIR``     ``<data dir>/audio``
log file               ``LORNPLAYER_LOG_DIR``       ``<data dir>/log`` if the data
                                                    dir is overridden, else
                                                    ``platformdirs.user_log_dir``
=====================  ===========================  ===================================

The command-line option ``--data-dir`` sets ``LORNPLAYER_DATA_DIR`` for the
process.  UI settings (window geometry, speed, volume) are stored in the
library database too, so one directory holds all user state.
"""

from __future__ import annotations

import importlib.resources
import os
import tempfile
from pathlib import Path

import platformdirs

from lornplayer import APP_NAME

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir() -> Path:
    env = os.environ.get("LORNPLAYER_DATA_DIR")
    path = Path(env).expanduser() if env else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return path


def cache_dir() -> Path:
    env = os.environ.get("LORNPLAYER_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    if os.environ.get("LORNPLAYER_DATA_DIR"):
        return data_dir() / "cache"
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    env = os.environ.get("LORNPLAYER_LOG_DIR")
    if env:
        return Path(env).expanduser()
    if os.environ.get("LORNPLAYER_DATA_DIR"):
        return data_dir() / "log"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) private to the user (0700).

    An existing folder is made private only when it is lornplayer's own data
    folder; a folder the user pointed us at (``--data-dir ~``) is left alone
    unless we created it.
    """
    path = Path(path)
    created = not path.exists()
    path.mkdir(parents=True, exist_ok=True)
    if created or path.resolve() == data_dir().resolve():
        try:
            os.chmod(path, 0o700)
        except OSError:
            pass
    return path


def database_path() -> Path:
    return data_dir() / "library.sqlite3"


def audio_dir() -> Path:
    """Where downloaded episodes (and their transcripts and chapters) are kept."""
    env = os.environ.get("LORNPLAYER_AUDIO_DIR")
    return Path(env).expanduser() if env else data_dir() / "audio"


def index_dir() -> Path:
    """The search index folder; in a private temporary folder when the cache folder cannot be written
    (a read-only disk or mount), so that search still works (the index is derived, rebuilt there)."""
    cache = cache_dir()
    if _writable(cache):
        return cache / "search-index"
    return _private_temp_dir() / "search-index"


_temp_dir: Path | None = None


def _private_temp_dir() -> Path:
    """``<tmp>/lornplayer-<uid>``, private to the user (the index holds your notes); a fresh one if that
    name is taken by someone else."""
    global _temp_dir
    if _temp_dir is None:
        base = Path(tempfile.gettempdir()) / f"lornplayer-{_user_id()}"
        try:
            base.mkdir(mode=0o700, exist_ok=True)
            st = base.stat()
            if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o077):
                base = Path(tempfile.mkdtemp(prefix="lornplayer-"))
        except OSError:
            base = Path(tempfile.mkdtemp(prefix="lornplayer-"))
        _temp_dir = base
    return _temp_dir


def _writable(path: Path) -> bool:
    """Whether ``path`` (or, if it does not exist yet, its nearest existing parent) can be written."""
    while not path.exists() and path.parent != path:
        path = path.parent
    return os.access(path, os.W_OK)


def _user_id() -> str:
    getuid = getattr(os, "getuid", None)
    return str(getuid()) if getuid else os.environ.get("USERNAME", "user")


def seeds_dir() -> Path:
    """The bundled seed cases (pages and narrated demo audio); ``LORNPLAYER_SEEDS_DIR`` overrides."""
    env = os.environ.get("LORNPLAYER_SEEDS_DIR")
    if env:
        return Path(env).expanduser()
    return _bundled("seeds")


def resources_dir() -> Path:
    """Translations (``i18n/``) and icons (``icons/``) shipped with lornplayer."""
    return _bundled("resources")


def _bundled(name: str) -> Path:
    """A data folder shipped with lornplayer.

    An installed wheel has it inside the package (``lornplayer/<name>``, mapped there from the
    repository at build time); a checkout or an editable install has it at the top of the repository.
    """
    packaged = importlib.resources.files("lornplayer").joinpath(name)
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    return _PACKAGE_DIR.parent / name
