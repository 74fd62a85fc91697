"""Which character separates a CSV file's cells.

Spreadsheets in a European locale save CSV with `;` (the comma is their
decimal mark); some tools write tabs or `|`. The separator is the one given
(`--delimiter`, a mapping's `[source] delimiter`), else the first of `,;\\t|`
under which the header row names the columns expected, else the one
`csv.Sniffer` finds in the file's first lines, else `,`.
"""

import csv
import io
from collections.abc import Callable

from recs.core.errors import UsageError

CANDIDATES = ",;\t|"
#: Names a separator may be given by, besides the character itself.
NAMES = {"comma": ",", "semicolon": ";", "tab": "\t", "\\t": "\t", "pipe": "|"}
_SAMPLE = 64 * 1024


def given(value: str | None) -> str | None:
    """A separator as typed (`;`, `tab`, `\\t`): one character that is not a
    quote, a letter, a digit, a space or a line break; None if not given."""
    if value is None:
        return None
    char = NAMES.get(value.strip().lower(), value)
    if len(char) != 1 or char in "\"'\r\n " or char.isalnum():
        raise UsageError(f"invalid delimiter {value!r}; give one character such as ',' ';' '|', or 'tab'")
    return char


def detect(text: str, fits: Callable[[list[str]], bool]) -> str:
    """The separator of a CSV text whose header row `fits` when split by it."""
    sample = text[:_SAMPLE]
    for delimiter in CANDIDATES:
        header = next(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter), [])
        if header and fits(header):
            return delimiter
    try:
        return csv.Sniffer().sniff(sample, delimiters=CANDIDATES).delimiter
    except csv.Error:
        return ","


def hint(column: str, delimiter: str) -> str:
    """A hint for a header cell that holds another separator: `(…; set it with …)`."""
    others = [d for d in CANDIDATES if d != delimiter and d in column]
    if not others:
        return ""
    return f" (are the cells separated by {shown(others[0])}? say so with --delimiter)"


def shown(delimiter: str) -> str:
    return "tabs" if delimiter == "\t" else f"'{delimiter}'"
