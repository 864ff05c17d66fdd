"""Harvest against hostile servers (issue #16, items 1 and 4): redirects to other hosts, other
schemes and private addresses are checked hop by hop; a server that trickles bytes cannot hold a
request past its deadline. Only loopback servers (127.0.0.1) are ever contacted."""
from __future__ import annotations

import ipaddress
import socket
import time

import pytest

from gongkai import harvest as H
from gongkai.harvest import HarvestOptions, harvest, read_manifest

from .conftest import list_page, reply, serve

REPORT_PAGE = ('<html><head><meta charset="utf-8"></head><body><h1>某局2023年政府信息公开工作年度报告'
               '</h1><p>正文</p></body></html>').encode("utf-8")


def options(start: str, out, **kw) -> HarvestOptions:
    base = dict(start_url=start, out_dir=out, rate=0.001, timeout=2.0, retries=1, backoff=0.01)
    base.update(kw)
    return HarvestOptions(**base)


def by_path(server, out) -> dict:
    return {e.url[len(server.base):]: e for e in read_manifest(out).values()
            if e.url.startswith(server.base)}


@pytest.fixture
def elsewhere():
    """Another host (another port of 127.0.0.1): a secret page, robots.txt disallowing it, and a
    public page."""
    def route(h, s, path):
        if path == "/robots.txt":
            reply(h, body=b"User-agent: *\nDisallow: /secret.html\n", ctype="text/plain")
        elif path in ("/secret.html", "/public.html"):
            reply(h, body=REPORT_PAGE.replace(b"\xe6\xad\xa3\xe6\x96\x87", path.encode()))
        else:
            reply(h, 404, b"not here")
    with serve(route) as s:
        yield s


@pytest.fixture
def portal(elsewhere):
    """The start host: each report link answers with a redirect of another kind."""
    redirects = {
        "/reports/moved.html": elsewhere.url("/secret.html"),         # another host, robots says no
        "/reports/public.html": elsewhere.url("/public.html"),        # another host, robots says yes
        "/reports/file.html": "file:///etc/passwd",
        "/reports/ftp.html": "ftp://127.0.0.1/x",
        "/reports/loop.html": "/reports/loop.html",
        "/reports/here.html": "/reports/real.html",                   # same host: followed
        "/reports/nowhere.html": "",                                  # 302 without a Location
        "/reports/blocked.html": "/private/p.html",                   # same host, robots says no
    }
    links = [(path, f"{n}2023年度政府信息公开工作年度报告") for n, path in enumerate(redirects)]

    def route(h, s, path):
        if path == "/robots.txt":
            reply(h, body=b"User-agent: *\nDisallow: /private/\n", ctype="text/plain")
        elif path == "/list.html":
            reply(h, body=list_page(*links))
        elif path in redirects:
            target = redirects[path]
            reply(h, 302, b"moved", headers=(("Location", target),) if target else ())
        elif path in ("/reports/real.html", "/private/p.html"):
            reply(h, body=REPORT_PAGE)
        else:
            reply(h, 404, b"not here")
    with serve(route) as s:
        s.redirects = redirects
        yield s


def test_redirects_are_checked_hop_by_hop(portal, elsewhere, tmp_path):
    out = tmp_path / "h"
    summary = harvest(options(portal.url("/list.html"), out))
    got = by_path(portal, out)
    # the other host is never contacted: not its page, not its robots.txt
    assert elsewhere.log == []
    moved = got["/reports/moved.html"]
    assert moved.status == "failed" and moved.permanent
    assert "refused" in moved.reason and "another host" in moved.reason and elsewhere.base[7:] in moved.reason
    assert "--all-hosts" in moved.reason
    # a file:// (or ftp://) redirect fails at once: one request, no retry
    for path, scheme in (("/reports/file.html", "file"), ("/reports/ftp.html", "ftp")):
        e = got[path]
        assert e.status == "failed" and e.permanent and e.attempts == 1, e
        assert f"not an http(s) URL ({scheme}:)" in e.reason
        assert portal.log.count(path) == 1
    loop = got["/reports/loop.html"]
    assert loop.status == "failed" and loop.permanent and "more than 10 redirects" in loop.reason
    assert portal.log.count("/reports/loop.html") == 11          # the first request and 10 hops
    nowhere = got["/reports/nowhere.html"]
    assert nowhere.status == "failed" and "no Location" in nowhere.reason
    # a hop on the same host is followed and checked against robots.txt
    here = got["/reports/here.html"]
    assert here.status == "ok" and here.final_url == portal.url("/reports/real.html")
    assert (out / here.file).read_bytes() == REPORT_PAGE
    blocked = got["/reports/blocked.html"]
    assert blocked.status == "failed" and "disallowed by robots.txt" in blocked.reason
    assert "/private/p.html" not in portal.log
    assert not any(f.url.startswith(elsewhere.base) for f in summary.fetched)


def test_all_hosts_follows_redirects_but_asks_the_other_hosts_robots(portal, elsewhere, tmp_path):
    out = tmp_path / "h"
    harvest(options(portal.url("/list.html"), out, same_host=False))
    got = by_path(portal, out)
    assert got["/reports/public.html"].status == "ok"
    assert got["/reports/public.html"].final_url == elsewhere.url("/public.html")
    moved = got["/reports/moved.html"]
    assert moved.status == "failed" and "disallowed by robots.txt" in moved.reason
    assert "/secret.html" not in elsewhere.log
    assert elsewhere.log.count("/robots.txt") == 1 and "/public.html" in elsewhere.log


# --- private addresses ----------------------------------------------------------------------------

@pytest.mark.parametrize("ip", ["127.0.0.1", "127.8.8.8", "10.1.2.3", "172.16.0.1", "172.31.255.255",
                                "192.168.1.1", "169.254.169.254", "0.0.0.0", "100.64.0.1", "::1", "::",
                                "fc00::1", "fd12:3456::1", "fe80::1", "::ffff:127.0.0.1",
                                "::ffff:169.254.169.254", "224.0.0.1"])
def test_private_loopback_and_link_local_addresses_are_not_public(ip):
    assert not H.is_public_address(ipaddress.ip_address(ip))
    assert H.address_problem(ip) is not None


@pytest.mark.parametrize("ip", ["8.8.8.8", "1.1.1.1", "172.32.0.1", "2001:4860:4860::8888"])
def test_public_addresses_pass(ip):
    assert H.is_public_address(ipaddress.ip_address(ip))
    assert H.address_problem(ip) is None


def test_names_are_resolved_and_every_address_must_be_public(monkeypatch):
    answers = {"intranet.example": ["10.0.0.7"], "mixed.example": ["8.8.8.8", "127.0.0.1"],
               "metadata.example": ["fe80::1"], "public.example": ["8.8.8.8", "2001:4860:4860::8888"]}

    def fake(host, port, *a, **kw):
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "unknown")
        return [(socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, 0))
                for ip in answers[host]]
    monkeypatch.setattr(H.socket, "getaddrinfo", fake)
    assert "10.0.0.7" in H.address_problem("intranet.example")
    assert "127.0.0.1" in H.address_problem("mixed.example")
    assert H.address_problem("metadata.example") is not None
    assert H.address_problem("public.example") is None
    assert H.address_problem("nxdomain.example") is None        # fails later, as a connection error


def test_numeric_host_forms_resolve_to_loopback():
    # 2130706433 and 0x7f.1 are 127.0.0.1 to the C resolver (no DNS query for numeric forms)
    for host in ("2130706433", "0x7f.1", "[::1]"):
        assert H.address_problem(host) is not None, host


@pytest.fixture
def loopback_counts_as_public(monkeypatch):
    """127.0.0.1 plays a public address (only it: 127.0.0.2, ::1 … stay private), so a crawl of a
    loopback server runs with private addresses refused."""
    real = H.is_public_address
    monkeypatch.setattr(H, "is_public_address", lambda ip: str(ip) == "127.0.0.1" or real(ip))


def test_a_redirect_to_a_private_address_is_refused_before_connecting(loopback_counts_as_public,
                                                                       tmp_path):
    targets = {"/r/a.html": "http://127.0.0.2:{port}/x.html", "/r/b.html": "http://[::1]:{port}/x.html",
               "/r/c.html": "http://169.254.169.254/latest/meta-data/", "/r/d.html": "/real.html"}

    def route(h, s, path):
        if path == "/list.html":
            reply(h, body=list_page(*[(p, f"{p}2023年度政府信息公开工作年度报告") for p in targets]))
        elif path in targets:
            reply(h, 302, b"", headers=(("Location", targets[path].format(port=s.port)),))
        elif path == "/real.html":
            reply(h, body=REPORT_PAGE)
        else:
            reply(h, 404, b"")
    out = tmp_path / "h"
    with serve(route) as s:
        harvest(options(s.url("/list.html"), out, same_host=False))
        got = by_path(s, out)
    for path in ("/r/a.html", "/r/b.html", "/r/c.html"):
        e = got[path]
        assert e.status == "failed" and e.permanent and e.attempts == 1, e
        assert "refused" in e.reason and "private, loopback or link-local" in e.reason
    assert got["/r/d.html"].status == "ok"
    assert "/x.html" not in s.log


def test_a_name_that_resolves_elsewhere_when_connecting_is_refused(loopback_counts_as_public,
                                                                   monkeypatch, tmp_path):
    """DNS rebinding: the name passes the check (127.0.0.1, public here), then resolves to 127.0.0.2
    when httpx connects: the connection is refused by the network backend."""
    calls = []
    real = socket.getaddrinfo

    def rebinding(host, port, *a, **kw):
        if host == "rebind.test":
            calls.append(host)
            ip = "127.0.0.1" if len(calls) == 1 else "127.0.0.2"
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port or 0))]
        return real(host, port, *a, **kw)
    monkeypatch.setattr(H.socket, "getaddrinfo", rebinding)

    def route(h, s, path):
        reply(h, body=REPORT_PAGE)
    with serve(route) as s:
        fetcher = H.Fetcher(options(s.url("/"), tmp_path, retries=0))
        fetcher.allow_private = False
        with pytest.raises(H.FetchError) as err:
            fetcher.get(f"http://rebind.test:{s.port}/page.html")
        fetcher.close()
    assert err.value.permanent and "127.0.0.2" in err.value.reason and "when connecting" in err.value.reason
    assert s.log == [] and len(calls) == 2


def test_a_start_url_on_a_private_address_allows_private_addresses(portal, tmp_path):
    """Tests and intranet crawls start on such an address; then only the same-host rule applies."""
    out = tmp_path / "h"
    harvest(options(portal.url("/list.html"), out))
    assert by_path(portal, out)["/reports/here.html"].status == "ok"
    refused = harvest(options(portal.url("/list.html"), tmp_path / "h2", allow_private=False))
    assert refused.fetched == [] and "private, loopback or link-local" in refused.skipped[0][1]
    assert portal.log.count("/list.html") == 1                 # the second crawl contacted nothing


def test_the_backend_guard_is_installed_on_this_httpx():
    """A version canary: the deadline and the connect-time address check sit in httpcore's pool."""
    import httpx
    client = httpx.Client()
    try:
        assert H._install_guard(client, H._RequestState())
    finally:
        client.close()


# --- the deadline per request ---------------------------------------------------------------------

def trickle_body(h, s, path):
    """Headers at once, then one byte of a 20-byte body every 0.2 s (4 s in all)."""
    if path == "/robots.txt":
        return reply(h, 404, b"")
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "20")
    h.end_headers()
    for _ in range(20):
        h.wfile.write(b"x")
        h.wfile.flush()
        time.sleep(0.2)


def trickle_headers(h, s, path):
    """The status line, then the headers one byte every 0.2 s (never finished within 4 s)."""
    if path == "/robots.txt":
        return reply(h, 404, b"")
    h.wfile.write(b"HTTP/1.1 200 OK\r\n")
    for byte in b"X-Slow: " + b"y" * 20:
        h.wfile.write(bytes([byte]))
        h.wfile.flush()
        time.sleep(0.2)


@pytest.mark.parametrize("route", [trickle_body, trickle_headers], ids=["body", "headers"])
def test_a_trickling_server_cannot_hold_a_request_past_its_deadline(route, tmp_path):
    with serve(route) as s:
        fetcher = H.Fetcher(options(s.url("/"), tmp_path, timeout=1.0, retries=1, backoff=0.01))
        started = time.monotonic()
        with pytest.raises(H.FetchError) as err:
            fetcher.get(s.url("/slow.html"))
        took = time.monotonic() - started
        fetcher.close()
    assert "timed out after 1 s" in err.value.reason and not err.value.permanent
    assert err.value.attempts == 2 and s.log == ["/slow.html", "/slow.html"]      # retried once
    assert took < 2 * 1.5, took                                 # each attempt ends within ~1 s


def test_harvest_records_the_trickling_page_as_a_transient_timeout(tmp_path):
    def route(h, s, path):
        if path == "/list.html":
            return reply(h, body=list_page(("/slow.html", "2023年度政府信息公开工作年度报告")))
        return trickle_body(h, s, path)
    with serve(route) as s:
        started = time.monotonic()
        harvest(options(s.url("/list.html"), tmp_path / "h", timeout=1.0, retries=1))
        took = time.monotonic() - started
        e = by_path(s, tmp_path / "h")["/slow.html"]
    assert e.status == "failed" and "timed out" in e.reason and e.attempts == 2 and not e.permanent
    assert took < 4.0, took
