"""Harvest: collect a jurisdiction's annual reports from its portal column and (optionally) ingest them.

    gongkai harvest URL [--depth N] [--since YEAR] [--out DIR] [--ingest] [--rate SECONDS] ...

Start from a column page (a list of report links, paginated), follow links to report pages and from
them to attachments (PDF, DOC/DOCX, WPS …), and save every fetched document under `--out` with a
manifest line (`manifest.jsonl`: URL, final URL, fetch time, file, SHA-256, status or failure reason).

Polite and robust:
- robots.txt is read once per host per run (urllib.robotparser); disallowed URLs are skipped and reported;
  a `Crawl-delay` longer than the rate limit is honoured;
- at most one request per `rate` seconds per host (default 1 s);
- timeouts, retries with exponential backoff on timeouts, connection errors, 429 and 5xx;
  other HTTP errors (404, 403 …) fail at once and are not retried on a later run;
- `--timeout` is a deadline for the whole request (connect, headers and body), so a server that
  trickles bytes cannot hold a fetch longer; responses are capped in size;
- redirects are followed here, hop by hop, never by httpx: each hop must be http(s), pass the
  same-host rule (unless --all-hosts) and robots.txt of its host, and resolve to a public address;
  private, loopback and link-local addresses are refused (also when connecting, so a name cannot
  resolve differently the second time) unless the start URL is itself on such an address;
- resumable: URLs already in the manifest as fetched (or permanently failed) are not requested again;
  saved pages are re-read from disk so the crawl continues past them;
- pages are decoded by the parser's rule (gongkai.parse.encoding: BOM, an HTTP/meta charset that
  decodes into Chinese, UTF-8, GB18030, Big5, detection), links resolved against the page URL (and
  <base href>).
Everything here is synchronous and single-threaded: polite crawling does not need more.
"""
from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import ipaddress
import json
import os
import re
import socket
import time
import urllib.robotparser
from collections import deque
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Optional
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

USER_AGENT = "gongkai-harvest/0.1 (polite crawler for government information-disclosure annual reports)"
MANIFEST_NAME = "manifest.jsonl"
ATTACHMENT_EXTS = (".pdf", ".doc", ".docx", ".wps", ".wpt", ".ofd", ".rtf", ".xls", ".xlsx", ".zip",
                   ".rar", ".txt")
PAGE_EXTS = ("", ".html", ".htm", ".shtml", ".shtm", ".jhtml", ".xhtml", ".jsp", ".asp", ".aspx",
             ".php", ".do", ".action")
REPORT_WORDS = ("年度报告", "年报", "工作报告")
PAGINATION_WORDS = ("下一页", "下页", "上一页", "上页", "尾页", "末页", "首页", "后页", "前页",
                    ">", ">>", "»", "›")
PAGINATION_HREF = re.compile(r"(?:index|list|default)_\d+\.s?html?$|[?&](?:page|pageNo|pageIndex|"
                             r"pageNum|currentPage|p)=\d+", re.I)
# TRS sites write their pager with JavaScript: createPageHTML(total, current, "index", "html").
TRS_PAGER = re.compile(r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*"
                       r"['\"]([\w\-]+)['\"]\s*,\s*['\"](\w+)['\"]")
YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")
RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
_HTML_SNIFF = re.compile(rb"<\s*(!doctype\s+html|html|head|body|meta|a|table|div|p|title)[\s>/]", re.I)


class HarvestStopped(Exception):
    """Raised inside the crawl to stop it early (max_fetches reached, or raised by a hook)."""


@dataclass
class HarvestOptions:
    start_url: str
    out_dir: Path = Path("out/harvest")
    depth: int = 2                      # link hops from the column page (pagination is free)
    since: Optional[int] = None         # skip reports whose link names a year before this
    rate: float = 1.0                   # minimum seconds between two requests to one host
    timeout: float = 30.0               # deadline per request: connect, headers and body together
    retries: int = 3                    # extra attempts after a transient failure
    backoff: float = 2.0                # first retry waits this long, then doubles
    max_pages: int = 200                # list pages (pagination) followed at most
    max_fetches: Optional[int] = None   # stop after this many network fetches (None: no limit)
    max_bytes: int = 100 << 20          # a larger response is abandoned (failed)
    same_host: bool = True              # only the start page's host (attachments: also its site domain)
    retry_failed: bool = False          # re-request URLs that failed permanently in an earlier run
    user_agent: str = USER_AGENT
    max_redirects: int = 10             # hops followed per request (each one checked)
    allow_private: Optional[bool] = None  # private/loopback/link-local addresses; None: only when
                                          # the start URL is itself on one (a crawl of an intranet)


@dataclass
class ManifestEntry:
    url: str
    status: str                         # ok | failed | skipped
    role: str                           # list | report | attachment
    fetched_at: str = ""                # ISO time of the (last) attempt, local time
    final_url: str = ""
    file: str = ""                      # path relative to the output folder
    sha256: str = ""
    size: int = 0
    content_type: str = ""
    encoding: str = ""
    http_status: Optional[int] = None
    attempts: int = 0
    referrer: str = ""
    depth: int = 0
    link_text: str = ""
    reason: str = ""                    # why it failed or was skipped
    permanent: bool = False             # a failure that a rerun should not retry (e.g. 404)


@dataclass
class HarvestSummary:
    out_dir: Path
    found: list[str] = field(default_factory=list)            # every URL discovered
    fetched: list[ManifestEntry] = field(default_factory=list)
    already: list[str] = field(default_factory=list)          # in the manifest from an earlier run
    skipped: list[tuple[str, str]] = field(default_factory=list)   # (url, reason)
    failed: list[ManifestEntry] = field(default_factory=list)
    stopped: str = ""                                         # why the crawl stopped early, if it did
    requests: int = 0                                         # HTTP requests made (robots, retries incl.)
    ingest: object = None                                     # store IngestSummary when --ingest

    def documents(self) -> list[Path]:
        """Saved report pages and attachments (this run and earlier ones): what --ingest reads."""
        return documents_in_manifest(self.out_dir)


# --- small helpers --------------------------------------------------------------------------------

def now_iso() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def normalise_url(url: str) -> str:
    """The URL without its #fragment; scheme and host lower-cased (paths are case-sensitive)."""
    url, _ = urldefrag(url.strip())
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return url
    return parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower()).geturl()


def url_ext(url: str) -> str:
    path = urlsplit(url).path
    base = path.rsplit("/", 1)[-1]
    return ("." + base.rsplit(".", 1)[-1].lower()) if "." in base else ""


def decode_html(data: bytes, header_charset: str = "") -> tuple[str, str]:
    """(text, encoding) of a web page, by the parser's one rule (gongkai.parse.encoding): BOM, a
    declared charset (the HTTP header's, then <meta>/XML) that decodes cleanly into Chinese text,
    UTF-8, GB18030 (GBK/GB2312 are read as their superset), Big5, charset detection, lossy fallback."""
    from gongkai.parse.encoding import decode_text
    return decode_text(data, header_charset or None)


def sniff_kind(data: bytes, content_type: str = "") -> str:
    """html | pdf | docx | ole (doc/wps/xls) | zip | other, from the bytes first."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx" if b"word/" in data[:4096] or b"[Content_Types].xml" in data[:4096] else "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    probe = data[:4096]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        probe = data[:8192].decode("utf-16", "ignore").encode("ascii", "ignore")
    if _HTML_SNIFF.search(probe) or "html" in content_type.lower():
        return "html"
    return "other"


_KIND_EXT = {"pdf": ".pdf", "docx": ".docx", "html": ".html", "zip": ".zip"}
_SAFE = re.compile(r"[^\w.\-\u4e00-\u9fff]+")


def site_domain(host: str) -> str:
    """The registrable part of a host, roughly: www.pingtan.gov.cn → pingtan.gov.cn, a.b.com → b.com;
    an IP address or a port-bearing host stays as it is."""
    name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    labels = name.split(".")
    if re.fullmatch(r"[\d.]+", name) or len(labels) <= 2:
        return host
    keep = 3 if labels[-2] in ("gov", "com", "edu", "org", "net", "ac") and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


def file_name_for(url: str, kind: str) -> str:
    """A readable, unique, filesystem-safe name: <12 hex of the URL's SHA-1>_<last path segment>."""
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]
    base = unquote(urlsplit(url).path.rsplit("/", 1)[-1]) or "index"
    base = _SAFE.sub("_", base).strip("._")[:80] or "index"
    ext = url_ext(url)
    want = _KIND_EXT.get(kind)
    if want and ext != want and not (kind == "html" and ext in (".htm", ".shtml", ".html")):
        base += want
    elif not ext and kind == "other":
        base += ".bin"
    return f"{digest}_{base}"


# --- links ----------------------------------------------------------------------------------------

@dataclass
class Link:
    url: str
    text: str
    role: str                  # list | report | attachment


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def extract_links(html: str, page_url: str, from_role: str) -> list[Link]:
    """The links worth following from a page.

    From a list page: pagination (→ list), report links (anchor text or title names a 年度报告/年报,
    → report) and attachments (→ attachment). From a report page: attachments only (any <a>, <iframe>,
    <embed> or <object> whose URL ends in a document extension, or whose text does)."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    base = page_url
    base_node = tree.css_first("base[href]")
    if base_node is not None and base_node.attributes.get("href"):
        base = urljoin(page_url, base_node.attributes["href"].strip())
    out: list[Link] = []
    seen: set[tuple[str, str]] = set()

    def add(href: str, text: str, role: str) -> None:
        href = (href or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
            return
        url = normalise_url(urljoin(base, href))
        if urlsplit(url).scheme not in ("http", "https"):
            return
        if (url, role) not in seen:
            seen.add((url, role))
            out.append(Link(url, text, role))

    for node in tree.css("a[href], area[href]"):
        href = node.attributes.get("href") or ""
        text = _clean(node.text(deep=True)) or _clean(node.attributes.get("title") or "")
        title = _clean(node.attributes.get("title") or "")
        label = text + " " + title
        url = urljoin(base, href.strip())
        ext = url_ext(url)
        if ext in ATTACHMENT_EXTS or re.search(r"\.(pdf|docx?|wps|ofd)$", text, re.I):
            add(href, text or title, "attachment")
        elif from_role == "list":
            if any(w in label for w in REPORT_WORDS) or ("信息公开" in label and "报告" in label):
                add(href, title if len(title) > len(text) else text, "report")
            elif (text in PAGINATION_WORDS or text.isdigit() and len(text) <= 4
                  or PAGINATION_HREF.search(href)) and _same_folder(url, page_url):
                add(href, text, "list")     # pagination stays in the column's folder (not 首页 = home)
    for node in tree.css("iframe[src], embed[src], object[data]"):
        src = node.attributes.get("src") or node.attributes.get("data") or ""
        if url_ext(urljoin(base, src.strip())) in ATTACHMENT_EXTS:
            add(src, "", "attachment")
    if from_role == "list":
        for m in TRS_PAGER.finditer(html):
            total, stem, ext = int(m.group(1)), m.group(3), m.group(4)
            for i in range(1, min(total, 1000)):
                add(f"{stem}_{i}.{ext}", str(i + 1), "list")
    return out


def _same_folder(url: str, page_url: str) -> bool:
    a, b = urlsplit(url), urlsplit(page_url)
    return a.netloc == b.netloc and a.path.rsplit("/", 1)[0] == b.path.rsplit("/", 1)[0]


def link_year(text: str) -> Optional[int]:
    """The report year a link's text names ('…2022年度政府信息公开工作年度报告' → 2022), else None."""
    m = YEAR_IN_TITLE.search(text or "")
    return int(m.group(1)) if m else None


# --- the manifest ---------------------------------------------------------------------------------

def read_manifest(out_dir: Path) -> dict[str, ManifestEntry]:
    """Latest entry per URL (later lines win). A torn last line (killed mid-write) is ignored."""
    path = Path(out_dir) / MANIFEST_NAME
    entries: dict[str, ManifestEntry] = {}
    if not path.is_file():
        return entries
    known = {f for f in ManifestEntry.__dataclass_fields__}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(raw, dict) and "url" in raw:
            entries[raw["url"]] = ManifestEntry(**{k: v for k, v in raw.items() if k in known})
    return entries


def documents_in_manifest(out_dir: Path) -> list[Path]:
    """Saved report pages and attachments listed in the manifest (once each, in manifest order)."""
    out_dir = Path(out_dir)
    files: list[Path] = []
    for entry in read_manifest(out_dir).values():
        if entry.status == "ok" and entry.role in ("report", "attachment") and entry.file:
            path = out_dir / entry.file
            if path.is_file() and path not in files:
                files.append(path)
    return files


class Manifest:
    def __init__(self, out_dir: Path):
        self.path = Path(out_dir) / MANIFEST_NAME
        self.entries = read_manifest(out_dir)

    def append(self, entry: ManifestEntry) -> None:
        self.entries[entry.url] = entry
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(asdict(entry), ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())


# --- politeness -----------------------------------------------------------------------------------

class HostPolicy:
    """robots.txt and the per-host request interval."""

    def __init__(self, fetcher: "Fetcher", rate: float, user_agent: str):
        self.fetcher, self.rate, self.user_agent = fetcher, rate, user_agent
        self.robots: dict[str, Optional[urllib.robotparser.RobotFileParser]] = {}
        self.robots_note: dict[str, str] = {}

    def origin(self, url: str) -> str:
        p = urlsplit(url)
        return f"{p.scheme}://{p.netloc}"

    def allowed(self, url: str) -> tuple[bool, str]:
        origin = self.origin(url)
        if origin not in self.robots:
            self.robots[origin] = self._load(origin)
        parser = self.robots[origin]
        if parser is None:
            return False, self.robots_note.get(origin, "robots.txt unavailable")
        if not parser.can_fetch(self.user_agent, url):
            return False, "disallowed by robots.txt"
        return True, ""

    def _load(self, origin: str) -> Optional[urllib.robotparser.RobotFileParser]:
        parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        try:
            resp = self.fetcher.get(origin + "/robots.txt", retries=1)
        except FetchError as exc:
            # Unreachable robots.txt (timeouts, 5xx): do not crawl the host (as major crawlers do).
            self.robots_note[origin] = f"robots.txt unreachable ({exc.reason}); host not crawled"
            return None
        if resp.status in (401, 403):
            parser.disallow_all = True
        elif resp.status >= 400:
            parser.allow_all = True
        else:
            text, _ = decode_html(resp.content, resp.charset)
            parser.parse(text.splitlines())
        delay = parser.crawl_delay(self.user_agent)
        if delay:
            self.fetcher.set_interval(urlsplit(origin).netloc, max(self.rate, float(delay)))
        return parser


# --- addresses ------------------------------------------------------------------------------------

def host_addresses(host: str) -> list:
    """Every IP address a URL host stands for: an IP literal as it is (IPv6 brackets dropped),
    anything else as the resolver gives it (names, and numeric forms like 2130706433 or 0x7f.1).
    Raises OSError (socket.gaierror) when the name does not resolve."""
    host = (host or "").strip().strip("[]")
    try:
        return [ipaddress.ip_address(host.split("%", 1)[0])]
    except ValueError:
        pass
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]


def is_public_address(ip) -> bool:
    """False for private (10/8, 172.16/12, 192.168/16, fc00::/7), loopback (127/8, ::1), link-local
    (169.254/16, fe80::/10), unspecified (0.0.0.0, ::), shared, reserved and multicast addresses;
    an IPv4 address mapped into IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address."""
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def address_problem(host: str) -> Optional[str]:
    """Why `host` is not a public address (a reason for the manifest), or None. A name that does not
    resolve is no problem here: the request fails on its own, as a connection error."""
    try:
        addresses = host_addresses(host)
    except (OSError, UnicodeError, ValueError):
        return None
    bad = [ip for ip in addresses if not is_public_address(ip)]
    if not bad:
        return None
    return (f"{_is_private(host, bad[0])}; refused (only a crawl that starts on such an address may "
            "use them)")


def _is_private(host: str, ip) -> str:
    what = "a private, loopback or link-local address"
    return f"{host} is {what}" if host.strip("[]") == str(ip) else f"{host} resolves to {ip}, {what}"


class AddressRefused(Exception):
    """Raised inside httpx when a connection would go to a refused address (see _GuardedBackend)."""


class _RequestState:
    """What the network backend needs to know about the request in flight (one crawl, one thread)."""

    def __init__(self) -> None:
        self.deadline: Optional[float] = None       # time.monotonic() by which the request ends
        self.allow_private = True
        self.errors = None                          # httpcore's timeout classes, set on install

    def left(self, timeout: Optional[float], error) -> Optional[float]:
        """The timeout for one socket operation: the operation's own, cut to what the deadline leaves."""
        if self.deadline is None:
            return timeout
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise error("deadline for the whole request passed")
        return left if timeout is None else min(timeout, left)


class _GuardedStream:
    """A httpcore network stream whose every read, write and TLS handshake ends by the deadline."""

    def __init__(self, stream, state: _RequestState):
        self._stream, self._state = stream, state

    def read(self, max_bytes: int, timeout: Optional[float] = None) -> bytes:
        return self._stream.read(max_bytes, self._state.left(timeout, self._state.errors.ReadTimeout))

    def write(self, buffer: bytes, timeout: Optional[float] = None) -> None:
        return self._stream.write(buffer, self._state.left(timeout, self._state.errors.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout: Optional[float] = None):
        timeout = self._state.left(timeout, self._state.errors.ConnectTimeout)
        return _GuardedStream(self._stream.start_tls(ssl_context, server_hostname, timeout), self._state)

    def get_extra_info(self, info: str):
        return self._stream.get_extra_info(info)


class _GuardedBackend:
    """httpcore network backend: the request deadline on every socket operation and, for direct
    connections (`check_address`), the address check at the moment of connecting: the name is
    resolved once, every address it gives must be public, and the connection goes to one of exactly
    those addresses, so a name cannot pass the check and then resolve elsewhere (DNS rebinding)."""

    def __init__(self, inner, state: _RequestState, check_address: bool):
        self._inner, self._state, self._check = inner, state, check_address

    def connect_tcp(self, host: str, port: int, timeout: Optional[float] = None,
                    local_address: Optional[str] = None, socket_options=None):
        timeout = self._state.left(timeout, self._state.errors.ConnectTimeout)
        if not self._check or self._state.allow_private:
            return _GuardedStream(self._inner.connect_tcp(host, port, timeout, local_address,
                                                          socket_options), self._state)
        try:
            addresses = host_addresses(host)
        except (OSError, UnicodeError, ValueError) as exc:
            raise self._state.errors.ConnectError(f"cannot resolve {host}: {exc}") from None
        bad = [ip for ip in addresses if not is_public_address(ip)]
        if bad:
            raise AddressRefused(f"{_is_private(host, bad[0])}; refused when connecting")
        error = None
        for ip in dict.fromkeys(addresses):
            try:
                stream = self._inner.connect_tcp(str(ip), port, self._state.left(
                    timeout, self._state.errors.ConnectTimeout), local_address, socket_options)
                return _GuardedStream(stream, self._state)
            except self._state.errors.ConnectError as exc:
                error = exc
        raise error

    def connect_unix_socket(self, path: str, timeout: Optional[float] = None, socket_options=None):
        raise AddressRefused("unix sockets are not used by the crawler")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def _install_guard(client, state: _RequestState) -> bool:
    """Put _GuardedBackend under the client's connection pools: the direct one checks addresses,
    proxy ones (from the environment) only keep the deadline, since they connect to the proxy.
    Returns False when this httpx/httpcore keeps its pools elsewhere (then the deadline is still
    checked between body chunks, and addresses before each request)."""
    import httpcore
    state.errors = httpcore
    installed = False
    transports = [(getattr(client, "_transport", None), True)] + [
        (t, False) for t in getattr(client, "_mounts", {}).values()]
    for transport, direct in transports:
        pool = getattr(transport, "_pool", None)
        inner = getattr(pool, "_network_backend", None)
        if inner is None:
            continue
        pool._network_backend = _GuardedBackend(inner, state, check_address=direct)
        installed = installed or direct
    return installed


# --- fetching -------------------------------------------------------------------------------------

class FetchError(Exception):
    def __init__(self, reason: str, *, status: Optional[int] = None, permanent: bool = False,
                 attempts: int = 0):
        super().__init__(reason)
        self.reason, self.status, self.permanent, self.attempts = reason, status, permanent, attempts


@dataclass
class Response:
    url: str                   # final URL after redirects
    status: int
    content: bytes
    content_type: str
    charset: str
    attempts: int
    location: str = ""         # the Location header of a redirect


HopCheck = Callable[[str], Optional[tuple[str, bool]]]     # URL → (why refused, permanent) or None


class Fetcher:
    """httpx with a per-host interval, a deadline per request, a size cap, retries with exponential
    backoff, and redirects followed one checked hop at a time."""

    def __init__(self, opts: HarvestOptions, client=None, sleep: Callable[[float], None] = time.sleep):
        import httpx

        self.httpx = httpx
        self.opts = opts
        self.state = _RequestState()
        if client is None:
            client = httpx.Client(
                timeout=httpx.Timeout(opts.timeout), follow_redirects=False,
                headers={"User-Agent": opts.user_agent, "Accept": "*/*"})
            _install_guard(client, self.state)
        self.client = client
        self.sleep = sleep
        self.last: dict[str, float] = {}
        self.interval: dict[str, float] = {}
        self.requests = 0

    @property
    def allow_private(self) -> bool:
        return self.state.allow_private

    @allow_private.setter
    def allow_private(self, value: bool) -> None:
        self.state.allow_private = bool(value)

    def address_problem(self, url: str) -> Optional[str]:
        """Why the URL's host may not be contacted in this crawl, or None."""
        if self.state.allow_private:
            return None
        return address_problem(urlsplit(url).hostname or "")

    def close(self) -> None:
        self.client.close()

    def set_interval(self, host: str, seconds: float) -> None:
        self.interval[host] = seconds

    def _wait_turn(self, host: str) -> None:
        interval = self.interval.get(host, self.opts.rate)
        last = self.last.get(host)
        if last is not None:
            left = last + interval - time.monotonic()
            if left > 0:
                self.sleep(left)
        self.last[host] = time.monotonic()

    def get(self, url: str, retries: Optional[int] = None, check: Optional[HopCheck] = None) -> Response:
        """One document. Raises FetchError after the last attempt; 4xx other than 408/425/429 are
        returned for robots.txt callers and raised (permanent) by `fetch`.

        Redirects are followed here, at most `max_redirects` hops. Every hop must be http(s) (else
        it fails at once: no retry), its host must be a public address unless private ones are
        allowed, and `check(url)` (the crawl's same-host rule and robots.txt) must not refuse it.
        Each hop is one request with its own retries; the attempts of all hops are added up."""
        attempts, current = 0, url
        for hop in range(self.opts.max_redirects + 1):
            if hop:
                why = self.address_problem(current)
                refusal = (why, True) if why else (check(current) if check else None)
                if refusal:
                    raise FetchError(f"redirect to {_short_url(current)} refused: {refusal[0]}",
                                     permanent=refusal[1], attempts=attempts)
            elif (why := self.address_problem(current)):
                raise FetchError(why, permanent=True, attempts=attempts)
            try:
                resp = self._get_retrying(current, retries)
            except FetchError as exc:
                exc.attempts += attempts
                raise
            attempts += resp.attempts
            if not 300 <= resp.status < 400:
                resp.url, resp.attempts = current, attempts
                return resp
            if resp.status not in REDIRECT_STATUS or not resp.location.strip():
                raise FetchError(f"HTTP {resp.status} without a redirect to follow (no Location)",
                                 status=resp.status, permanent=True, attempts=attempts)
            target = normalise_url(urljoin(current, resp.location.strip()))
            scheme = urlsplit(target).scheme
            if scheme not in ("http", "https"):
                raise FetchError(f"redirect to {_short_url(target)} refused: not an http(s) URL "
                                 f"({scheme or 'no scheme'}:)", status=resp.status, permanent=True,
                                 attempts=attempts)
            current = target
        raise FetchError(f"more than {self.opts.max_redirects} redirects; abandoned",
                         permanent=True, attempts=attempts)

    def _get_retrying(self, url: str, retries: Optional[int]) -> Response:
        """One URL (no redirects), retried on timeouts, connection errors and RETRY_STATUS."""
        retries = self.opts.retries if retries is None else retries
        host = urlsplit(url).netloc
        reason, status = "", None
        for attempt in range(1, retries + 2):
            if attempt > 1:
                self.sleep(self.opts.backoff * 2 ** (attempt - 2))
            self._wait_turn(host)
            self.requests += 1
            try:
                resp = self._get_once(url)
            except (self.httpx.TimeoutException, _DeadlinePassed):
                reason, status = f"timed out after {self.opts.timeout:g} s", None
                continue
            except AddressRefused as exc:
                raise FetchError(str(exc), permanent=True, attempts=attempt) from None
            except self.httpx.UnsupportedProtocol as exc:
                raise FetchError(f"not an http(s) URL ({exc})", permanent=True, attempts=attempt) from None
            except self.httpx.TransportError as exc:
                reason, status = f"connection error: {type(exc).__name__}: {exc}".rstrip(": "), None
                continue
            except _TooLarge:
                raise FetchError(f"larger than {self.opts.max_bytes} bytes; abandoned",
                                 permanent=True, attempts=attempt) from None
            if resp.status in RETRY_STATUS:
                reason, status = f"HTTP {resp.status}", resp.status
                continue
            resp.attempts = attempt
            return resp
        raise FetchError(f"{reason} ({retries + 1} attempts)", status=status, attempts=retries + 1)

    def _get_once(self, url: str) -> Response:
        """One request under one deadline (`timeout` seconds for connect, headers and body together):
        the network backend cuts every socket operation to what is left, and the body loop checks
        it between chunks too (in case the client came from outside, without the backend)."""
        deadline = time.monotonic() + self.opts.timeout
        self.state.deadline = deadline
        try:
            with self.client.stream("GET", url, follow_redirects=False) as r:
                ctype = r.headers.get("content-type", "")
                if 300 <= r.status_code < 400:          # not read: the body of a redirect is noise
                    return Response(url, r.status_code, b"", ctype, "", 1,
                                    r.headers.get("location", ""))
                chunks, size = [], 0
                declared = r.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.opts.max_bytes:
                    raise _TooLarge()
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > self.opts.max_bytes:
                        raise _TooLarge()
                    if time.monotonic() > deadline:
                        raise _DeadlinePassed()
                    chunks.append(chunk)
                m = re.search(r"charset=([\w\-]+)", ctype, re.I)
                return Response(url, r.status_code, b"".join(chunks), ctype,
                                m.group(1) if m else "", 1)
        finally:
            self.state.deadline = None


def _short_url(url: str) -> str:
    return url if len(url) <= 200 else url[:197] + "..."


class _TooLarge(Exception):
    pass


class _DeadlinePassed(Exception):
    pass


# --- the crawl ------------------------------------------------------------------------------------

@dataclass
class _Task:
    url: str
    role: str
    depth: int
    referrer: str = ""
    text: str = ""
    year: Optional[int] = None


class Harvester:
    def __init__(self, opts: HarvestOptions, *, client=None,
                 on_fetch: Optional[Callable[[ManifestEntry], None]] = None,
                 log: Optional[Callable[[str], None]] = None,
                 sleep: Callable[[float], None] = time.sleep):
        self.opts = opts
        self.out = Path(opts.out_dir)
        self.files = self.out / "files"
        self.fetcher = Fetcher(opts, client, sleep)
        self.policy = HostPolicy(self.fetcher, opts.rate, opts.user_agent)
        self.on_fetch = on_fetch
        self.log = log or (lambda msg: None)

    def run(self) -> HarvestSummary:
        self.files.mkdir(parents=True, exist_ok=True)
        manifest = Manifest(self.out)
        summary = HarvestSummary(self.out)
        start = normalise_url(self.opts.start_url)
        start_host = self.start_host = urlsplit(start).netloc
        allow = self.opts.allow_private
        if allow is None:           # a crawl that starts on an intranet address may stay there
            allow = address_problem(urlsplit(start).hostname or "") is not None
        self.fetcher.allow_private = allow
        queue: deque[_Task] = deque([_Task(start, "list", 0)])
        queued: set[str] = {start}
        pages = 0
        fetches = 0
        try:
            while queue:
                task = queue.popleft()
                summary.found.append(task.url)
                if task.role == "list":
                    pages += 1
                    if pages > self.opts.max_pages:
                        summary.skipped.append((task.url, f"more than {self.opts.max_pages} list pages"))
                        continue
                prior = manifest.entries.get(task.url)
                if prior is not None and self._done(prior):
                    summary.already.append(task.url)
                    content = self._saved(prior)
                    role = self._role(task, prior)
                else:
                    why = self.fetcher.address_problem(task.url)     # before robots.txt is asked
                    ok = not why
                    if ok:
                        ok, why = self.policy.allowed(task.url)
                    if not ok:
                        summary.skipped.append((task.url, why))
                        continue
                    if self.opts.max_fetches is not None and fetches >= self.opts.max_fetches:
                        raise HarvestStopped(f"stopped after {fetches} fetches (--max-fetches)")
                    fetches += 1
                    entry, content = self._fetch(task)
                    manifest.append(entry)
                    if entry.status == "ok":
                        summary.fetched.append(entry)
                        self.log(f"fetched {entry.role:<10} {task.url}")
                    else:
                        summary.failed.append(entry)
                        self.log(f"failed  {task.role:<10} {task.url}: {entry.reason}")
                    if self.on_fetch:
                        self.on_fetch(entry)
                    if entry.status != "ok":
                        continue
                    prior, role = entry, entry.role
                if content is None or role == "attachment":
                    continue
                if sniff_kind(content) != "html":
                    continue
                text, _ = decode_html(content, prior.encoding)
                for link in extract_links(text, prior.final_url or task.url, role):
                    self._enqueue(link, task, role, start_host, queue, queued, summary)
        except HarvestStopped as exc:
            summary.stopped = str(exc)
        except KeyboardInterrupt:
            summary.stopped = "interrupted (Ctrl-C); rerun the same command to resume"
        finally:
            summary.requests = self.fetcher.requests
            self.fetcher.close()
        return summary

    def _done(self, entry: ManifestEntry) -> bool:
        if entry.status == "ok":
            return (self.out / entry.file).is_file() if entry.file else False
        return entry.status == "failed" and entry.permanent and not self.opts.retry_failed

    def _saved(self, entry: ManifestEntry) -> Optional[bytes]:
        if entry.status == "ok" and entry.file:
            return (self.out / entry.file).read_bytes()
        return None

    @staticmethod
    def _role(task: _Task, entry: ManifestEntry) -> str:
        return entry.role if entry.status == "ok" else task.role

    def _enqueue(self, link: Link, parent: _Task, parent_role: str, start_host: str,
                 queue: deque, queued: set, summary: HarvestSummary) -> None:
        if link.url in queued:
            return
        depth = parent.depth if link.role == "list" else parent.depth + 1
        if link.role == "list" and parent_role != "list":
            return
        if depth > self.opts.depth:
            queued.add(link.url)
            summary.skipped.append((link.url, f"beyond --depth {self.opts.depth}"))
            return
        if not self._host_ok(link.url, link.role, start_host):
            return                  # other sites: not ours (attachments may sit on a sister host)
        year = link_year(link.text) if link.role == "report" else parent.year
        if link.role == "attachment" and year is None:
            year = link_year(link.text)
        if self.opts.since is not None and year is not None and year < self.opts.since:
            queued.add(link.url)
            summary.skipped.append((link.url, f"report year {year} before --since {self.opts.since}"))
            return
        queued.add(link.url)
        queue.append(_Task(link.url, link.role, depth, parent.url, link.text, year))

    def _host_ok(self, url: str, role: str, start_host: str) -> bool:
        """The same-host rule: pages on the start page's host only, attachments also on a sister host
        of the same site domain (file.xx.gov.cn); everything with --all-hosts."""
        host = urlsplit(url).netloc
        return (not self.opts.same_host or host == start_host
                or (role == "attachment" and site_domain(host) == site_domain(start_host)))

    def _hop_problem(self, url: str, role: str) -> Optional[tuple[str, bool]]:
        """Why a redirect hop of a `role` request may not be followed: the same-host rule (a hop to
        a document file counts as an attachment) and robots.txt of the hop's host. The Fetcher has
        already checked the scheme and the address."""
        hop_role = "attachment" if role == "attachment" or url_ext(url) in ATTACHMENT_EXTS else role
        if not self._host_ok(url, hop_role, self.start_host):
            return (f"another host ({urlsplit(url).netloc}; this crawl stays on {self.start_host}, "
                    "--all-hosts lifts this)", True)
        ok, why = self.policy.allowed(url)
        if not ok:
            return why, "unreachable" not in why     # robots.txt that could not be read: try again later
        return None

    def _fetch(self, task: _Task) -> tuple[ManifestEntry, Optional[bytes]]:
        entry = ManifestEntry(url=task.url, status="failed", role=task.role, referrer=task.referrer,
                              depth=task.depth, link_text=task.text[:200])
        entry.fetched_at = now_iso()
        try:
            resp = self.fetcher.get(task.url, check=lambda url: self._hop_problem(url, task.role))
        except FetchError as exc:
            entry.reason, entry.http_status = exc.reason, exc.status
            entry.attempts, entry.permanent = exc.attempts, exc.permanent
            return entry, None
        entry.http_status, entry.attempts = resp.status, resp.attempts
        entry.final_url, entry.content_type = resp.url, resp.content_type
        if resp.status >= 400:
            entry.reason, entry.permanent = f"HTTP {resp.status}", True
            return entry, None
        data = resp.content
        if not data.strip():
            entry.reason, entry.permanent = "empty response", False
            return entry, None
        kind = sniff_kind(data, resp.content_type)
        if task.role == "report" and kind != "html":
            entry.role = "attachment"               # a report link that serves the PDF itself
        if task.role in ("list", "report") and kind == "html":
            _, entry.encoding = decode_html(data, resp.charset)
        rel = Path("files") / file_name_for(task.url, kind)
        (self.out / rel).write_bytes(data)
        entry.file, entry.size = rel.as_posix(), len(data)
        entry.sha256 = hashlib.sha256(data).hexdigest()
        entry.status, entry.reason = "ok", ""
        return entry, data


def harvest(opts: HarvestOptions, *, ingest: bool = False, db_path=None, client=None,
            on_fetch: Optional[Callable[[ManifestEntry], None]] = None,
            log: Optional[Callable[[str], None]] = None, parser=None) -> HarvestSummary:
    """Crawl from `opts.start_url`, save documents and the manifest under `opts.out_dir`, and with
    `ingest=True` store every saved report page and attachment (this run's and earlier ones; the store
    skips bytes it already has) in the warehouse at `db_path`."""
    summary = Harvester(opts, client=client, on_fetch=on_fetch, log=log).run()
    if ingest:
        from gongkai.store.ingest import ingest_paths
        docs = summary.documents()
        if docs:
            kwargs = {"parser": parser} if parser is not None else {}
            urls = {str(summary.out_dir / e.file): e.final_url or e.url
                    for e in read_manifest(summary.out_dir).values() if e.file}
            summary.ingest = ingest_paths(docs, db_path, urls=urls, **kwargs)
    return summary
