"""HTML reader: the DOM keeps cell boundaries that flattened page text destroys (docs/report-format.md §6.12).

Every data-table `<tr>` becomes one row of exact cells, one per `<td>`/`<th>` as written in the source
(rowspan/colspan are not expanded), blank cells kept as "" because blanks mean zero (docs/report-format.md §6.4).
Text outside tables becomes loose rows, one per line. Word-exported pages split labels across inline
`<span>`s, so inline text is joined without spaces; block breaks and whitespace are "soft gaps" that
vanish between two CJK characters and become one space otherwise (`squeeze`).
"""
from __future__ import annotations

import re
from functools import lru_cache
from gongkai.limits import check_time
from typing import Iterator, Optional

from selectolax.lexbor import LexborHTMLParser

from .source import Cell, Extracted

# Page chrome and non-rendered content: never part of the report text.
SKIP = frozenset("""script style noscript head title meta link template iframe object embed svg canvas
    select textarea base""".split())
# Elements that start a new line in running text (and a soft gap inside a cell).
BLOCK = frozenset("""p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd br hr tr td th table thead tbody tfoot
    caption section article header footer nav aside main blockquote pre form fieldset address figure
    figcaption center""".split())

_CJK = (r"\u2010-\u2027\u2e80-\u2fff\u3000-\u303f\u3040-\u9fff\uf900-\ufaff\ufe30-\ufe4f"
        r"\uff00-\uffef\U00020000-\U0002ffff")
# A space between two CJK characters; starts with the space so the engine jumps between spaces.
_SOFT_GAP = re.compile(rf" (?<=[{_CJK}] )(?=[{_CJK}])")
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")     # zero-width chars, soft hyphen


def squeeze(text: str) -> str:
    """Collapse whitespace; drop it entirely between two CJK characters (layout gaps, not words)."""
    # " ".join(split()) collapses the same whitespace as re's \s+ (ends trimmed: strip() did that)
    return _SOFT_GAP.sub("", " ".join(_INVISIBLE.sub("", text).split())).strip()


@lru_cache(maxsize=65536)   # cell texts repeat ("0", labels, headers) within and across reports
def _squeeze_cell(text: str) -> str:
    return squeeze(text)


def _hidden(node) -> bool:
    attrs = node.attributes
    if "hidden" in attrs:
        return True
    style = (attrs.get("style") or "").replace(" ", "").lower()
    return "display:none" in style


def _walk(root, opaque=lambda n: False) -> Iterator[tuple[str, object]]:
    """Document-order events without recursion (pages can nest thousands deep):
    ("text", str), ("start", node), ("end", node), ("opaque", node) for subtrees the caller handles."""
    stack = [(root, False)]
    while stack:
        check_time()
        node, closing = stack.pop()
        if closing:
            yield "end", node
            continue
        if node.is_text_node:
            yield "text", node.text_content or ""
            continue
        if not node.is_element_node:
            continue                                  # comments, doctype
        if node.tag in SKIP or _hidden(node):
            continue
        if node is not root and opaque(node):
            yield "opaque", node
            continue
        yield "start", node
        stack.append((node, True))
        stack.extend([(c, False) for c in node.iter(include_text=True)][::-1])


# Hidden elements, as _hidden() reads them; a skipped element (SKIP) is told by its tag. The loose
# form only screens a table: a match there sends its cells to the exact selector.
_HIDDEN_SELECTOR = '[hidden],[style*="display:none" i],[style*="display: none" i]'
_MAYBE_HIDDEN_SELECTOR = '[hidden],[style*="display" i]'


def _text_of(node, hidden: Optional[bool] = None) -> str:
    """A cell's text: inline pieces glued, block breaks as soft gaps.

    `hidden`: whether the subtree holds a hidden element, when the caller already knows (see
    _hiding_nodes); None asks lexbor here."""
    # Fast path (most Word-exported cells: <td><p><span>…</span></p></td>): at most one block
    # element and nothing hidden or skipped, so lexbor's own text() gives the same string.
    if hidden is None:
        hidden = node.css_first(_HIDDEN_SELECTOR) is not None
    if not hidden and _plain(node):
        return _squeeze_cell(node.text(deep=True, separator=""))
    parts = []
    for kind, item in _walk(node):
        if kind == "text":
            parts.append(item)
        elif item.tag in BLOCK:
            parts.append(" ")
    return squeeze("".join(parts))


def _plain(node, max_blocks: int = 2) -> bool:
    """Whether the subtree (the node included) holds no skipped element and at most `max_blocks`
    block elements. One C-level traverse: a css() call per cell would parse a long selector again
    for every cell. (Tags compare as lexbor's type selectors do, foreign elements included.)"""
    blocks = 0
    for element in node.traverse():
        tag = element.tag
        if tag in SKIP:
            return False
        if tag in BLOCK:
            blocks += 1
            if blocks > max_blocks:
                return False
    return True


def _hiding_nodes(table) -> set[int]:
    """mem_ids of the table's nodes whose subtree (themselves included) holds a hidden element:
    selectors run once per table instead of once per cell, and usually find nothing."""
    if table.css_first(_MAYBE_HIDDEN_SELECTOR) is None:
        return set()
    marked: set[int] = set()
    stop = table.mem_id
    for node in table.css(_HIDDEN_SELECTOR):
        while node is not None and node.mem_id not in marked:
            check_time()
            marked.add(node.mem_id)
            if node.mem_id == stop:
                break
            node = node.parent
    return marked


def _is_data_table(node) -> bool:
    """A table holding other tables is page layout: read it as running text (its inner tables are
    read on their own), so no text is emitted twice. (lexbor's css() also matches the node itself.)"""
    check_time()
    return node.tag == "table" and all(t.mem_id == node.mem_id for t in node.css("table"))


def _table_rows(table, t_no: int) -> list[list[Cell]]:
    rows = []
    hiding = _hiding_nodes(table)
    for tr in table.css("tr"):
        cells = [c for c in tr.iter() if c.tag in ("td", "th")]     # element children (and comments)
        if not cells:
            continue
        r_no = len(rows) + 1
        rows.append([Cell(_text_of(c, c.mem_id in hiding), True,
                          f"table {t_no} row {r_no} col {i}")
                     for i, c in enumerate(cells, 1)])
    return rows


def _meta(tree) -> dict[str, str]:
    meta: dict[str, str] = {}
    for node in tree.css("meta"):
        key = node.attributes.get("name") or node.attributes.get("property")
        content = node.attributes.get("content")
        if key and content is not None and key not in meta:
            meta[key] = content.strip()
    return meta


def _title(tree, meta: dict[str, str]) -> Optional[str]:
    lowered = {k.lower(): v for k, v in meta.items()}
    for key in ("articletitle", "og:title"):
        if lowered.get(key):
            return lowered[key]
    node = tree.css_first("title")
    title = squeeze(node.text()) if node is not None else ""
    return title or None


def read_html(text: str, encoding: Optional[str] = None) -> Extracted:
    """Rows of an HTML page in document order: data-table rows (exact) and text lines (loose)."""
    tree = LexborHTMLParser(text)
    meta = _meta(tree)
    out = Extracted(media_type="text/html", encoding=encoding, title_hint=_title(tree, meta), meta=meta)
    root = tree.body or tree.root
    if root is None:
        return out
    line: list[str] = []
    n_lines = n_tables = 0

    def flush():
        nonlocal n_lines
        s = squeeze("".join(line))
        line.clear()
        if s:
            n_lines += 1
            out.rows.append([Cell(s, False, f"line {n_lines}")])

    for kind, item in _walk(root, opaque=_is_data_table):
        if kind == "text":
            line.append(item)
        elif kind == "opaque":
            flush()
            caption = item.css_first("caption")          # e.g. "表二：主动公开政府信息情况"
            if caption is not None:
                line.append(_text_of(caption))
                flush()
            n_tables += 1
            out.rows.extend(_table_rows(item, n_tables))
        elif item.tag in BLOCK:
            flush()
    flush()
    return out
