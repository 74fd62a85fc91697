"""Actor names: one actor whatever its case or spacing, and the tracker's aliases.

Names are stored as they were typed and compared by `fields.name_key`, so
`European  Union ` and `european union` count as one actor in filters, counts
and reports. Aliases (`recs alias`) live in the settings file
(`tracker.json`, key `actor_aliases`: `{"EU": "European Union"}`, sorted keys,
one alias a line, so two people adding aliases merge with plain git): a name
typed as an alias is stored as the name it stands for (add, update, import),
and everywhere names are compared an alias counts as its name.
"""

from recs.core import fields
from recs.core.errors import RecsError


class Names:
    """How a tracker compares and stores actor names (its aliases applied)."""

    def __init__(self, aliases: dict[str, str] | None = None):
        self.aliases = dict(aliases or {})
        self._by_key = {fields.name_key(k): v for k, v in self.aliases.items()}

    @classmethod
    def of(cls, settings: dict) -> "Names":
        """The names of a tracker with these settings (`Store.meta()`)."""
        from recs.store.layout import ALIASES

        return cls(settings.get(ALIASES))

    def resolve(self, name: str) -> str:
        """The name to store for `name` as typed: its alias's name, else itself."""
        return self._by_key.get(fields.name_key(name), name)

    def resolve_all(self, names: list[str]) -> list[str]:
        return [self.resolve(n) for n in names] if self._by_key else list(names)

    def key(self, name: str) -> str:
        """What every spelling and alias of one actor shares."""
        return fields.name_key(self.resolve(name))


def add_alias(aliases: dict[str, str], alias: str, name: str) -> dict[str, str]:
    """The aliases with `alias` → `name` added; refuses one that would be ambiguous."""
    alias, name = alias.strip(), name.strip()
    fields.names([alias], "alias")
    fields.names([name], "actor")
    key, target = fields.name_key(alias), fields.name_key(name)
    if key == target:
        raise RecsError(f"{alias!r} would be an alias of itself")
    by_key = {fields.name_key(k): (k, v) for k, v in aliases.items()}
    if key in by_key:
        old, old_name = by_key[key]
        if fields.name_key(old_name) == target:
            return aliases
        raise RecsError(f"{old!r} is already an alias of {old_name!r}; remove it first (`recs alias remove {old}`)")
    if target in by_key:
        raise RecsError(f"{name!r} is itself an alias (of {by_key[target][1]!r}); "
                        f"give the name it stands for")
    if any(fields.name_key(v) == key for v in aliases.values()):
        raise RecsError(f"{alias!r} is the name other aliases stand for; it cannot be an alias itself")
    return {**aliases, alias: name}


def remove_alias(aliases: dict[str, str], alias: str) -> tuple[dict[str, str], str]:
    """The aliases without `alias` (any case or spacing), and the name it stood for."""
    key = fields.name_key(alias)
    found = [k for k in aliases if fields.name_key(k) == key]
    if not found:
        known = ", ".join(sorted(aliases)) or "none yet"
        raise RecsError(f"no actor alias {alias.strip()!r} (aliases: {known})")
    return {k: v for k, v in aliases.items() if k != found[0]}, aliases[found[0]]


def naming(store, name: str) -> int:
    """How many recommendations have `name` (any case or spacing) among their actors."""
    key = fields.name_key(name)
    return sum(1 for r in store.scan() if any(fields.name_key(a) == key for a in r.get("actors") or ()))
