"""Dates written in words ("20 September 2023", "February 2025", "2025-02")
turned into recs dates (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`)."""

import re
from datetime import date

MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")), 1) for name in names}

_MONTH = r"(?P<{}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
#: One date: ISO, "20 September 2023", "September 20, 2023", "September 2023", "2023".
DATE = re.compile(
    r"\b(?:(?P<iso>\d{4}-\d{2}(?:-\d{2})?)"
    r"|(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH.format("m1") + r",?\s+(?P<y1>\d{4})"
    r"|" + _MONTH.format("m2") + r"\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{4})"
    r"|(?:(?:the\s+)?(?P<end>end|close|middle|beginning|start)\s+of\s+)?" + _MONTH.format("m3") + r",?\s+(?P<y3>\d{4})"
    r"|(?:(?:the\s+)?(?P<end4>end|close)\s+of\s+)?(?P<y4>(?:19|20)\d{2}))\b",
    re.IGNORECASE)


def parse(match: re.Match) -> str | None:
    """The recs date a `DATE` match stands for, or None if it is no real date."""
    g = match.groupdict()
    try:
        if g["iso"]:
            parts = [int(p) for p in g["iso"].split("-")]
            date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)
            return g["iso"]
        if g["y1"] or g["y2"]:
            day, month, year = (g["d1"], g["m1"], g["y1"]) if g["y1"] else (g["d2"], g["m2"], g["y2"])
            value = date(int(year), MONTHS[month.lower()], int(day))
            return value.isoformat()
        if g["y3"]:
            return f"{int(g['y3']):04d}-{MONTHS[g['m3'].lower()]:02d}"
        if g["y4"]:
            return f"{int(g['y4']):04d}-12" if g["end4"] else g["y4"]
    except (ValueError, KeyError):
        return None
    return None


def first_date(text: str) -> str | None:
    """The first full date (with a day) in `text`: a publication date line."""
    for match in DATE.finditer(text):
        value = parse(match)
        if value and len(value) == 10:
            return value
    return None
