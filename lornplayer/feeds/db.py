"""The feeds' tables in the library database (see ``store._migrate_feeds``); no Qt.

Each function takes an open :class:`~lornplayer.store.Library` and runs in one of its
transactions (the library's lock makes them safe from worker threads).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone

from lornplayer.feeds.feed import EpisodeInfo, FeedInfo, Transcript
from lornplayer.store import Library


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


AUTO_DOWNLOAD_SETTING = "feeds.auto_download"
DELETE_AFTER_SETTING = "feeds.delete_finished_after_days"  # 0 / missing: never
AUDIO_DIR_SETTING = "feeds.audio_dir"
REFRESH_HOURS_SETTING = "feeds.refresh_every_hours"  # automatic refresh while the app runs; 0 / missing: off


@dataclass
class Feed:
    id: int
    url: str
    title: str | None
    link: str | None
    description: str | None
    image: str | None
    added_at: str | None
    refreshed_at: str | None
    error: str | None
    episode_count: int = 0
    downloaded_count: int = 0


@dataclass
class Episode:
    id: int
    feed_id: int
    guid: str
    title: str | None
    link: str | None
    published: str | None
    duration: float | None
    size: int | None
    audio_url: str | None
    audio_type: str | None
    description: str | None
    data: dict = field(default_factory=dict)
    first_seen: str | None = None
    is_new: bool = True
    audio_path: str | None = None
    state: str = ""
    error: str | None = None
    downloaded_at: str | None = None
    feed_title: str | None = None
    case_id: str | None = None  # from the audio file, once downloaded
    proposed_case_id: str | None = None
    match_reason: str | None = None

    @property
    def downloaded(self) -> bool:
        return self.state == "done"

    @property
    def transcripts(self) -> list[Transcript]:
        return [Transcript(**t) for t in self.data.get("transcripts", [])]

    @property
    def chapters_url(self) -> str | None:
        return self.data.get("chapters_url")

    @property
    def people(self) -> list[str]:
        return list(self.data.get("people", []))

    def info(self) -> EpisodeInfo:
        return EpisodeInfo(
            guid=self.guid,
            title=self.title or "",
            link=self.link,
            published=self.published,
            duration=self.duration,
            audio_url=self.audio_url,
            audio_type=self.audio_type,
            size=self.size,
            description=self.description,
            episode_number=self.data.get("episode_number"),
            transcripts=self.transcripts,
            chapters_url=self.chapters_url,
            authors=self.people,
        )

    @property
    def label(self) -> str:
        return f"episode {self.id} \u201c{self.title or self.guid}\u201d"


def _feed(r) -> Feed:
    return Feed(
        r["id"],
        r["url"],
        r["title"],
        r["link"],
        r["description"],
        r["image"],
        r["added_at"],
        r["refreshed_at"],
        r["error"],
        r["episode_count"],
        r["downloaded_count"],
    )


_FEED_SQL = """SELECT f.*, (SELECT count(*) FROM episodes e WHERE e.feed_id = f.id) AS episode_count,
                      (SELECT count(*) FROM episodes e WHERE e.feed_id = f.id AND e.state = 'done') AS downloaded_count
               FROM feeds f"""


def feeds(library: Library) -> list[Feed]:
    return [_feed(r) for r in library._query(_FEED_SQL + " ORDER BY lower(coalesce(f.title, f.url)), f.id")]


def get_feed(library: Library, feed_id: int) -> Feed | None:
    rows = library._query(_FEED_SQL + " WHERE f.id=?", (feed_id,))
    return _feed(rows[0]) if rows else None


def find_feed(library: Library, ref: str) -> Feed | None:
    """A feed by id, URL, or (unique, case-insensitive) title or title prefix."""
    ref = str(ref).strip()
    all_feeds = feeds(library)
    if ref.isdigit():
        hit = next((f for f in all_feeds if f.id == int(ref)), None)
        if hit:
            return hit
    for test in (
        lambda f: f.url == ref,
        lambda f: (f.title or "").lower() == ref.lower(),
        lambda f: (f.title or "").lower().startswith(ref.lower()),
    ):
        hits = [f for f in all_feeds if test(f)]
        if len(hits) == 1:
            return hits[0]
    return None


def upsert_feed(library: Library, info: FeedInfo, url: str) -> tuple[int, list[int]]:
    """Store the feed and its episodes; returns the feed id and the ids of episodes seen for the first time."""
    now = _now()
    new_ids: list[int] = []
    with library._tx() as db:
        row = db.execute("SELECT id FROM feeds WHERE url=?", (url,)).fetchone()
        if row:
            feed_id = row[0]
            db.execute(
                "UPDATE feeds SET title=?, link=?, description=?, image=?, refreshed_at=?, error=NULL WHERE id=?",
                (info.title, info.link, info.description, info.image, now, feed_id),
            )
        else:
            feed_id = db.execute(
                "INSERT INTO feeds (url, title, link, description, image, added_at, refreshed_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (url, info.title, info.link, info.description, info.image, now, now),
            ).lastrowid
        for ep in info.episodes:
            data = json.dumps(
                {
                    "transcripts": [t.__dict__ for t in ep.transcripts],
                    "chapters_url": ep.chapters_url,
                    "people": ep.authors,
                    "episode_number": ep.episode_number,
                },
                ensure_ascii=False,
            )
            cols = (
                ep.title,
                ep.link,
                ep.published,
                ep.duration,
                ep.size,
                ep.audio_url,
                ep.audio_type,
                ep.description,
                data,
            )
            old = db.execute("SELECT id FROM episodes WHERE feed_id=? AND guid=?", (feed_id, ep.guid)).fetchone()
            if old:
                db.execute(
                    "UPDATE episodes SET title=?, link=?, published=?, duration=?, size=?, audio_url=?, "
                    "audio_type=?, description=?, data_json=? WHERE id=?",
                    (*cols, old[0]),
                )
            else:
                new_ids.append(
                    db.execute(
                        "INSERT INTO episodes (feed_id, guid, title, link, published, duration, size, audio_url, "
                        "audio_type, description, data_json, first_seen, is_new) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        "?, ?, ?)",
                        (feed_id, ep.guid, *cols, now, 0 if not row else 1),
                    ).lastrowid
                    or 0
                )
    return feed_id, new_ids


def feed_validators(library: Library, feed_id: int) -> tuple[str | None, str | None]:
    """The ETag and Last-Modified the server gave the feed last time (for a conditional refresh)."""
    rows = library._query("SELECT etag, last_modified FROM feeds WHERE id=?", (feed_id,))
    return (rows[0][0], rows[0][1]) if rows else (None, None)


def set_feed_validators(library: Library, feed_id: int, etag: str | None, last_modified: str | None) -> None:
    with library._tx() as db:
        db.execute("UPDATE feeds SET etag=?, last_modified=? WHERE id=?", (etag, last_modified, feed_id))


def set_feed_refreshed(library: Library, feed_id: int) -> None:
    with library._tx() as db:
        db.execute("UPDATE feeds SET refreshed_at=?, error=NULL WHERE id=?", (_now(), feed_id))


def set_feed_error(library: Library, feed_id: int, error: str | None) -> None:
    with library._tx() as db:
        db.execute("UPDATE feeds SET error=? WHERE id=?", (error, feed_id))


def remove_feed(library: Library, feed_id: int) -> None:
    """Forget the subscription and its episode list (downloaded audio stays in the library)."""
    with library._tx() as db:
        db.execute("DELETE FROM episodes WHERE feed_id=?", (feed_id,))
        db.execute("DELETE FROM feeds WHERE id=?", (feed_id,))


_EPISODE_SQL = """SELECT e.*, f.title AS feed_title, a.case_id AS case_id, a.proposed_case_id AS proposed_case_id,
                         a.match_reason AS match_reason
                  FROM episodes e JOIN feeds f ON f.id = e.feed_id
                  LEFT JOIN audio_files a ON a.path = e.audio_path"""


def _episode(r) -> Episode:
    return Episode(
        r["id"],
        r["feed_id"],
        r["guid"],
        r["title"],
        r["link"],
        r["published"],
        r["duration"],
        r["size"],
        r["audio_url"],
        r["audio_type"],
        r["description"],
        json.loads(r["data_json"] or "{}"),
        r["first_seen"],
        bool(r["is_new"]),
        r["audio_path"],
        r["state"] or "",
        r["error"],
        r["downloaded_at"],
        r["feed_title"],
        r["case_id"],
        r["proposed_case_id"],
        r["match_reason"],
    )


def episodes(library: Library, feed_id: int | None = None) -> list[Episode]:
    sql = _EPISODE_SQL + " WHERE ? IS NULL OR e.feed_id = ? ORDER BY coalesce(e.published, '') DESC, e.id DESC"
    return [_episode(r) for r in library._query(sql, (feed_id, feed_id))]


def get_episode(library: Library, episode_id: int) -> Episode | None:
    rows = library._query(_EPISODE_SQL + " WHERE e.id=?", (episode_id,))
    return _episode(rows[0]) if rows else None


def set_episode_download(
    library: Library, episode_id: int, state: str, audio_path: str | None = None, error: str | None = None
) -> None:
    with library._tx() as db:
        db.execute(
            "UPDATE episodes SET state=?, error=?, audio_path=coalesce(?, audio_path), is_new=0, "
            "downloaded_at=CASE WHEN ?='done' THEN ? ELSE downloaded_at END WHERE id=?",
            (state, error, audio_path, state, _now(), episode_id),
        )


def mark_not_new(library: Library, episode_ids: list[int]) -> None:
    with library._tx() as db:
        db.executemany("UPDATE episodes SET is_new=0 WHERE id=?", [(i,) for i in episode_ids])


# -- audio-file match state (generic: feeds and loose imports) -------------


def audio_row(library: Library, path: str):
    rows = library._query("SELECT * FROM audio_files WHERE path=?", (path,))
    return rows[0] if rows else None


def set_audio_match(
    library: Library, path: str, case_id: str | None, proposed: str | None, score: float | None, reason: str | None
) -> None:
    with library._tx() as db:
        db.execute(
            "UPDATE audio_files SET case_id=?, proposed_case_id=?, match_score=?, match_reason=? WHERE path=?",
            (case_id, proposed, score, reason, path),
        )


def unassigned_audio(library: Library) -> list:
    """Audio files with no case (proposals first), as rows of the audio_files table."""
    return library._query(
        "SELECT * FROM audio_files WHERE case_id IS NULL AND error IS NULL "
        "ORDER BY proposed_case_id IS NULL, added_at DESC, path"
    )


def forget_audio(library: Library, path: str) -> None:
    with library._tx() as db:
        db.execute("DELETE FROM audio_files WHERE path=?", (path,))
