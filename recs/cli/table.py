"""Tables on a terminal, written line by line as the rows come.

rich's `Table` lays out every row before printing the first (25 s for a
list of 42,000 recommendations); this renderer measures the header and a
bounded sample of rows, fixes the column widths from them and the
terminal's width, and streams every row as one or more lines: its cost
grows with the rows shown. It looks as rich's tables did (three spaces
between columns, a bold header over a rule, the same colours, titles and
captions centred over the table); a cell too wide is cut with `…`, or
wrapped onto more lines in a `wrap` column (ids, dates, statuses and
numbers are never cut); an `under` column (history's note) goes under
its row when the wrapping columns' longest words do not fit side by side,
so that no word is split. Widths are in terminal cells (`rich.cells`), so
wide and combining characters line up. With `NO_COLOR` a table is plain
text (no colour, no bold, an ASCII rule) laid out the same.
"""

from __future__ import annotations

import os
import re
import sys
from collections import namedtuple
from collections.abc import Callable, Iterable
from itertools import chain, islice

from recs.core.escapes import show_hidden

TYPE_CHECKING = False  # (typing is for the type checker: its import is ~5 ms of a report)
if TYPE_CHECKING:
    from typing import TextIO

#: Rows measured before the first line is printed; later rows fit those widths.
SAMPLE = 200
GAP = "   "  # what rich's SIMPLE_HEAD box puts between two columns


class Column(namedtuple("Column", "header style flex wrap least right under",
                        defaults=("", False, False, 0, False, False))):
    """One column (`collections.namedtuple`: `typing.NamedTuple` would cost a list
    its import of typing, ~5 ms):
    - `header`; `style`: of its cells (a rich style name);
    - `flex`: takes the room the others leave; cut (or wrapped) when too wide;
    - `wrap`: a cell too wide goes on more lines instead of being cut;
    - `least`: the widest cell there may be, when known: rows past the sample fit;
    - `right`: numbers, against the column's right edge;
    - `under`: when the wrapping columns' words do not fit side by side, under its row."""

    __slots__ = ()


#: A cell is its text, or (text, style) for a style of its own (a status's colour).
Cell = object


def terminal_width() -> int:
    """The terminal's width in cells: `COLUMNS` first, as rich and `ls` do, then the
    terminal's own, else 80 (`shutil.get_terminal_size`'s rule, without the import of
    shutil, which brings bz2 and lzma: ~2 ms of every table)."""
    try:
        width = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        width = 0
    if width <= 0:
        try:
            width = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            width = 0
    return max(width or 80, 10)


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
            codes = self.codes[style] = self.known(style) or rich_codes(style, self.colour)
        return codes[0] + text + codes[1]

    def known(self, style: str) -> tuple[str, str] | None:
        """The codes of one of recs's own styles (`KNOWN`), without asking rich."""
        start = KNOWN.get(style)
        if start is None:
            return None
        return ("", "") if style in COLOURS and not self.colour else (start, "\x1b[0m")


#: What rich renders for the styles recs's tables use, so that drawing them needs
#: no `rich.style` (its import is some 30 modules); tests/cli/test_table_render.py
#: checks each against rich. Any other style is asked of rich.
KNOWN = {"bold": "\x1b[1m", "italic": "\x1b[3m", "bright_black": "\x1b[90m", "yellow": "\x1b[33m",
         "cyan": "\x1b[36m", "green": "\x1b[32m", "red": "\x1b[31m"}
COLOURS = {"bright_black", "yellow", "cyan", "green", "red"}


def rich_codes(style: str, colour: bool = True) -> tuple[str, str]:
    """The ANSI codes before and after text in `style`, as rich renders them."""
    from rich.color import ColorSystem
    from rich.style import Style

    parsed = Style.parse(style) if colour else Style.parse(style).without_color
    # named colours have the same codes in every colour system
    before, _, after = parsed.render("\0", color_system=ColorSystem.STANDARD).partition("\0")
    return before, after


def no_color() -> bool:
    """True when `NO_COLOR` is set (no-color.org): tables are then plain text."""
    return bool(os.environ.get("NO_COLOR"))


def painter() -> Painter:
    """Styles as the terminal takes them: none with `NO_COLOR` (neither colour nor
    bold: the SPEC's plain text, laid out the same) or on a dumb terminal."""
    return Painter(styles=os.environ.get("TERM") != "dumb" and not no_color())


#: Text of characters one cell wide each (Latin, Greek, Cyrillic, typographic
#: punctuation, box drawing and blocks: the rules and the report's bar): measured by
#: its length, without asking `rich.cells` (tests/cli/test_table_render.py checks each).
NARROW = re.compile("[\x20-\x7e\xa0-\u02ff\u0370-\u0482\u048a-\u052f\u2010-\u2027\u2030-\u205e"
                    "\u2500-\u259f]*")


def narrow(text: str) -> bool:
    """True when every character of `text` is one cell wide: its width is its length."""
    return text.isascii() or NARROW.fullmatch(text) is not None


def cells(text: str) -> int:
    """The width of `text` on a terminal."""
    if narrow(text):
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def cut(text: str, width: int, more: str) -> str:
    """`text` in at most `width` cells, ending with `more` (…) when cut."""
    if narrow(text):
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


def wrap(text: str, width: int, is_narrow: bool | None = None) -> list[str]:
    """`text` as lines of at most `width` cells, broken between words where it can
    (`is_narrow`: what `narrow(text)` says, when the caller knows it)."""
    if is_narrow is None:
        is_narrow = narrow(text)
    measure = len if is_narrow else cells
    if measure(text) <= width:
        return [text]
    if is_narrow and "  " not in text and text[0] != " " and text[-1] != " ":
        return wrap_spaced(text, width)
    return wrap_words(text, width, measure)


def wrap_words(text: str, width: int, measure: Callable[[str], int] = cells) -> list[str]:
    """`wrap`, word by word: any text (wide or zero-width characters, runs of spaces)."""
    lines: list[str] = []
    line, size = "", 0  # the line so far, and its width (widths add up: each character has its own)
    for word in text.split(" "):
        wide = measure(word)
        if line and size + 1 + wide <= width:
            line, size = f"{line} {word}", size + 1 + wide
            continue
        if not line and wide <= width:
            line, size = word, wide
            continue
        if line:
            lines.append(line)
        if wide <= width:
            line, size = word, wide
        else:  # a word longer than the column: in pieces
            from rich.cells import chop_cells

            *whole, line = chop_cells(word, width)
            lines += whole
            size = cells(line)
    lines.append(line)
    return lines


def wrap_spaced(text: str, width: int) -> list[str]:
    """`wrap` for the common case, quicker: text of one-cell characters whose words
    are one space apart. Each line ends at the last space that fits, as `wrap`'s
    word-by-word loop would end it."""
    lines = []
    while len(text) > width:
        end = text.rfind(" ", 0, width + 1)
        if end > 0:
            lines.append(text[:end])
            text = text[end + 1:]
        else:  # its first word is longer than the column: in pieces
            from rich.cells import chop_cells

            word, space, rest = text.partition(" ")
            *whole, last = chop_cells(word, width)
            lines += whole
            text = last + space + rest
    lines.append(text)
    return lines


def fit(natural: list[int], columns: list[Column], width: int, gap: int = len(GAP),
        least: list[int] | None = None) -> list[int]:
    """Column widths within `width` cells: every column as wide as its widest
    cell if they fit; otherwise the other columns keep their width (ids, dates,
    statuses, numbers are never cut) and the `flex` columns share what they
    leave: each keeps its `least` (its longest word when it wraps, a dozen
    cells when it is cut), and the widest are cut down to one width above that,
    so one long title does not squeeze the actors. On a terminal too narrow even
    for that, every column gets an equal share at most (as rich does)."""
    room = width - gap * (len(natural) - 1)
    if sum(natural) <= room:
        return natural
    flex = [i for i, c in enumerate(columns) if c.flex]
    left = room - sum(w for i, w in enumerate(natural) if i not in flex)
    if not flex or left < 4 * len(flex):
        return level(natural, max(room, len(natural)))
    floors = [min(natural[i], (least or [12] * len(natural))[i]) for i in flex]
    widths = list(natural)
    if sum(floors) >= left:  # not room for every floor: the floors cut down to one width
        shares = level(floors, left)
    else:
        shares = [f + extra for f, extra in zip(floors, level([natural[i] - f for i, f in zip(flex, floors)],
                                                               left - sum(floors)))]
    for i, w in zip(flex, shares):
        widths[i] = max(1, w)
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
        if no_color():
            self.rule = "-"  # no box-drawing either (SPEC, "Output rules"): the same width
        self.widths: list[int] = []
        self.cuts: list[bool] = []
        self.blanks: list[str] = []
        under = [c.header for c in self.columns if c.under]
        self.under_label = f"{under[0]}: " if under and under[0] else ""

    def print(self, rows: Iterable[Iterable[Cell]], caption: str | Callable[[], str] | None = None) -> int:
        """Prints the table (the caption, or what `caption()` says once every row is
        printed, under it); returns the number of rows."""
        stream = iter(rows)
        first = [list(map(split, row)) for row in islice(stream, self.sample)]
        after = next(stream, None)  # rows past the sample: widths known beforehand (`least`) count
        if after is not None:
            stream = chain([after], stream)
        natural, floors = self.measure(first, whole=after is None)
        under = self.put_under(natural, floors)
        if under is not None:
            self.columns = [c for i, c in enumerate(self.columns) if i != under]
            del natural[under], floors[under]
        self.widths = fit(natural, self.columns, self.width, len(self.gap), floors)
        # a cell wider than its column is cut only in a flex column that does not wrap;
        # elsewhere (a row past the sample) it goes on more lines: nothing is lost
        self.cuts = [c.flex and not c.wrap for c in self.columns]
        self.blanks = [" " * w for w in self.widths]  # a cell's place on a line where it has nothing
        lines = [self.centred(self.title)] if self.title else []
        if self.show_header:
            lines += self.header()
        count = 0
        for row in chain(first, (list(map(split, row)) for row in stream)):
            if under is None:
                lines += self.lines(row)
            else:
                below = row.pop(under)
                lines += self.lines(row) + self.below(below)
            count += 1
            if len(lines) >= 256 or count == len(first):
                self.emit(lines)
                lines = []
        text = caption() if callable(caption) else caption
        if text:
            lines.append(self.centred(text))
        self.emit(lines)
        return count

    def put_under(self, natural: list[int], floors: list[int]) -> int | None:
        """The `under` column to print under each row, when the wrapping columns'
        longest words (`floors`) do not fit side by side with it; else None."""
        under = next((i for i, c in enumerate(self.columns) if c.under), None)
        if under is None:
            return None
        room = self.width - len(self.gap) * (len(natural) - 1)
        need = sum(min(n, f) if c.flex else n for c, n, f in zip(self.columns, natural, floors))
        return under if need > room else None

    def below(self, cell: tuple[str, str]) -> list[str]:
        """An `under` cell as lines under its row, from the second column on:
        `Note: …`, wrapped between words at the table's width."""
        text, style = cell
        if not text:
            return []
        indent = self.widths[0] + len(self.gap) if len(self.widths) > 1 else 0
        width = max(min(self.total(), self.width) - indent, 10)
        label = self.under_label
        lines = [piece for part in f"{label}{text}".split("\n") for piece in wrap(part, width)]
        return [" " * indent + self.paint(line, style) for line in lines]

    def measure(self, rows: list[list[tuple[str, str]]], whole: bool) -> tuple[list[int], list[int]]:
        """Each column's widest cell among `rows` (and its `least` when some cell
        of it is filled, unless `rows` are all there is), and the least width a
        flex column keeps: its longest word when it wraps (20 at most), else 12."""
        columns = self.columns
        natural = [max(map(cells, c.header.split("\n"))) if self.show_header else 0 for c in columns]
        words = [max(map(cells, c.header.split())) if c.wrap and self.show_header and c.header.strip() else 0
                 for c in columns]  # (a header's words are kept whole too)
        filled = [False] * len(columns)
        wraps = [c.wrap for c in columns]
        for row in rows:
            for i, (text, _) in enumerate(row):
                if not text:
                    continue
                filled[i] = True
                measure = len if text.isascii() or NARROW.fullmatch(text) is not None else cells  # (`narrow`)
                for line in text.split("\n") if "\n" in text else (text,):
                    size = measure(line)
                    if size > natural[i]:
                        natural[i] = size
                    if wraps[i] and size > words[i]:
                        words[i] = max(words[i], max(map(measure, line.split(" "))))
        if not whole:
            natural = [max(n, c.least if f else 0) for n, c, f in zip(natural, columns, filled)]
        floors = [min(max(w, 8), 20) if c.wrap else 12 for c, w in zip(columns, words)]
        return natural, floors

    def header(self) -> list[str]:
        parts = [[(cut(h, w, self.more), "bold") for h in c.header.split("\n")]
                 for c, w in zip(self.columns, self.widths)]
        height = max(map(len, parts))
        heads = [self.join([p[k - height + len(p)] if k >= height - len(p) else ("", "") for p in parts])
                 for k in range(height)]  # a header of two lines sits on the rule
        return heads + [self.rule * min(self.total(), self.width)]

    def total(self) -> int:
        """The table's width: its columns and the gaps between them."""
        return sum(self.widths) + len(self.gap) * (len(self.widths) - 1)

    def lines(self, row: list[tuple[str, str]]) -> list[str]:
        """A row as the lines it takes: one, unless a cell goes on more."""
        first, tall = self.fitted(row)
        lines = [first]
        for i, stack in tall:
            while len(lines) < len(stack):
                lines.append(self.blanks.copy())
            for line, piece in zip(lines, stack):
                line[i] = piece
        gap = self.gap
        return [gap.join(line).rstrip(" ") for line in lines]

    def fitted(self, row: list[tuple[str, str]]) -> tuple[list[str], list[tuple[int, list[str]]]]:
        """A row's cells painted and padded to their columns on one line (cut,
        in a column that cuts); and the cells that go on more lines instead, wrapped:
        their index, their lines (the first line has "" in their place)."""
        parts: list[str] = []
        tall: list[tuple[int, list[str]]] = []
        more, paint = self.more, self.paint
        for column, width, cuts, (text, style) in zip(self.columns, self.widths, self.cuts, row):
            style = style or column.style
            if "\n" in text:
                if not cuts:
                    tall.append((len(parts), self.wrapped(text, style, width, column.right)))
                    parts.append("")
                    continue
                text = text.replace("\n", " ")
            is_narrow = text.isascii() or NARROW.fullmatch(text) is not None  # (`narrow`, inline: every cell)
            size = len(text) if is_narrow else cells(text)
            if size > width:
                if not cuts:
                    tall.append((len(parts), self.wrapped(text, style, width, column.right, is_narrow)))
                    parts.append("")
                    continue
                text = cut(text, width, more)
                size = width if is_narrow else cells(text)
            pad = " " * (width - size)
            if style:
                text = paint(text, style)
            parts.append(pad + text if column.right else text + pad)
        return parts, tall

    def wrapped(self, text: str, style: str, width: int, right: bool, is_narrow: bool | None = None) -> list[str]:
        """A cell too wide for its column (or of more lines) as its lines, wrapped,
        painted and padded to the column (`is_narrow`: what `narrow(text)` says)."""
        if is_narrow is None:
            is_narrow = narrow(text)
        if "\n" in text:
            pieces = [piece for part in text.split("\n") for piece in wrap(part, width, is_narrow)]
        else:
            pieces = wrap(text, width, is_narrow)
        if is_narrow and not style:  # (most cells) its length is its width: str.ljust pads it
            return list(map(str.rjust if right else str.ljust, pieces, [width] * len(pieces)))
        return [self.padded(piece, style, width, right) for piece in pieces]

    def padded(self, text: str, style: str, width: int, right: bool) -> str:
        """`text` painted and padded to a column `width` cells wide."""
        if not text:
            return " " * width
        pad = " " * (width - cells(text))
        if style:
            text = self.paint(text, style)
        return pad + text if right else text + pad

    def join(self, row: list[tuple[str, str]]) -> str:
        """One line of cells already fitted to their columns (a line of the header)."""
        paint, parts = self.paint, []
        for (text, style), width, column in zip(row, self.widths, self.columns):
            if not text:  # (most cells of a wrapped row's later lines)
                parts.append(" " * width)
                continue
            pad = " " * (width - (len(text) if text.isascii() else cells(text)))  # (each cell measured once)
            if style:
                text = paint(text, style)
            parts.append(pad + text if column.right else text + pad)
        return self.gap.join(parts).rstrip(" ")

    def centred(self, text: str) -> str:
        text = cut(show_hidden(text).replace("\n", " "), self.width, self.more)
        return " " * max((min(self.total(), self.width) - cells(text)) // 2, 0) + text

    def emit(self, lines: list[str]) -> None:
        if lines:
            self.out.write("\n".join(lines) + "\n")
            self.out.flush()


def split(cell: Cell) -> tuple[str, str]:
    """A cell as (text made inert, its own style)."""
    if type(cell) is str and cell.isprintable():  # (most cells)
        return cell, ""
    text, style = cell if isinstance(cell, tuple) else (cell, "")
    text = "" if text is None else str(text)
    if not text.isprintable():
        text = show_hidden(text.replace("\t", " "))
    return text, style
