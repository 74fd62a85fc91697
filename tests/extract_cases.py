"""The test briefs of `recs extract` and how a run on them is scored (shared
by tests/cli/test_extract.py and bench/extract_quality.py)."""

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent / "data" / "extract"
SPEC = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))["briefs"]


def briefs() -> list[str]:
    return list(SPEC)


def spec(name: str) -> dict:
    value = SPEC[name]
    return SPEC[value["same_as"]] if "same_as" in value else value


def path_of(name: str, work: Path) -> Path:
    """The brief's file; a .pdf is made from its text twin, 3 pages with a running header."""
    if name.endswith(".pdf"):
        from pdfmaker import pdf_of_text

        target = work / name
        text = (HERE / SPEC[name]["same_as"]).read_text(encoding="utf-8")
        target.write_bytes(pdf_of_text(text, per_page=10, header="Urban Health Forum | Policy memo"))
        return target
    return (HERE / name).resolve()


def norm(text: str) -> str:
    text = text.replace("’", "'").replace("“", '"').replace("”", '"').casefold()
    return re.sub(r"\s+", " ", re.sub(r"^(?:the|all of the)\s+", "", text.strip())).strip(" .,;:")


def score(candidates: list[dict], expected: dict) -> dict:
    """Which expected recommendations were found, with the right actors and due
    date; which candidates are false; which traps were proposed."""
    wanted = expected["candidates"]
    matched: dict[int, dict] = {}
    false = []
    for c in candidates:
        quote = norm(c["quote"])
        hit = next((i for i, e in enumerate(wanted) if i not in matched and norm(e["quote"]) in quote), None)
        if hit is None:
            false.append(c["quote"])
        else:
            matched[hit] = c
    wrong_actors, wrong_due = [], []
    for i, c in matched.items():
        e = wanted[i]
        if e["actors"]:
            ok = norm(e["actors"][0]) in {norm(a) for a in c["actors"]}
        else:
            ok = c["actor_source"] in ("brief", "none")
        if not ok:
            wrong_actors.append((e["quote"], e["actors"], c["actors"]))
        if e.get("due") and c["due"] != e["due"]:
            wrong_due.append((e["quote"], e["due"], c["due"]))
    return {
        "expected": len(wanted), "found": len(matched), "proposed": len(candidates),
        "missed": [e["quote"] for i, e in enumerate(wanted) if i not in matched],
        "false": false, "actors_right": len(matched) - len(wrong_actors), "wrong_actors": wrong_actors,
        "wrong_due": wrong_due,
        "traps": [t for t in expected.get("traps", ()) if any(norm(t) in norm(c["quote"]) for c in candidates)],
    }
