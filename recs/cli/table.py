"""Tables on a terminal, written line by line as the rows come.

rich's `Table` lays out every row before printing the first (25 s for a
list of 42,000 recommendations); this renderer measures the header and a
bounded sample of rows, fixes the column widths from them and the
terminal's width, and streams every row as one or more lines: its cost
grows with the rows shown. It looks as rich's tables did (three spaces
between columns, a bold header over a rule, the same colours, titles and
captions centred over the table); a cell too wide is cut with `…`, or
wrapped onto more lines in a `wrap` column. Widths are in terminal cells
(`rich.cells`), so wide and combining characters line up. Colour is only
colour: without it (`NO_COLOR`) every line is laid out the same.
"""

import os
import re
import sys
from collections.abc import Callable, Iterable
from itertools import chain, islice
from typing import Any, NamedTuple, TextIO

from recs.core.escapes import show_hidden

#: Rows measured before the first line is printed; later rows fit those widths.
SAMPLE = 200
GAP = "   "  # what rich's SIMPLE_HEAD box puts between two columns


class Column(NamedTuple):
    """One column: its header, the style of its cells (a rich style name) and how
    a cell too wide is shown."""

    header: str
    style: str = ""
    flex: bool = False  # takes the room the others leave; cut (or wrapped) when too wide
    wrap: bool = False  # a cell too wide goes on more lines instead of being cut
    least: int = 0  # the widest cell there may be, when known: rows past the sample fit


#: A cell is its text, or (text, style) for a style of its own (a status's colour).
Cell = Any


def terminal_width() -> int:
    """The terminal's width in cells (`COLUMNS` first, as rich and `ls` do)."""
    import shutil

    return max(shutil.get_terminal_size((80, 24)).columns, 10)


class Painter:
    """Wraps text in the ANSI codes of a rich style: without its colours when
    `colour` is off (bold stays bold), and not at all when `styles` is."""

    def __init__(self, colour: bool = True, styles: bool = True):
        self.colour, self.styles = colour, styles
        self.codes: dict[str, tuple[str, str]] = {}

    def __call__(self, text: str, style: str) -> str:
        if not style or not self.styles or not text:
            return text
        codes = self.codes.get(style)
        if codes is None:
            from rich.color import ColorSystem
            from rich.style import Style

            parsed = Style.parse(style) if self.colour else Style.parse(style).without_color
            # named colours have the same codes in every colour system
            before, _, after = parsed.render("\0", color_system=ColorSystem.STANDARD).partition("\0")
            codes = self.codes[style] = (before, after)
        return codes[0] + text + codes[1]


def painter() -> Painter:
    """Styles as the terminal takes them: no colour with `NO_COLOR` (no-color.org),
    no styles at all on a dumb terminal."""
    return Painter(colour=not os.environ.get("NO_COLOR"), styles=os.environ.get("TERM") != "dumb")


#: Text of characters one cell wide each (Latin, Greek, Cyrillic, typographic
#: punctuation): measured by its length, without asking `rich.cells`.
NARROW = re.compile("[\x20-\x7e\xa0-\u02ff\u0370-\u0482\u048a-\u052f\u2010-\u2027\u2030-\u205e]*")


def cells(text: str) -> int:
    """The width of `text` on a terminal."""
    if text.isascii() or NARROW.fullmatch(text):
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def cut(text: str, width: int, more: str) -> str:
    """`text` in at most `width` cells, ending with `more` (…) when cut."""
    if text.isascii() or NARROW.fullmatch(text):
        return text if len(text) <= width else text[:max(width - len(more), 0)] + more[:width]
    head = text[:2 * width + 2]  # enough to tell, unless zero-width characters abound
    while cells(head) <= width and len(head) < len(text):
        head = text[:2 * len(head)]
    if head == text and cells(text) <= width:
        return text
    if width <= len(more):
        return more[:width]
    from rich.cells import set_cell_size

    return set_cell_size(head, width - len(more)).rstrip() + more


def wrap(text: str, width: int) -> list[str]:
    """`text` as lines of at most `width` cells, broken between words where it can."""
    if cells(text) <= width:
        return [text]
    from rich.cells import chop_cells

    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if cells(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        if cells(word) <= width:
            line = word
        else:  # a word longer than the column: in pieces
            *whole, line = chop_cells(word, width)
            lines += whole
    lines.append(line)
    return lines


def fit(natural: list[int], columns: list[Column], width: int, gap: int = len(GAP)) -> list[int]:
    """Column widths within `width` cells: every column as wide as its widest
    cell if they fit; otherwise the `flex` columns share what the others leave
    (`share`, or `level` when they wrap); on a terminal too narrow for that, every column gets an equal
    share at most (as rich does)."""
    room = width - gap * (len(natural) - 1)
    if sum(natural) <= room:
        return natural
    flex = [i for i, c in enumerate(columns) if c.flex]
    left = room - sum(w for i, w in enumerate(natural) if i not in flex)
    if not flex or left < 8 * len(flex):
        return level(natural, max(room, len(natural)))
    widths = list(natural)
    # wrapped columns keep all their text: equal widths keep the rows short
    spread = level if all(columns[i].wrap for i in flex) else share
    for i, w in zip(flex, spread([natural[i] for i in flex], left)):
        widths[i] = w
    return widths


def share(natural: list[int], room: int) -> list[int]:
    """`room` cells shared out: a column narrower than an equal share keeps its
    width, the wider ones split what is left in proportion to their content."""
    widths = list(natural)
    left, open_ = room, sorted(range(len(natural)), key=lambda i: natural[i])
    while open_ and natural[open_[0]] <= left // len(open_):
        left -= natural[open_.pop(0)]
    wanted = sum(natural[i] for i in open_)
    for i in open_:
        widths[i] = max(1, natural[i] * left // wanted)
    spare = left - sum(widths[i] for i in open_)
    for i in sorted(open_, key=lambda i: natural[i] - widths[i], reverse=True)[:max(spare, 0)]:
        widths[i] += 1  # what rounding down left
    return widths


def level(natural: list[int], room: int) -> list[int]:
    """The widest columns cut down to one width, so that all fit in `room`."""
    widths = list(natural)
    left, open_ = room, sorted(range(len(natural)), key=lambda i: natural[i])
    while open_:
        cap = left // len(open_)
        if natural[open_[0]] > cap:
            for k, i in enumerate(open_):
                widths[i] = max(1, cap + (1 if k >= len(open_) - left % len(open_) else 0))
            break
        left -= natural[open_.pop(0)]
    return widths


class Table:
    """`Table(columns).print(rows)`: the header, then each row as it comes."""

    def __init__(self, columns: Iterable[Column], *, title: str | None = None, width: int | None = None,
                 paint: Painter | None = None, out: TextIO | None = None, sample: int = SAMPLE,
                 header: bool = True, gap: str = GAP):
        self.columns = list(columns)
        self.show_header, self.gap = header, gap
        self.title = title
        self.width = width or terminal_width()
        self.out = out or sys.stdout
        self.paint = paint or painter()
        self.sample = sample
        utf = (getattr(self.out, "encoding", None) or "utf-8").lower().startswith("utf")
        self.more, self.rule = ("…", "─") if utf else ("...", "-")
        self.widths: list[int] = []

    def print(self, rows: Iterable[Iterable[Cell]], caption: str | Callable[[], str] | None = None) -> int:
        """Prints the table (the caption, or what `caption()` says once every row is
        printed, under it); returns the number of rows."""
        stream = iter(rows)
        first = [list(map(split, row)) for row in islice(stream, self.sample)]
        after = next(stream, None)  # rows past the sample: widths known beforehand (`least`) count
        if after is not None:
            stream = chain([after], stream)
        self.widths = fit(self.measure(first, whole=after is None), self.columns, self.width, len(self.gap))
        lines = [self.centred(self.title)] if self.title else []
        if self.show_header:
            lines += self.header()
        count = 0
        for row in chain(first, (list(map(split, row)) for row in stream)):
            lines += self.lines(row)
            count += 1
            if len(lines) >= 256 or count == len(first):
                self.emit(lines)
                lines = []
        text = caption() if callable(caption) else caption
        if text:
            lines.append(self.centred(text))
        self.emit(lines)
        return count

    def measure(self, rows: list[list[tuple[str, str]]], whole: bool) -> list[int]:
        """Each column's widest cell among `rows` (and its `least`, unless `rows` are all there is)."""
        natural = [max(cells(c.header) if self.show_header else 0, 0 if whole else c.least) for c in self.columns]
        for row in rows:
            for i, (text, _) in enumerate(row):
                for line in text.split("\n"):
                    natural[i] = max(natural[i], cells(line))
        return natural

    def header(self) -> list[str]:
        heads = [(cut(c.header, w, self.more), "bold") for c, w in zip(self.columns, self.widths)]
        return [self.join(heads), self.rule * min(self.total(), self.width)]

    def total(self) -> int:
        """The table's width: its columns and the gaps between them."""
        return sum(self.widths) + len(self.gap) * (len(self.widths) - 1)

    def lines(self, row: list[tuple[str, str]]) -> list[str]:
        """A row as the lines it takes: one, unless a `wrap` column wraps."""
        if not any(column.wrap for column in self.columns):
            return [self.line(row)]
        parts: list[list[tuple[str, str]]] = []
        for column, width, (text, style) in zip(self.columns, self.widths, row):
            style = style or column.style
            if column.wrap and ("\n" in text or cells(text) > width):
                parts.append([(piece, style) for part in text.split("\n") for piece in wrap(part, width)])
            else:
                parts.append([(cut(text.replace("\n", " ") if "\n" in text else text, width, self.more), style)])
        height = max(map(len, parts), default=1)
        if height == 1:
            return [self.join([p[0] for p in parts])]
        return [self.join([p[k] if k < len(p) else ("", "") for p in parts]) for k in range(height)]

    def line(self, row: list[tuple[str, str]]) -> str:
        """A row whose cells are cut to their columns: `lines` and `join` in one pass."""
        parts, more, paint = [], self.more, self.paint
        for column, width, (text, style) in zip(self.columns, self.widths, row):
            if "\n" in text:
                text = text.replace("\n", " ")
            if text.isascii() or NARROW.fullmatch(text):
                size = len(text)
                if size > width:
                    text, size = cut(text, width, more), width
            else:
                text = cut(text, width, more)
                size = cells(text)
            parts.append(paint(text, style or column.style) + " " * (width - size))
        return self.gap.join(parts).rstrip(" ")

    def join(self, row: list[tuple[str, str]]) -> str:
        paint = self.paint
        return self.gap.join([paint(text, style) + " " * (width - cells(text))
                              for (text, style), width in zip(row, self.widths)]).rstrip(" ")

    def centred(self, text: str) -> str:
        text = cut(show_hidden(text).replace("\n", " "), self.width, self.more)
        return " " * max((min(self.total(), self.width) - cells(text)) // 2, 0) + text

    def emit(self, lines: list[str]) -> None:
        if lines:
            self.out.write("\n".join(lines) + "\n")
            self.out.flush()


def split(cell: Cell) -> tuple[str, str]:
    """A cell as (text made inert, its own style)."""
    text, style = cell if isinstance(cell, tuple) else (cell, "")
    text = "" if text is None else str(text)
    if not text.isprintable():
        text = show_hidden(text.replace("\t", " "))
    return text, style
