"""A tiny PDF writer for tests and the benchmark: lines of text in Helvetica,
so `recs extract` can be tested on a real PDF without committing one."""

LEFT, TOP, BOTTOM = 72, 770, 72


def wrap(text: str, width: int = 64) -> list[str]:
    """Paragraphs (blank-line separated) wrapped as a printer would, long words
    hyphenated at the line end; a blank line between paragraphs is dropped, as
    in most PDFs (only the short last line shows the paragraph's end)."""
    lines: list[str] = []
    for paragraph in text.strip().split("\n\n"):
        words = paragraph.split()
        line = ""
        for word in words:
            if not line:
                line = word
            elif len(line) + 1 + len(word) <= width:
                line += " " + word
            elif len(word) >= 9 and word.isalpha() and len(line) + 6 <= width:
                cut = min(width - len(line) - 2, len(word) - 4)
                lines.append(f"{line} {word[:cut]}-")
                line = word[cut:]
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def make_pdf(lines: list[str], per_page: int = 40, header: str | None = None, size: float = 11) -> bytes:
    """A PDF of `lines`, `per_page` to a page, with a running header and a page
    number at the foot of each page."""
    pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")
    pages_id = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for number, page_lines in enumerate(pages, 1):
        ops = []
        if header:
            ops.append(_line(header, LEFT, TOP + 20, 8))
        y = TOP - 20
        for text in page_lines:
            ops.append(_line(text, LEFT, y, size))
            y -= size * 1.45
        ops.append(_line(str(number), 300, BOTTOM - 30, 8))
        stream = b"\n".join(ops)
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 842] /Resources << /Font << /F1 %d 0 R >> >> "
                        b"/Contents %d 0 R >>" % (pages_id, font, content)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for index, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % index + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    return bytes(out)


def _line(text: str, x: float, y: float, size: float) -> bytes:
    raw = text.encode("cp1252", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"BT /F1 %.1f Tf %.1f %.1f Td (" % (size, x, y) + raw + b") Tj ET"


def pdf_of_text(text: str, **kw) -> bytes:
    """A brief written as plain text (blank lines between paragraphs), as a PDF."""
    return make_pdf(wrap(text), **kw)


if __name__ == "__main__":
    import sys

    sys.stdout.buffer.write(pdf_of_text(open(sys.argv[1], encoding="utf-8").read(), per_page=14,
                                        header="Urban Health Forum | Policy memo"))
