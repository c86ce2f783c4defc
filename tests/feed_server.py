"""A real HTTP server on 127.0.0.1 for the feed tests: a LØRN-like podcast, its audio, a case page, and faults.

``FeedServer()`` serves in a thread; ``server.url(path)`` gives an address; ``server.requests``
records (path, headers) of every request.  Routes:

=========================  ==============================================================
``/feed.xml``              the podcast feed (:data:`EPISODES`), RSS 2.0 + iTunes + podcast:
``/audio/<name>.mp3``      a tiny real MP3 (tests/data/C9001.mp3), with Range support
``/C9001.vtt``             a timed transcript of C9001 (podcast:transcript)
``/C9001.chapters.json``   Podcasting 2.0 chapters
``/sider/testopptak``      the C9001 case page as HTML (with an image and scripts never loaded)
``/404``, ``/500``         errors; ``/flaky.mp3`` fails with 500 once, then works
``/loop``                  a redirect loop; ``/moved.xml`` one redirect to ``/feed.xml``
``/drop.mp3``              drops the connection halfway on the first request; resumes with Range
``/slow.xml``              answers after ``slow_seconds``
``/page.xml``              an HTML page where a feed should be
``/png.mp3``               a PNG image sent as ``audio/mpeg``
=========================  ==============================================================
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

DATA = Path(__file__).parent / "data"
AUDIO = (DATA / "C9001.mp3").read_bytes()
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
) * 40

# (guid, title, audio file name, extra XML inside <item>, what the test expects)
EPISODES = [
    ("ep-1", "C0557 Hvordan skape innovative byer?", "innovative-byer", "", "C0557"),
    ("ep-2", "#608 Smart og bærekraftig samfunnsendring", "samfunnsendring", "", "C0608"),
    ("ep-3", "775 - Innovasjon i privat og offentlig sektor", "privat-offentlig", "", "C0775"),
    ("ep-4", "Case 399: Hvilken retning har digi-toget?", "digitoget", "", "C0399"),
    ("https://lorn.tech/episoder/C0796", "Digitalisering sammen med kommunene", "ks", "", "C0796"),
    ("ep-6", "E0017 Webinar om kunstig intelligens", "webinar-ki", "", "E0017"),
    ("ep-7", "M0042 Masterclass i ledelse", "masterclass-ledelse", "", "M0042"),
    (
        "ep-8",
        "Et kort testopptak",
        "testopptak",
        (
            '<podcast:transcript url="{base}/C9001.srt" type="application/x-subrip"/>'
            '<podcast:transcript url="{base}/C9001.vtt" type="text/vtt" language="nb"/>'
            '<podcast:chapters url="{base}/C9001.chapters.json" type="application/json+chapters"/>'
        ),
        "C9001",
    ),
    ("ep-9", "Bærekraften må skapes i fellesskap", "baerekraft-fellesskap", "", "proposed:C0796"),
    ("ep-10", "Julehilsen fra teamet", "julehilsen", "", None),
]

VTT = """WEBVTT

00:00:00.500 --> 00:00:02.000
<v Silvija Seres>Hei og velkommen til Lørn.

00:00:02.000 --> 00:00:03.500
<v Kari Nordmann>Dette er en kort test.

00:00:03.500 --> 00:00:04.500
<v Silvija Seres>Takk.

00:00:04.500 --> 00:00:06.000
<v Kari Nordmann>Innovasjon krever samarbeid.
"""

CHAPTERS = {"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Intro"}, {"startTime": 3.5, "title": "Slutt"}]}


def feed_xml(base: str, episodes=EPISODES) -> str:
    items = []
    for n, (guid, title, name, extra, _expect) in enumerate(episodes):
        items.append(f"""
    <item>
      <title>{escape(title)}</title>
      <guid isPermaLink="false">{escape(guid)}</guid>
      <link>{base}/episode/{name}</link>
      <pubDate>Mon, {n + 1:02d} Jun 2020 10:00:00 +0000</pubDate>
      <description>Om {escape(title)}</description>
      <itunes:duration>0:06</itunes:duration>
      <enclosure url="{base}/audio/{name}.mp3" length="{len(AUDIO)}" type="audio/mpeg"/>
      {extra.format(base=base)}
    </item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
     xmlns:podcast="https://podcastindex.org/namespace/1.0">
  <channel>
    <title>LØRN Test-podden</title>
    <link>{base}/</link>
    <description>Samtaler om teknologi (testfeed)</description>
    <itunes:image href="{base}/cover.png"/>
    {"".join(items)}
  </channel>
</rss>
"""


class FeedServer:
    def __init__(self, slow_seconds: float = 3.0):
        self.requests: list[tuple[str, dict]] = []
        self.slow_seconds = slow_seconds
        self.throttle = 0.0  # seconds to wait after each 2 KB of audio (0: full speed)
        self.counts: dict[str, int] = {}
        self.routes: dict[str, tuple[int, str, bytes]] = {}  # extra fixed routes set by tests
        self.stop_event = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                server._handle(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.feed_server = self
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        self.stop_event.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def paths_requested(self) -> list[str]:
        return [p for p, _ in self.requests]

    # -- handling -------------------------------------------------------------
    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path.split("?")[0]
        self.requests.append((path, dict(h.headers.items())))
        self.counts[path] = self.counts.get(path, 0) + 1
        count = self.counts[path]
        if path in self.routes:
            status, ctype, body = self.routes[path]
            return self._send(h, status, ctype, body)
        if path == "/feed.xml":  # answers a conditional request with 304 Not Modified
            if h.headers.get("If-None-Match") == '"feed-v1"':
                h.send_response(304)
                h.send_header("ETag", '"feed-v1"')
                h.end_headers()
                return None
            body = feed_xml(self.base).encode("utf-8")
            return self._send(h, 200, "application/rss+xml; charset=utf-8", body, {"ETag": '"feed-v1"'})
        if path.startswith("/audio/") and path.endswith(".mp3"):
            return self._send_ranged(h, AUDIO, "audio/mpeg")
        if path == "/C9001.vtt":
            return self._send(h, 200, "text/vtt; charset=utf-8", VTT.encode("utf-8"))
        if path == "/C9001.srt":
            return self._send(h, 200, "application/x-subrip", b"1\n00:00:00,500 --> 00:00:02,000\nHei\n")
        if path == "/C9001.chapters.json":
            return self._send(h, 200, "application/json+chapters", json.dumps(CHAPTERS).encode())
        if path == "/sider/testopptak":
            page = (DATA / "C9001.txt").read_text(encoding="utf-8")
            body = (
                "<!DOCTYPE html><html><head><title>Et kort testopptak | LØRN</title>"
                f'<script src="{self.base}/tracker.js"></script><style>p{{color:red}}</style></head><body>'
                f'<img src="{self.base}/pixel.png">'
                + "".join(f"<p>{escape(line)}</p>" for line in page.splitlines())
                + "<script>document.write('x')</script></body></html>"
            )
            return self._send(h, 200, "text/html; charset=utf-8", body.encode("utf-8"))
        if path == "/404":
            return self._send(h, 404, "text/html", b"<h1>Not found</h1>")
        if path == "/500":
            return self._send(h, 500, "text/html", b"<h1>Oops</h1>")
        if path == "/flaky.mp3":
            if count == 1:
                return self._send(h, 500, "text/plain", b"try again")
            return self._send_ranged(h, AUDIO, "audio/mpeg")
        if path in ("/loop", "/loop2"):
            return self._redirect(h, "/loop2" if path == "/loop" else "/loop")
        if path == "/moved.xml":
            return self._redirect(h, "/feed.xml")
        if path == "/drop.mp3":
            if count == 1:
                h.send_response(200)
                h.send_header("Content-Type", "audio/mpeg")
                h.send_header("Content-Length", str(len(AUDIO)))
                h.send_header("ETag", '"v1"')
                h.end_headers()
                h.wfile.write(AUDIO[: len(AUDIO) // 2])
                h.wfile.flush()
                h.close_connection = True
                return None
            return self._send_ranged(h, AUDIO, "audio/mpeg", etag='"v1"')
        if path == "/slow.xml":
            self.stop_event.wait(self.slow_seconds)
            return self._send(h, 200, "application/rss+xml", feed_xml(self.base).encode("utf-8"))
        if path == "/page.xml":
            return self._send(
                h,
                200,
                "text/html; charset=utf-8",
                b"<!DOCTYPE html><html><head><title>LORN</title></head><body>Hei</body></html>",
            )
        if path == "/png.mp3":
            return self._send(h, 200, "audio/mpeg", PNG)
        return self._send(h, 404, "text/plain", b"no such path")

    @staticmethod
    def _send(h, status: int, ctype: str, body: bytes, headers: dict | None = None) -> None:
        h.send_response(status)
        for key, value in (headers or {}).items():
            h.send_header(key, value)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    @staticmethod
    def _redirect(h, to: str) -> None:
        h.send_response(302)
        h.send_header("Location", to)
        h.send_header("Content-Length", "0")
        h.end_headers()

    @staticmethod
    def _send_ranged(h, body: bytes, ctype: str, etag: str = '"a1"') -> None:
        m = re.match(r"bytes=(\d+)-$", h.headers.get("Range", ""))
        if_range = h.headers.get("If-Range")
        if m and (if_range is None or if_range == etag):
            start = int(m.group(1))
            if start >= len(body):
                h.send_response(416)
                h.send_header("Content-Range", f"bytes */{len(body)}")
                h.send_header("Content-Length", "0")
                h.end_headers()
                return
            part = body[start:]
            h.send_response(206)
            h.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        else:
            part = body
            h.send_response(200)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(part)))
        h.send_header("ETag", etag)
        h.send_header("Accept-Ranges", "bytes")
        h.end_headers()
        throttle = h.server.feed_server.throttle
        if not throttle:
            h.wfile.write(part)
            return
        for i in range(0, len(part), 2048):
            try:
                h.wfile.write(part[i : i + 2048])
                h.wfile.flush()
            except OSError:  # the client stopped reading (paused or cancelled)
                return
            h.server.feed_server.stop_event.wait(throttle)


def only_loopback(monkeypatch) -> None:
    """Make any connection to an address other than 127.0.0.1 fail the test (a guard for the feed tests)."""
    import socket

    real_connect = socket.socket.connect

    def connect(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if self.family in (socket.AF_INET, socket.AF_INET6) and host not in ("127.0.0.1",):
            raise AssertionError(f"a test tried to connect to {address!r}; only 127.0.0.1 is allowed")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
