"""A local portal built from real corpus documents, served on 127.0.0.1 (never the internet).

Layout (what a 政府信息公开年报 column looks like):

    /robots.txt                       Disallow: /private/
    /xxgk/nb/index.html               list page 1 (UTF-8): report links (one relative ../../), pager
    /xxgk/nb/index_1.html             list page 2, GBK-encoded (gb18030 bytes, <meta charset=gbk>)
    /reports/r027.html                real page (沭阳县发展和改革局 2023) + a link to its DOCX
    /files/r027.docx                  real DOCX rendering of it
    /reports/p2022.html               real page (平潭 2022) + a relative link to its PDF
    /reports/p2022.pdf                real PDF rendering of it
    /reports/p2019.html               real page (平潭 2019), re-encoded to gb18030 with <meta charset=gbk>
    /reports/p2015.html               real page (平潭 2015): older than --since in the tests
    /reports/gone.html                404
    /reports/slow.html                answers after SLOW_SECONDS (beyond the tests' timeout)
    /private/secret.html              disallowed by robots.txt: must never be requested
"""
from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
REPORTS = REPO / "data" / "reports"
SLOW_SECONDS = 1.0


def _with_link(page: bytes, anchor: str) -> bytes:
    """The real page with one extra anchor before </body> (as portals put 附件 links)."""
    marker = b"</body>"
    cut = page.rfind(marker)
    assert cut > 0
    return page[:cut] + anchor.encode("utf-8") + b"\n" + page[cut:]


def _to_gbk(page: bytes) -> bytes:
    text = page.decode("utf-8")
    assert 'charset="utf-8"' in text
    return text.replace('charset="utf-8"', 'charset="gbk"', 1).encode("gb18030")


LIST_1 = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title></head>
<body><div class="nav"><a href="/">首页</a> <a href="/xxgk/">政府信息公开</a></div>
<ul class="list">
<li><a href="../../reports/r027.html" title="沭阳县发展和改革局2023年政府信息公开年度报告">沭阳县发展和改革局2023年政府信息公开年度报告</a></li>
<li><a href="/reports/p2022.html">平潭综合实验区2022年度政府信息公开工作年度报告</a></li>
<li><a href="/private/secret.html">2021年度政府信息公开工作年度报告（内部稿）</a></li>
<li><a href="/reports/gone.html">2023年度政府信息公开工作年度报告（已撤下）</a></li>
<li><a href="/reports/slow.html">2022年度政府信息公开工作年度报告（慢链接）</a></li>
</ul>
<div class="pager"><a href="index.html">1</a> <a href="index_1.html">2</a> <a href="index_1.html">下一页</a></div>
</body></html>"""

LIST_2 = """<!DOCTYPE html><html><head><meta charset="gbk"><title>政府信息公开年报（第二页）</title></head>
<body><div class="nav"><a href="/">首页</a></div>
<ul class="list">
<li><a href="/reports/p2019.html#top">平潭综合实验区2019年度政府信息公开工作年度报告</a></li>
<li><a href="/reports/p2015.html">平潭综合实验区2015年度政府信息公开工作年度报告</a></li>
</ul>
<div class="pager"><a href="index.html">上一页</a> <a href="index.html">1</a> <a href="index_1.html">2</a></div>
</body></html>"""


def build_site() -> dict[str, tuple[bytes, str]]:
    read = lambda name: (REPORTS / name).read_bytes()  # noqa: E731
    html = "text/html; charset=utf-8"
    return {
        "/robots.txt": (b"User-agent: *\nDisallow: /private/\n", "text/plain"),
        "/xxgk/nb/index.html": (LIST_1.encode("utf-8"), html),
        "/xxgk/nb/index_1.html": (LIST_2.encode("gb18030"), "text/html"),
        "/reports/r027.html": (_with_link(read("r027.html"),
                                          '<p>附件：<a href="/files/r027.docx">'
                                          '沭阳县发展和改革局2023年政府信息公开年度报告.docx</a></p>'), html),
        "/files/r027.docx": (read("r027.docx"), "application/octet-stream"),
        "/reports/p2022.html": (_with_link(read("p2022.html"),
                                           '<p><a href="p2022.pdf">附件下载</a></p>'), html),
        "/reports/p2022.pdf": (read("p2022.pdf"), "application/pdf"),
        "/reports/p2019.html": (_to_gbk(read("p2019.html")), "text/html"),
        "/reports/p2015.html": (read("p2015.html"), html),
        "/private/secret.html": (b"<html><body>secret</body></html>", html),
        "/reports/slow.html": (read("p2022.html"), html),
    }


@dataclass
class Site:
    base: str
    pages: dict[str, tuple[bytes, str]]
    log: list[tuple[float, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def counts(self) -> Counter:
        with self.lock:
            return Counter(path for _, path in self.log)

    def clear(self) -> None:
        with self.lock:
            self.log.clear()


@contextlib.contextmanager
def serve_site():
    """Serve the site on a free port of 127.0.0.1 in a thread; yields the Site (with its request log)."""
    pages = build_site()
    holder: dict[str, Site] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            s = holder["site"]
            path = self.path.split("?", 1)[0]
            with s.lock:
                s.log.append((time.monotonic(), path))
            if path == "/reports/slow.html":
                time.sleep(SLOW_SECONDS)
            if path not in s.pages:
                body = b"<html><body>404 Not Found</body></html>"
                self.send_response(404)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            body, ctype = s.pages[path]
            try:
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass                     # the client gave up (the slow page)

        def log_message(self, *args):   # keep test output quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    holder["site"] = Site(f"http://127.0.0.1:{server.server_address[1]}", pages)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield holder["site"]
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def site():
    with serve_site() as s:
        yield s


def fast_options(site: Site, out: Path, **kw):
    """Harvest options for tests: tiny rate limit, short timeout, one retry, tiny backoff."""
    from gongkai.harvest import HarvestOptions
    base = dict(start_url=site.url("/xxgk/nb/index.html"), out_dir=out, rate=0.005, timeout=0.3,
                retries=1, backoff=0.01, since=2016)
    base.update(kw)
    return HarvestOptions(**base)


# --- small servers for one test each: redirects, trickling, other hosts -------------------------

@dataclass
class Server:
    base: str
    port: int
    log: list[str] = field(default_factory=list)       # paths requested, in order

    def url(self, path: str) -> str:
        return self.base + path


@contextlib.contextmanager
def serve(route):
    """A loopback HTTP server on a free port of 127.0.0.1; `route(handler, server, path)` writes the
    whole answer (use reply() for the plain case). Yields the Server with its request log."""
    holder: dict[str, Server] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            s = holder["server"]
            path = self.path.split("?", 1)[0]
            s.log.append(path)
            try:
                route(self, s, path)
            except (BrokenPipeError, ConnectionResetError):
                pass                     # the client gave up (deadline): as intended

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port = server.server_address[1]
    holder["server"] = Server(f"http://127.0.0.1:{port}", port)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield holder["server"]
    finally:
        server.shutdown()
        server.server_close()


def reply(handler, status: int = 200, body: bytes = b"", ctype: str = "text/html; charset=utf-8",
          headers: tuple = ()) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", ctype)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in headers:
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def list_page(*links: tuple[str, str]) -> bytes:
    """A column page linking each (href, text) (texts with 年度报告 become report links)."""
    items = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>年报</title></head><body>'
            f'<ul>{items}</ul></body></html>').encode("utf-8")
