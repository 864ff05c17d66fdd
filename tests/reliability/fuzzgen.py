"""Generated inputs for fuzzing: real reports with random mutations, plus random structured and raw
bytes. Every generator takes a `random.Random`, so hypothesis (tests/reliability/test_fuzz.py) and
the long run (benchmarks/fuzz.py) draw from the same families and any case replays from its seed."""
from __future__ import annotations

import io
import random
import re
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[2]
SEEDS_DIR = REPO / "data" / "reports"
SKIP = {"SOURCES.md"}

NUMBER_FORMS = ["1,234", "１２３", "-5", "1e9", "—", "/", "无", "0026", "26.0", "二十六", "1 234",
                "(26)", "N/A", "", " ", "9" * 40, "0.5", "1，234", "-", "－3", "∞", "NaN"]
HOSTILE_SNIPPETS = ["<script>alert(1)</script>", "'; DROP TABLE reports; --", "' OR 1=1 --",
                    "<img src=x onerror=alert(1)>", "\x00", "\ufeff", "\u202e", "{{7*7}}",
                    "<table><tr><td>" * 30, "</td></tr></table>" * 30, "&#0;&amp;&lt;", "\r\n\r",
                    "政府信息公开工作年度报告", "第二十条第（一）项", "三、收到和处理政府信息公开申请情况"]
WORDS = ["政府信息公开", "年度报告", "总体情况", "主动公开", "依申请公开", "行政复议", "行政诉讼",
         "本年新收政府信息公开申请数量", "自然人", "法人或其他组织", "商业企业", "科研机构", "合计",
         "予以公开", "部分公开", "不予公开", "本年度办理结果", "结转下年度继续办理", "规章", "规范性文件",
         "行政许可", "行政处罚", "维持", "纠正", "其他结果", "尚未审结", "总计", "件", "条", "年", "月", "日",
         "某某市某某局", "2022年", "2023年", "发布时间：2023-01-12", "一、", "二、", "（一）", "|", "---"]


@lru_cache(maxsize=1)
def seed_files() -> tuple[tuple[str, bytes], ...]:
    """The bundled real reports (data/reports): name and bytes."""
    return tuple((p.name, p.read_bytes()) for p in sorted(SEEDS_DIR.iterdir())
                 if p.is_file() and p.name not in SKIP)


def _decoded(data: bytes) -> tuple[str, str]:
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace"), "utf-8"


# --- byte-level mutations (any format) ------------------------------------------------------------

def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return bytes([rng.randrange(256)])
    buf = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        i = rng.randrange(len(buf))
        buf[i] = rng.randrange(256) if rng.random() < 0.5 else buf[i] ^ (1 << rng.randrange(8))
    return bytes(buf)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)] if data else data


def splice(data: bytes, rng: random.Random) -> bytes:
    other = rng.choice(seed_files())[1]
    a, b = rng.randrange(len(data) + 1), rng.randrange(len(other) + 1)
    return data[:a] + other[b:]


def duplicate_chunk(data: bytes, rng: random.Random) -> bytes:
    if len(data) < 2:
        return data * 2
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.randint(1, 4096))
    return data[:b] + data[a:b] * rng.randint(1, 5) + data[b:]


# --- text-level mutations (HTML, text, markdown) --------------------------------------------------

_CELL_HTML = re.compile(r"<t[dh][^>]*>.*?</t[dh]>", re.S | re.I)
_DIGITS = re.compile(r"\d+")


def delete_cells(text: str, rng: random.Random) -> str:
    cells = list(_CELL_HTML.finditer(text))
    if cells:
        for m in sorted(rng.sample(cells, min(len(cells), rng.randint(1, 8))), key=lambda m: -m.start()):
            text = text[:m.start()] + text[m.end():]
        return text
    lines = text.split("\n")
    for _ in range(min(len(lines) - 1, rng.randint(1, 8))):
        del lines[rng.randrange(len(lines))]
    return "\n".join(lines)


def insert_digits(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 10)):
        i = rng.randrange(len(text) + 1)
        text = text[:i] + "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 6))) + text[i:]
    return text


def change_numbers(text: str, rng: random.Random) -> str:
    found = list(_DIGITS.finditer(text))
    for m in sorted(rng.sample(found, min(len(found), rng.randint(1, 10))), key=lambda m: -m.start()):
        text = text[:m.start()] + rng.choice(NUMBER_FORMS + [str(rng.randint(0, 10 ** 9))]) + text[m.end():]
    return text


def insert_hostile(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 5)):
        i = rng.randrange(len(text) + 1)
        text = text[:i] + rng.choice(HOSTILE_SNIPPETS) + text[i:]
    return text


def shuffle_lines(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    a = rng.randrange(len(lines))
    b = min(len(lines), a + rng.randint(2, 40))
    part = lines[a:b]
    rng.shuffle(part)
    return "\n".join(lines[:a] + part + lines[b:])


TEXT_MUTATIONS: list[Callable[[str, random.Random], str]] = [
    delete_cells, insert_digits, change_numbers, insert_hostile, shuffle_lines]
BYTE_MUTATIONS: list[Callable[[bytes, random.Random], bytes]] = [
    flip_bytes, truncate, splice, duplicate_chunk]


def _reencode(text: str, enc: str, rng: random.Random) -> bytes:
    choice = rng.random()
    if choice < 0.1:
        return text.encode("gb18030", errors="replace")
    if choice < 0.13:
        return text.encode("utf-16")
    if choice < 0.16:
        half = len(text) // 2
        return text[:half].encode("utf-8") + text[half:].encode("gb18030", errors="replace")
    return text.encode(enc, errors="replace")


def mutate_docx(data: bytes, rng: random.Random) -> bytes:
    """Mutate the document XML inside a DOCX (cells deleted, digits inserted) and re-zip it."""
    try:
        src = zipfile.ZipFile(io.BytesIO(data))
        xml = src.read("word/document.xml").decode("utf-8")
    except Exception:  # noqa: BLE001 - already broken: mutate the bytes instead
        return flip_bytes(data, rng)
    for _ in range(rng.randint(1, 3)):
        kind = rng.random()
        if kind < 0.4:
            cells = list(re.finditer(r"<w:tc>.*?</w:tc>", xml, re.S))
            if cells:
                m = rng.choice(cells)
                xml = xml[:m.start()] + xml[m.end():]
        elif kind < 0.8:
            texts = list(re.finditer(r"(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)", xml))
            if texts:
                m = rng.choice(texts)
                new = rng.choice(NUMBER_FORMS + [str(rng.randint(0, 99999)), "&lt;script&gt;"])
                xml = xml[:m.start(2)] + new + xml[m.end(2):]
        else:
            i = rng.randrange(len(xml))
            xml = xml[:i] + xml[i + rng.randint(1, 50):]          # break the XML
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                body = xml.encode("utf-8") if info.filename == "word/document.xml" else src.read(info)
                dst.writestr(info.filename, body)
    except Exception:  # noqa: BLE001 - another member is already broken: mutate the bytes instead
        return flip_bytes(data, rng)
    return out.getvalue()


def mutated_seed(rng: random.Random) -> tuple[str, bytes]:
    """A real report with 1–3 random mutations that fit its kind."""
    name, data = rng.choice(seed_files())
    kind = name.rsplit(".", 1)[-1].lower()
    for _ in range(rng.randint(1, 3)):
        if kind == "docx" and rng.random() < 0.7:
            data = mutate_docx(data, rng)
        elif kind in ("html", "txt", "md") and rng.random() < 0.7:
            text, enc = _decoded(data)
            text = rng.choice(TEXT_MUTATIONS)(text, rng)
            data = _reencode(text, enc, rng)
        else:
            data = rng.choice(BYTE_MUTATIONS)(data, rng)
    return f"mut-{name}", data


# --- generated from nothing -----------------------------------------------------------------------

def random_bytes(rng: random.Random) -> tuple[str, bytes]:
    n = rng.choice([0, 1, 2, 16, 256, 4096, 65536])
    prefix = rng.choice([b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<html>", b"\xef\xbb\xbf", b"\xff\xfe",
                         b"\x89PNG\r\n\x1a\n", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"])
    return rng.choice(["x.bin", "x.pdf", "x.docx", "x.html", "x.txt"]), prefix + rng.randbytes(n)


def random_report_text(rng: random.Random) -> tuple[str, bytes]:
    """Report-shaped text: title, headings, label/number lines, pipe rows, in random order."""
    lines = [f"某某{rng.choice(['市', '县', '区'])}某某局{rng.randint(1990, 2030)}年政府信息公开工作年度报告"]
    for _ in range(rng.randint(0, 120)):
        kind = rng.random()
        if kind < 0.4:
            lines.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6))))
        elif kind < 0.7:
            lines.append(str(rng.choice([rng.randint(0, 999), rng.choice(NUMBER_FORMS)])))
        else:
            cells = [rng.choice(WORDS + NUMBER_FORMS + [str(rng.randint(0, 99))]) for _ in range(rng.randint(1, 9))]
            lines.append("| " + " | ".join(cells) + " |")
    text = "\n".join(lines)
    return rng.choice(["gen.txt", "gen.md"]), _reencode(text, "utf-8", rng)


def random_html(rng: random.Random) -> tuple[str, bytes]:
    """Random (often malformed) HTML with tables, scripts, attributes and report words."""
    parts = ["<html><head><meta charset='%s'><title>%s</title></head><body>" % (
        rng.choice(["utf-8", "gbk", "latin-1", "bogus"]), rng.choice(WORDS))]
    depth = 0
    for _ in range(rng.randint(0, 200)):
        kind = rng.random()
        if kind < 0.15:
            parts.append("<table border=1>")
            depth += 1
        elif kind < 0.3:
            parts.append("<tr>" + "".join(f"<td rowspan={rng.randint(0, 3)}>{rng.choice(WORDS + NUMBER_FORMS)}</td>"
                                           for _ in range(rng.randint(0, 9))) + "</tr>")
        elif kind < 0.4 and depth:
            parts.append("</table>")
            depth -= 1
        elif kind < 0.5:
            parts.append(rng.choice(HOSTILE_SNIPPETS))
        else:
            parts.append(f"<p>{rng.choice(WORDS)}{rng.randint(0, 999)}</p>")
    if rng.random() < 0.5:
        parts.append("</table>" * depth + "</body></html>")
    return "gen.html", "".join(parts).encode(rng.choice(["utf-8", "gb18030"]), errors="replace")


FAMILIES: dict[str, Callable[[random.Random], tuple[str, bytes]]] = {
    "mutated_seed": mutated_seed,
    "random_report_text": random_report_text,
    "random_html": random_html,
    "random_bytes": random_bytes,
}
WEIGHTS = {"mutated_seed": 6, "random_report_text": 2, "random_html": 1, "random_bytes": 1}


def generate(seed: int) -> tuple[str, str, bytes]:
    """(family, name, bytes) for one seed: the same seed gives the same input."""
    rng = random.Random(seed)
    family = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
    name, data = FAMILIES[family](rng)
    return family, name, data
