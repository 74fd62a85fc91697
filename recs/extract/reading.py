"""A brief as blocks: headings, list items and paragraphs, each with its
location (page, paragraph number), from plain text, Markdown, HTML or PDF.

Markdown is parsed with markdown-it-py, HTML with selectolax (an HTML5
parser: real pages with unclosed tags parse as browsers parse them), PDF
with pypdf; lines of a PDF or of hard-wrapped text are joined back into
paragraphs, and words hyphenated at a line end are re-joined.
"""

import os
import re
import stat
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recs.core.errors import RecsError, UsageError
from recs.extract import when

KINDS = ("text", "md", "html", "pdf")
_SUFFIXES = {".txt": "text", ".text": "text", ".md": "md", ".markdown": "md", ".html": "html",
             ".htm": "html", ".xhtml": "html", ".pdf": "pdf"}

#: A list item's marker: a bullet, `1.`, `1)`, `(a)`, `a)`, `(iv)`.
#: A bullet glyph may touch its text ("•Fund …"), as a PDF's text often has it.
BULLET = re.compile(r"^\s*(?:(?:[-*•▪◦‣·●■–—]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)]|\([ivxlIVXL]{1,6}\))\s+|[•▪◦‣●■]\s*)(?=\S)")
#: A marker alone on its line, its text on the next (a PDF printed from a web page).
LONE_BULLET = re.compile(r"^\s*(?:[-*•▪◦‣·●■–—]|\(?\d{1,3}[.)])\s*$")
#: A navigation bar or breadcrumb of a web page printed to PDF: short parts between "|".
NAVIGATION = re.compile(r"^[^|.!?]{1,40}(?:\s+\|\s+[^|.!?]{1,40})+$")
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*$")
#: The first part of a word hyphenated at a line end that keeps its hyphen
#: when re-joined ("long-\nterm" is "long-term", "recom-\nmendation" is not).
_KEEP_HYPHEN = {"non", "self", "co", "post", "pre", "anti", "well", "long", "short", "medium", "cross",
                "multi", "inter", "intra", "so", "ex", "de", "semi", "counter", "cease", "large", "small",
                "full", "high", "low", "mid", "sub", "state", "war", "peace", "decision", "policy", "rights",
                "human", "low-", "middle", "follow", "top", "cost", "time", "first", "second", "third"}
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


@dataclass
class Block:
    """A heading, list item or paragraph, as the brief's reader sees it."""

    kind: str  # "heading", "item" or "paragraph"
    text: str
    number: int = 0  # paragraph number (headings not counted), 1-based
    page: int | None = None  # PDF page, 1-based
    level: int = 1  # heading level (1 = highest) or list depth
    label: str = ""  # the item's marker as printed: "3.", "(a)"

    @property
    def location(self) -> str:
        return f"p. {self.page}" if self.page else f"¶ {self.number}"


@dataclass
class Document:
    """What was read: blocks in order, and what the file says of itself."""

    kind: str
    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    published: str | None = None
    pages: int | None = None


Progress = Callable[[int, str], object]  # (total, label) -> context manager giving tick(n) or None


def read(source: str, kind: str | None = None, progress: Progress | None = None,
         stdin: object = None) -> Document:
    """Read `source` (a path, or `-` for standard input) as `kind`
    (text, md, html, pdf; default: from the name, else the content)."""
    if kind is not None and kind not in KINDS:
        raise UsageError(f"unknown input format {kind!r}; choose from: {', '.join(KINDS)}")
    data = _read_bytes(source, stdin)
    name = "standard input" if source == "-" else source
    kind = kind or _kind_of(source, data)
    if kind == "pdf":
        document = from_pdf(data, name, progress)
    else:
        text = decode(data, name, html=kind == "html")
        document = {"text": from_text, "md": from_markdown, "html": from_html}[kind](text)
    _number(document)
    if not any(b.text for b in document.blocks):
        raise RecsError(f"{name} has no text to read")
    return document


def _read_bytes(source: str, stdin) -> bytes:
    from recs.imports.files import read_input, read_stream

    if source == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        return read_stream(stream, "standard input", "brief")
    if not source.strip():
        raise UsageError("give the brief's file name, or - for standard input")
    path = Path(source)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise RecsError(f"no such file: {source}") from None
    except OSError as exc:
        raise RecsError(f"cannot read {source}: {exc.strerror}") from None
    if stat.S_ISDIR(mode):
        raise RecsError(f"{source} is a directory, not a brief")
    if not stat.S_ISREG(mode):
        raise RecsError(f"{source} is not a regular file (to read a pipe, give - and pipe it to standard input)")
    return read_input(path, "brief")


def _kind_of(source: str, data: bytes) -> str:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%pdf-"):
        return "pdf"
    by_name = _SUFFIXES.get(Path(source).suffix.lower()) if source != "-" else None
    if by_name == "pdf":
        raise RecsError(f"{source} is not a readable PDF (it does not start with %PDF-)")
    if by_name:
        return by_name
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or re.search(rb"<(body|p|div|h1|article)[\s>]", head):
        return "html"
    if re.search(rb"(?m)^(#{1,6} |\s*[-*+] |\s*\d+\. )|\*\*\w|\]\(", data[:20000]):
        return "md"
    return "text"


def decode(data: bytes, name: str, html: bool = False) -> str:
    """Bytes as text: UTF-8 (with or without a BOM), else a charset the HTML
    declares, else Windows-1252; binary files are refused."""
    if b"\x00" in data[:4096]:
        hint = " (a Word or ZIP file?)" if data.startswith(b"PK") else ""
        raise RecsError(f"{name} is not text, Markdown, HTML or PDF: it looks binary{hint}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if html:
        declared = re.search(rb"charset=[\"']?([\w-]+)", data[:4096], re.I)
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
    return data.decode("cp1252", "replace")


def clean(text: str) -> str:
    """One line of text: spaces collapsed, soft hyphens and zero-widths dropped."""
    text = text.replace("\u00ad", "").replace("\u200b", "").replace("\ufeff", "")
    return _SPACES.sub(" ", text.replace("\n", " ").replace("\r", " ")).strip()


def _number(document: Document) -> None:
    number = 0
    kept = []
    for block in document.blocks:
        block.text = clean(block.text)
        if not block.text:
            continue
        if block.kind != "heading":
            number += 1
        block.number = max(number, 1)
        kept.append(block)
    document.blocks = kept
    if document.title is None:
        heading = next((b for b in kept[:3] if b.kind == "heading"), None)
        document.title = heading.text if heading else None
    if document.published is None:
        for block in kept[:4]:
            found = when.first_date(block.text)
            if found:
                document.published = found
                break


# -- plain text and the lines of a PDF page ---------------------------------------------
def from_text(text: str) -> Document:
    """Plain text: blank lines part paragraphs; a file without them has a paragraph a line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return Document("text", blocks_from_lines(lines))


def looks_like_heading(line: str) -> bool:
    """A short line in title case, or a question, standing on its own."""
    s = line.strip()
    words = s.split()
    if not words or len(s) > 100 or len(words) > 14:
        return False
    if not (s[0].isupper() or s[0].isdigit()):
        return False
    if s[-1] in ".,;" or (s[-1] == ":" and len(words) > 4):
        return False
    if s.endswith("?") or s.isupper() or len(words) <= 3:
        return True
    long_words = [w for w in words if len(w) > 3 and w[0].isalpha()]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) / len(long_words) >= 0.6


def join_lines(first: str, second: str) -> str:
    """Two lines of one paragraph; a word hyphenated at the break re-joined."""
    if first.endswith("\u00ad"):
        return first[:-1] + second
    if first.endswith("-") and len(first) > 1 and first[-2].isalpha() and second[:1].islower():
        part = re.search(r"([\w-]+)-$", first)
        if part and part.group(1).split("-")[-1].lower() in _KEEP_HYPHEN:
            return first + second
        return first[:-1] + second
    return first + " " + second


def blocks_from_lines(lines: list[str], page: int | None = None, width: int | None = None) -> list[Block]:
    """Lines to blocks. Lines longer than a printed line (unwrapped prose) are
    each a paragraph; shorter ones join up to a line that ends a sentence well
    short of the others, a blank line, a bullet or a heading."""
    stripped = [line.strip() for line in lines]
    wrapped_width = width or max((len(s) for s in stripped), default=0)
    unwrapped = width is None and wrapped_width > 160
    blocks: list[Block] = []
    current: list[str] = []
    kind, label = "paragraph", ""
    pending_item = ""  # the marker of an item whose text is on the next line

    def flush():
        nonlocal current, kind, label
        if current:
            text = current[0]
            for line in current[1:]:
                text = join_lines(text, line)
            blocks.append(Block(kind, text, page=page, label=label))
        current, kind, label = [], "paragraph", ""

    for i, line in enumerate(stripped):
        if not line:
            flush()
            continue
        after = next((s for s in stripped[i + 1:] if s), "")
        if pending_item:  # the text of a marker that stood alone on the line before
            current, kind, label, pending_item = [line], "item", pending_item, ""
            if unwrapped:
                flush()
            continue
        if LONE_BULLET.match(line) and after and not LONE_BULLET.match(after):
            flush()
            pending_item = line
            continue
        bullet = BULLET.match(line)
        if bullet:
            flush()
            kind, label = "item", bullet.group().strip()
            current = [line[bullet.end():]]
            if unwrapped:
                flush()
            continue
        short = current and len(current[-1]) < 0.8 * wrapped_width
        starts_para = not current or unwrapped or (
            short and (_SENTENCE_END.search(current[-1]) or line[:1].isupper() or line[:1].isdigit()))
        after_sentence = not current or bool(_SENTENCE_END.search(current[-1]))
        if current and after_sentence and BULLET.match(after) and len(line) < 0.8 * wrapped_width:
            # a short line between a finished sentence and a list is the list's lead-in
            # ("Recommendations to the Ministry of Health", "To donors:"), not more of the paragraph
            flush()
            starts_para = True
        if (starts_para or after_sentence) and looks_like_heading(line) and (after or i == 0 or page) \
                and (unwrapped or line.isupper() or len(line) < (0.8 if starts_para else 0.6) * wrapped_width) \
                and (starts_para or after[:1].isupper() or after[:1].isdigit()):
            flush()
            blocks.append(Block("heading", line, page=page))
            continue
        if starts_para and current:
            flush()
        current.append(line)
        if unwrapped:
            flush()
    flush()
    return blocks


# -- Markdown -------------------------------------------------------------------------
def from_markdown(text: str) -> Document:
    """Markdown through markdown-it-py: headings, list items, paragraphs;
    emphasis and links kept as their text, code and raw HTML dropped."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    blocks: list[Block] = []
    in_item: list[bool | str] = []
    item_label: list[str] = []
    depth, heading_level = 0, 0
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "list_item_open":
            in_item.append(True)
            item_label.append(f"{token.info}{token.markup}" if token.info else "")
        elif token.type == "list_item_close":
            in_item.pop()
            item_label.pop()
        elif token.type == "heading_open":
            heading_level = int(token.tag[1])
        elif token.type == "paragraph_open" and in_item and in_item[-1]:
            in_item[-1] = "first"
        elif token.type == "inline":
            words = _inline_text(token)
            if heading_level:
                blocks.append(Block("heading", words, level=heading_level))
                heading_level = 0
            elif in_item and in_item[-1] == "first":
                blocks.append(Block("item", words, level=depth, label=item_label[-1]))
                in_item[-1] = False  # later paragraphs of the item are paragraphs
            else:
                blocks.append(Block("paragraph", words))
    return Document("md", blocks)


def _inline_text(token) -> str:
    parts = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


# -- HTML -----------------------------------------------------------------------------
_SKIP = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button",
         "svg", "iframe", "select", "head", "menu", "dialog"}
_BLOCKS = {"p", "li", "dt", "dd", "blockquote", "td", "th", "caption", "figcaption", "pre", "div",
           "section", "article", "main", "ul", "ol", "dl", "table", "tbody", "thead", "tr", "figure",
           "h1", "h2", "h3", "h4", "h5", "h6", "address", "details", "summary", "center"} | _SKIP
_HEADINGS = {f"h{n}": n for n in range(1, 7)}


def from_html(text: str) -> Document:
    """An HTML page through selectolax: the article (`<main>`, `<article>`, else
    `<body>`) without navigation, scripts and forms, as blocks."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(text)
    meta: dict[str, str | None] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if key and attrs.get("content"):
            meta.setdefault(key, attrs["content"])
    title_node = tree.css_first("title")
    title = meta.get("og:title") or meta.get("citation_title") or (title_node.text() if title_node else None)
    published = None
    for key in ("article:published_time", "citation_publication_date", "dc.date", "date", "datepublished",
                "pubdate", "citation_date"):
        if meta.get(key):
            published = when.first_date(meta[key].replace("/", "-")[:10]) or when.first_date(meta[key])
            if published:
                break
    root = tree.css_first("main") or tree.css_first("article") or tree.body or tree.root
    blocks: list[Block] = []
    _walk(root, blocks, 0)
    document = Document("html", blocks, title=clean(title) if title else None, published=published)
    return document


def _walk(node, blocks: list[Block], depth: int) -> None:
    for child in node.iter(include_text=False):
        tag = child.tag
        if tag in _SKIP or (child.attributes.get("hidden") is not None) or \
                child.attributes.get("aria-hidden") == "true":
            continue
        if tag in _BLOCKS:
            words = _inline(child)
            if words.strip():
                if tag in _HEADINGS:
                    blocks.append(Block("heading", words, level=_HEADINGS[tag]))
                elif tag == "li":
                    blocks.append(Block("item", words, level=depth + 1))
                else:
                    blocks.append(Block("paragraph", words))
            _walk(child, blocks, depth + (tag in ("ul", "ol")))
        else:
            _walk(child, blocks, depth)


def _inline(node) -> str:
    """A block's own text: its text and inline elements, not its child blocks."""
    parts = []
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            parts.append(child.text_content or "")
        elif tag == "br":
            parts.append(" ")
        elif tag in _BLOCKS or tag == "img":
            continue
        else:
            parts.append(_inline(child))
    return "".join(parts)


# -- PDF ------------------------------------------------------------------------------
def from_pdf(data: bytes, name: str, progress: Progress | None = None) -> Document:
    """A PDF's text through pypdf, page by page; running headers, footers and
    page numbers dropped; paragraphs re-joined, also across a page break."""
    import io
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are not ours to print
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise RecsError(f"{name} is an encrypted PDF; save a copy without a password first")
        pages = list(reader.pages)
    except RecsError:
        raise
    except Exception as exc:  # pypdf raises many kinds on a broken file
        raise RecsError(f"{name} is not a readable PDF ({_reason(exc)})") from None
    texts: list[str] = []
    bar: Any = progress(len(pages), "Reading pages") if progress else _NoProgress()
    with bar as tick:
        for page in pages:
            try:
                texts.append(page.extract_text() or "")
            except Exception as exc:
                raise RecsError(f"{name}: page {len(texts) + 1} cannot be read ({_reason(exc)})") from None
            if tick:
                tick(1)
    page_lines = _drop_running_lines([t.replace("\r\n", "\n").split("\n") for t in texts])
    page_lines = [[s for s in lines if not NAVIGATION.match(s.strip())] for lines in page_lines]
    lengths = sorted(len(s.strip()) for lines in page_lines for s in lines if s.strip())
    if not lengths:
        raise RecsError(f"{name} has no text layer (a scanned PDF?); recs extract reads text, not images")
    width = lengths[int(len(lengths) * 0.9)] if lengths else 80
    blocks: list[Block] = []
    for number, lines in enumerate(page_lines, 1):
        page_blocks = blocks_from_lines(lines, page=number, width=max(width, 20))
        if blocks and page_blocks and _continues(blocks[-1], page_blocks[0]):
            blocks[-1].text = join_lines(blocks[-1].text, page_blocks.pop(0).text)
        blocks.extend(page_blocks)
    info: dict = {}
    try:
        info = reader.metadata or {}
    except Exception:
        pass
    title = info.get("/Title") if isinstance(info.get("/Title"), str) else None
    return Document("pdf", blocks, title=clean(title) if title and title.strip() else None, pages=len(pages))


class _NoProgress:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return None


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def _continues(last: Block, first: Block) -> bool:
    """A paragraph cut by a page break: it ends without a full stop, and the next page goes on."""
    return (last.kind != "heading" and first.kind == "paragraph" and not _SENTENCE_END.search(last.text)
            and not looks_like_heading(first.text))


_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–—(]?\s*\d{1,4}\s*[-–—)]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)


def _drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Lines repeated at the top or bottom of most pages, and page numbers."""
    edges: Counter[str] = Counter()
    for lines in pages:
        kept = [s.strip() for s in lines if s.strip()]
        for s in set(kept[:2] + kept[-2:]):
            edges[_DIGITS.sub("#", s)] += 1
    lengths = sorted(len(s.strip()) for lines in pages for s in lines if s.strip())
    width = lengths[int(len(lengths) * 0.9)] if lengths else 0
    # a header or footer is shorter than the lines of the text (which may repeat too)
    running = {s for s, n in edges.items() if len(pages) >= 2 and n >= max(2, len(pages) // 2)
               and len(s) < 0.8 * width}
    out = []
    for lines in pages:
        kept = [s for s in lines if not (s.strip() and (_DIGITS.sub("#", s.strip()) in running
                                                          or _PAGE_NUMBER.match(s.strip())))]
        out.append(kept)
    return out
