"""`recs extract FILE`: the recommendations a brief makes, as candidates to
review, and with `--add` as not-started recommendations of the tracker.

Reading and finding are `recs.extract`'s; this module parses the options,
asks on a terminal, writes through `tracker` in one `Store.change`, and
renders through `recs.cli.output`. pypdf, selectolax and pysbd are imported
only once the command runs.
"""

import re

import typer

from recs.cli import completing, output
from recs.cli.options import format_option
from recs.core.words import plural

FORMATS = ("table", "json", "md")
PAGES_FOR_A_BAR = 10
BLOCKS_FOR_A_BAR = 400


#: Examples shown at the end of `--help` (see recs/cli/helptext.py).
EXAMPLES = {
    "extract": (
        "recs extract brief.txt",
        "recs extract brief.txt --format md",
        "recs extract brief.txt --add --brief apri-2023-09-20 --pick 1,3",
    ),
}


def extract(
    ctx: typer.Context,
    source: str = typer.Argument(..., metavar="FILE", help="The brief: .txt, .md, .html or .pdf; - reads standard input."),
    fmt: str = format_option("table", FORMATS),
    kind: str = typer.Option(None, "--from", metavar="KIND",
                             help="Read FILE as text, md, html or pdf (default: from its name, else its content)."),
    add: bool = typer.Option(False, "--add", help="Add the chosen candidates to the tracker (not_started)."),
    brief: str = typer.Option(None, "--brief", "-b", metavar="BRIEF", autocompletion=completing.briefs, help="The brief they come from (with --add)."),
    title: str = typer.Option(None, "--title", metavar="TEXT", help="The brief's title, to create it (default: the file's)."),
    publisher: str = typer.Option(None, "--publisher", metavar="NAME", help="The brief's publisher, to create it."),
    published: str = typer.Option(None, "--published", metavar="DATE",
                                  help="The brief's date (YYYY-MM-DD, YYYY-MM or YYYY), to create it (default: the file's)."),
    pick: str = typer.Option(None, "--pick", metavar="LIST",
                             help="Candidates to add: 'all' or numbers, e.g. 1,3-5 (default: ask on a terminal, else all)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="With --add: say what would be added and skipped; write nothing."),
) -> None:
    """Find the recommendations a brief makes; with --add, track them."""
    from recs.core.errors import UsageError

    fmt = output.check_format(fmt, FORMATS, "extract")
    wanted = parse_pick(pick) if pick is not None else None
    if (pick is not None or dry_run) and not add:
        raise UsageError("--pick and --dry-run go with --add")
    if add and not (brief or "").strip():
        raise UsageError("--add needs --brief ID: the brief the recommendations come from")
    if not add and any(v is not None for v in (brief, title, publisher, published)):
        raise UsageError("--brief, --title, --publisher and --published go with --add")
    new_brief = _brief_fields(title, publisher, published) if add else {}
    document, candidates = read_and_find(source, kind)
    name = "standard input" if source == "-" else source
    if not add:
        found_message(candidates, name)
        render(candidates, fmt, name)
        return
    if wanted is not None:
        check_pick(wanted, len(candidates))
    add_candidates(ctx, candidates, document, name, brief.strip(), new_brief, wanted, dry_run)


def found_message(candidates, name: str) -> None:
    output.message(f"{_count(len(candidates), 'candidate')} in {name}"
                   + ("" if candidates else " (no sentence there asks anyone to act)"))


def read_and_find(source: str, kind: str | None):
    """The document and its candidates, with a progress bar on a terminal for long ones."""
    from recs.extract import finding, reading

    document = reading.read(source, kind, progress=lambda total, label: output.progress(total, label, PAGES_FOR_A_BAR))
    with output.progress(len(document.blocks), "Finding recommendations", BLOCKS_FOR_A_BAR) as tick:
        candidates = finding.find(document, tick)
    return document, candidates


def parse_pick(value: str) -> set[int] | str:
    """`all`, or numbers and ranges: `1,3-5`."""
    from recs.core.errors import UsageError

    text = value.strip().lower()
    if text == "all":
        return "all"
    numbers: set[int] = set()
    for part in text.split(","):
        match = re.fullmatch(r"\s*(\d{1,6})\s*(?:-\s*(\d{1,6})\s*)?", part)
        if not match or int(match.group(1)) < 1 or (match.group(2) and int(match.group(2)) < int(match.group(1))):
            raise UsageError(f"invalid --pick {value!r}; give 'all' or candidate numbers such as 1,3-5")
        numbers.update(range(int(match.group(1)), int(match.group(2) or match.group(1)) + 1))
    return numbers


def check_pick(wanted: set[int] | str, count: int) -> None:
    from recs.core.errors import RecsError

    if not isinstance(wanted, str) and max(wanted) > count:
        raise RecsError(f"--pick {max(wanted)}: there {'is' if count == 1 else 'are'} only "
                        f"{_count(count, 'candidate')}")


def _brief_fields(title: str | None, publisher: str | None, published: str | None) -> dict:
    """The new brief's values as given, checked before the file is read."""
    from recs.core import dates, fields

    values = {}
    if title is not None:
        values["title"] = fields.title(title)
    if publisher is not None:
        values["publisher"] = publisher
    if published is not None:
        values["published"] = dates.parse_date(published, "published date")
    return values


def _count(n: int, what: str) -> str:
    return plural(n, what, grouped=True)


# -- adding ------------------------------------------------------------------------------
def add_candidates(ctx, candidates, document, name: str, brief_id: str, given: dict, wanted, dry_run: bool) -> None:
    """Add the chosen candidates that are not tracked yet, in one write."""
    from recs.tracker import operations as tracker
    from recs.cli.context import settings
    from recs.extract import matching
    from recs.store import Store

    s = settings(ctx)
    path = s.store_path()
    store = Store.open(path)
    meta = _brief_to_use(store, brief_id, given, document, name)
    brief_id = meta["id"] if meta else brief_id
    found_message(candidates, name)
    tracked = matching.tracked([c.quote for c in candidates], store.scan())
    interactive = wanted is None and not dry_run and output.interactive()
    if interactive:
        Store.check_writable(path)  # before the person answers anything
        chosen = choose(candidates, tracked)
    else:
        chosen = [c for c in candidates if wanted in (None, "all") or c.number in wanted]
    to_add = [c for c in chosen if tracked[c.number - 1] is None]
    skipped = [c for c in chosen if tracked[c.number - 1] is not None]
    if dry_run:
        for c in skipped:
            output.message(f"skip {c.number}: already tracked as {tracked[c.number - 1]}")
        for c in to_add:
            output.message(f"add  {c.number}: {c.title}")
        output.message(f"Dry run of {name}: would add {len(to_add)}, skip {len(skipped)} already tracked"
                       f"{'' if meta else f'; would create brief {brief_id}'}; nothing was written")
        return
    added = []
    if to_add or not meta:
        with Store.change(path) as store:
            if not meta:
                tracker.add_brief(store, brief_id=brief_id, title=given["title"], publisher=given["publisher"],
                                  published=given["published"], by=s.user)
            again = matching.tracked([c.quote for c in to_add], store.scan())  # changed since we looked?
            for candidate, twin in zip(to_add, again):
                if twin is not None:
                    skipped.append(candidate)
                    tracked[candidate.number - 1] = twin
                    continue
                record = tracker.add_recommendation(
                    store, title=candidate.title, actors=candidate.actors, by=s.user, brief=brief_id,
                    text=candidate.quote, quote=candidate.quote, due=candidate.due, tags=candidate.tags,
                    note=f"extracted from {name} ({candidate.location}; cue: {candidate.cue})")
                added.append((candidate, record["id"]))
    for candidate, rec_id in added:
        output.write(f"{rec_id}\n")
        output.message(f"added {rec_id} ({candidate.number}): {candidate.title}")
    for c in sorted(skipped, key=lambda c: c.number):
        output.message(f"skipped {c.number}: already tracked as {tracked[c.number - 1]}")
    created = "" if meta else f"; created brief {brief_id}"
    output.message(f"Added {_count(len(added), 'recommendation')} from {name} to brief {brief_id}, "
                   f"skipped {len(skipped)} already tracked{created}")


def _brief_to_use(store, brief_id: str, given: dict, document, name: str) -> dict | None:
    """The stored brief, or None when it is to be created (then `given` is completed)."""
    from recs.core import fields
    from recs.core.errors import RecsError

    known = {b["id"].casefold(): b for b in store.briefs()}
    brief = known.get(brief_id.casefold())
    if brief is not None:
        for key, value in given.items():
            if str(brief.get(key) or "").strip() != str(value).strip():
                raise RecsError(f"brief {brief['id']!r} exists with {key} {brief.get(key)!r}, not {value!r}; "
                                f"leave out --{key} to use it as it is")
        return brief
    fields.rec_id(brief_id)
    given.setdefault("title", document.title)
    given.setdefault("published", document.published)
    missing = [f"--{key}" for key in ("title", "publisher", "published") if not given.get(key)]
    if missing:
        raise RecsError(f"no brief with id {brief_id!r}; to create it, give {', '.join(missing)}"
                        f" (of {name})")
    if len(given["title"]) > fields.TITLE_MAX:
        given["title"] = given["title"][:fields.TITLE_MAX].rsplit(" ", 1)[0]
    return None


def choose(candidates, tracked) -> list:
    """On a terminal: accept, skip or edit each candidate."""
    from recs.cli import prompts

    chosen = []
    rest = False
    for c in candidates:
        if tracked[c.number - 1] is not None:
            output.message(f"{c.number}. already tracked as {tracked[c.number - 1]}: {c.title}")
            continue
        if rest:
            chosen.append(c)
            continue
        output.message("")
        output.message(f"{c.number}. {c.location} · {c.cue} · confidence {c.confidence}")
        output.message(f"   “{c.quote}”")
        output.message(f"   Title:  {c.title}")
        output.message(f"   Actors: {'; '.join(c.actors) or '(none named)'}" + (f"   Due: {c.due}" if c.due else ""))
        while True:
            answer = prompts.ask("   [a]ccept (Enter), [s]kip, [e]dit, accept [A]ll the rest, [q]uit choosing: ").strip()
            if answer in ("", "a", "y", "yes"):
                chosen.append(c)
            elif answer in ("s", "n", "no"):
                pass
            elif answer == "e":
                edit(c)
                chosen.append(c)
            elif answer == "A":
                chosen.append(c)
                rest = True
            elif answer == "q":
                return chosen
            else:
                output.message("   Please answer a, s, e, A or q.")
                continue
            break
    return chosen


def edit(candidate) -> None:
    """Ask for a new title and actors (Enter keeps each)."""
    from recs.core import fields
    from recs.cli import prompts
    from recs.core.errors import RecsError

    while True:
        title = prompts.ask(f"   Title [{candidate.title}]: ").strip()
        try:
            candidate.title = fields.title(title) if title else candidate.title
            break
        except RecsError as exc:
            output.message(f"   {exc}")
    actors = prompts.ask(f"   Actors, separated by ; [{'; '.join(candidate.actors)}]: ").strip()
    if actors:
        names = [a.strip() for a in actors.split(";") if a.strip()]
        if names:
            candidate.actors = names


# -- rendering -----------------------------------------------------------------------------
def _actors(c) -> str:
    text = ", ".join(c.actors)
    return f"{text} (inferred)" if c.actor_source == "brief" else text


def render(candidates, fmt: str, name: str) -> None:
    if fmt == "json":
        output.write_json([c.as_dict() for c in candidates])
    elif fmt == "md":
        output.write(markdown(candidates, name))
    elif not output.fancy():
        rows = [[str(c.number), c.location, f"{c.confidence:.2f}", c.due or "", _actors(c),
                 f"{c.title}\n“{c.quote}”"] for c in candidates]
        if rows:
            output.write(output.plain_table(("#", "Where", "Conf.", "Due", "Actors", "Title and sentence"), rows))
    else:
        from rich.text import Text

        t = output.table("#", "Where", "Conf.", "Due", "Actors", "Title and sentence")
        t.columns[4].max_width = 28
        t.columns[5].ratio = 1
        for c in candidates:
            cell = Text()
            cell.append_text(output.text(c.title, "bold"))
            cell.append("\n")
            cell.append_text(output.text(f"“{c.quote}”", "dim"))
            t.add_row(output.text(c.number), output.text(c.location), output.text(f"{c.confidence:.2f}"),
                      output.text(c.due or ""), output.text(_actors(c)), cell)
        output.show(t)


def markdown(candidates, name: str) -> str:
    """Candidates as a Markdown list, every word from the brief escaped."""
    from recs.formats.markdown import md

    lines = [f"# Candidate recommendations in {md(name)}", ""]
    for c in candidates:
        lines.append(f"{c.number}. **{md(c.title)}**  ")
        details = [f"Actors: {md(_actors(c))}", f"where: {md(c.location)}", f"cue: {md(c.cue)}",
                   f"confidence: {c.confidence:.2f}"]
        if c.due:
            details.append(f"due: {c.due}")
        if c.tags:
            details.append(f"tags: {md(', '.join(c.tags))}")
        lines.append("   " + "; ".join(details) + "  ")
        lines.append(f"   > {md(c.quote)}")
        lines.append("")
    if not candidates:
        lines.append("No candidates.")
        lines.append("")
    return "\n".join(lines)
