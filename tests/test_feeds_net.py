"""The network policy and downloads against a real HTTP server on 127.0.0.1 (faults included)."""

from __future__ import annotations

import pytest
from feed_server import AUDIO, FeedServer, only_loopback

from lornplayer.feeds import download as dl
from lornplayer.feeds.download import Control, DownloadError, DownloadStopped, download_file, partial_path
from lornplayer.feeds.feed import FeedError, parse_feed
from lornplayer.feeds.net import USER_AGENT, Client, NetworkError, OfflineError
from lornplayer.feeds.service import _verify_audio


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch):
    only_loopback(monkeypatch)


@pytest.fixture
def server():
    s = FeedServer(slow_seconds=3.0)
    yield s
    s.close()


@pytest.fixture
def client():
    return Client(timeout=2.0)


def test_get_sends_a_clear_user_agent_and_no_cookies(server, client):
    resp = client.get(server.url("/feed.xml"))
    assert resp.status == 200 and b"<rss" in resp.body
    _path, headers = server.requests[-1]
    assert headers["User-Agent"] == USER_AGENT and "lornplayer" in USER_AGENT
    assert "Cookie" not in headers and "Referer" not in headers


@pytest.mark.parametrize(
    "path, words",
    [
        ("/404", "not found on the server (HTTP 404)"),
        ("/500", "server error (HTTP 500"),
        ("/loop", "too many redirects"),
    ],
)
def test_http_failures_are_one_clear_line_naming_the_url(server, client, path, words):
    with pytest.raises(NetworkError) as err:
        client.get(server.url(path))
    message = str(err.value)
    assert message.startswith(server.url(path) + ": ") and words in message and "\n" not in message


def test_one_redirect_is_followed(server, client):
    resp = client.get(server.url("/moved.xml"))
    assert resp.final_url == server.url("/feed.xml") and b"<rss" in resp.body


def test_slow_server_times_out(server):
    with pytest.raises(NetworkError) as err:
        Client(timeout=0.3).get(server.url("/slow.xml"))
    assert "timed out" in str(err.value) and err.value.retry


def test_refused_connection(client):
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    with pytest.raises(NetworkError) as err:
        client.get(f"http://127.0.0.1:{port}/feed.xml")
    assert "connection refused" in str(err.value)


def test_offline_contacts_nothing(server):
    with pytest.raises(OfflineError) as err:
        Client(offline=True).get(server.url("/feed.xml"))
    assert "work offline" in str(err.value).lower()
    assert server.requests == []


def test_only_web_addresses(client):
    with pytest.raises(NetworkError, match="only http"):
        client.get("file:///etc/passwd")


def test_html_is_not_a_feed(server, client):
    body = client.get(server.url("/page.xml")).body
    with pytest.raises(FeedError) as err:
        parse_feed(body, server.url("/page.xml"))
    assert str(err.value).startswith(server.url("/page.xml")) and "HTML" in str(err.value)


# -- downloads ---------------------------------------------------------------


def test_download_writes_a_temporary_name_then_renames(server, client, tmp_path):
    dest = tmp_path / "a" / "ep.mp3"
    seen = []
    out = download_file(
        client,
        server.url("/audio/x.mp3"),
        dest,
        progress=lambda d, t: seen.append((d, t)),
        verify=_verify_audio,
        reserve=0,
    )
    assert out == dest and dest.read_bytes() == AUDIO
    assert not partial_path(dest).exists() and [p.name for p in dest.parent.iterdir()] == ["ep.mp3"]
    assert seen[-1] == (len(AUDIO), len(AUDIO))


def test_dropped_connection_resumes_with_range(server, client, tmp_path):
    dest = tmp_path / "drop.mp3"
    download_file(client, server.url("/drop.mp3"), dest, verify=_verify_audio, backoff=0.01, reserve=0)
    assert dest.read_bytes() == AUDIO
    first, second = [h for p, h in server.requests if p == "/drop.mp3"]
    assert "Range" not in first
    assert second["Range"] == f"bytes={len(AUDIO) // 2}-" and second["If-Range"] == '"v1"'


def test_dropped_connection_without_retries_keeps_the_partial_file(server, client, tmp_path):
    dest = tmp_path / "drop.mp3"
    with pytest.raises(DownloadError) as err:
        download_file(client, server.url("/drop.mp3"), dest, retries=0, reserve=0)
    assert "drop.mp3" in str(err.value) and ("truncated" in str(err.value) or "dropped" in str(err.value))
    assert not dest.exists() and partial_path(dest).stat().st_size == len(AUDIO) // 2
    # The next attempt continues from there.
    download_file(client, server.url("/drop.mp3"), dest, reserve=0)
    assert dest.read_bytes() == AUDIO and server.requests[-1][1]["Range"] == f"bytes={len(AUDIO) // 2}-"


def test_server_error_is_retried_with_backoff(server, client, tmp_path):
    dest = tmp_path / "flaky.mp3"
    download_file(client, server.url("/flaky.mp3"), dest, backoff=0.01, reserve=0)
    assert dest.read_bytes() == AUDIO and server.counts["/flaky.mp3"] == 2


def test_a_png_sent_as_mp3_is_refused_and_removed(server, client, tmp_path):
    dest = tmp_path / "png.mp3"
    with pytest.raises(DownloadError) as err:
        download_file(client, server.url("/png.mp3"), dest, what="episode 4 “Bilde”", verify=_verify_audio, reserve=0)
    assert str(err.value).startswith("episode 4 “Bilde”: not an audio file")
    assert list(tmp_path.iterdir()) == []


def test_404_download_names_the_episode(server, client, tmp_path):
    with pytest.raises(DownloadError) as err:
        download_file(client, server.url("/404"), tmp_path / "x.mp3", what="episode 1 “Borte”", reserve=0)
    assert str(err.value) == "episode 1 “Borte”: not found on the server (HTTP 404)"
    assert list(tmp_path.iterdir()) == []


def test_not_enough_free_space_stops_before_writing(server, client, tmp_path, monkeypatch):
    class Usage:
        free = 1000

    monkeypatch.setattr(dl.shutil, "disk_usage", lambda p: Usage)
    with pytest.raises(DownloadError, match="not enough free space"):
        download_file(client, server.url("/audio/x.mp3"), tmp_path / "x.mp3", reserve=0)
    assert not (tmp_path / "x.mp3").exists()


def test_pause_keeps_the_partial_file_and_cancel_deletes_it(server, client, tmp_path, monkeypatch):
    monkeypatch.setattr(dl, "CHUNK", 4096)
    dest = tmp_path / "p.mp3"
    control = Control()

    def pause_after_first_chunk(done, total):
        if done >= 4096:
            control.pause()

    with pytest.raises(DownloadStopped) as stop:
        download_file(
            client, server.url("/audio/p.mp3"), dest, progress=pause_after_first_chunk, control=control, reserve=0
        )
    assert stop.value.paused and not dest.exists()
    kept = partial_path(dest).stat().st_size
    assert 0 < kept < len(AUDIO)
    download_file(client, server.url("/audio/p.mp3"), dest, reserve=0)  # resume
    assert dest.read_bytes() == AUDIO and server.requests[-1][1]["Range"] == f"bytes={kept}-"

    control = Control()
    dest2 = tmp_path / "c.mp3"
    with pytest.raises(DownloadStopped) as stop:
        download_file(
            client,
            server.url("/audio/c.mp3"),
            dest2,
            control=control,
            reserve=0,
            progress=lambda d, t: control.cancel() if d >= 4096 else None,
        )
    assert not stop.value.paused and not partial_path(dest2).exists() and not dest2.exists()


def test_dns_failure_is_named(client, monkeypatch):
    import socket

    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)  # no resolver is ever asked
    with pytest.raises(NetworkError) as err:
        client.get("http://lorn.invalid/feed.xml")
    assert str(err.value) == (
        "http://lorn.invalid/feed.xml: cannot find the server (the name does not resolve; are you online?)"
    )


def test_untrusted_tls_certificate_is_refused(tmp_path):
    import shutil
    import ssl
    import subprocess
    import threading
    from http.server import HTTPServer, SimpleHTTPRequestHandler

    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a test certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    httpd = HTTPServer(("127.0.0.1", 0), SimpleHTTPRequestHandler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        url = f"https://127.0.0.1:{httpd.server_address[1]}/feed.xml"
        with pytest.raises(NetworkError) as err:
            Client(timeout=3).get(url)
        assert str(err.value).startswith(f"{url}: the server's TLS certificate cannot be trusted")
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_disk_full_while_writing_keeps_the_partial_file_hidden(server, client, tmp_path, monkeypatch):
    import builtins
    import errno

    real_open = builtins.open

    class FullDisk:
        def __init__(self, f):
            self.f, self.written = f, 0

        def write(self, data):
            if self.written > 8192:
                raise OSError(errno.ENOSPC, "No space left on device")
            self.written += len(data)
            return self.f.write(data)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

    monkeypatch.setattr(dl, "CHUNK", 4096)
    monkeypatch.setattr(dl, "open", lambda p, mode: FullDisk(real_open(p, mode)), raising=False)
    dest = tmp_path / "full.mp3"
    with pytest.raises(DownloadError) as err:
        download_file(client, server.url("/audio/full.mp3"), dest, what="episode 2 “Full”", reserve=0)
    assert str(err.value).startswith("episode 2 “Full”: the disk is full")
    assert not dest.exists() and partial_path(dest).exists()


def test_the_guard_refuses_any_address_but_loopback():
    with pytest.raises(NetworkError) as err:  # the guard raises before anything leaves the machine
        Client(timeout=1).get("http://192.0.2.1/feed.xml")
    assert "only 127.0.0.1 is allowed" in str(err.value)
