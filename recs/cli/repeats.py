"""Options that take one value are refused when given more than once.

click keeps only the last value of such an option (`update --status partial
--status implemented` would quietly drop `partial`); recs says so instead, with
one `Error:` line, before the command runs. Options that take several values
(`--actor`, `--tag`, …) are declared as lists and keep them all; flags given
twice mean what they mean once. recs's command and group classes
(`recs.cli.helptext`) call `repeated` as they parse their arguments.
"""

from recs.core.errors import UsageError


def repeated(args: list[str], params, group: bool = False) -> None:
    """Raise UsageError if `args` give a one-value option of `params` twice
    (`group`: only up to the first argument that is not an option, its command)."""
    takes_value: dict[str, object] = {}
    for p in params:
        if getattr(p, "param_type_name", "") == "option" and not getattr(p, "is_flag", False) \
                and not getattr(p, "count", False):
            for name in (*p.opts, *p.secondary_opts):
                takes_value[name] = p
    seen: dict[object, list[str]] = {}
    i = 0
    while i < len(args):
        token = args[i]
        i += 1
        if token == "--":
            break
        if not token.startswith("-") or token == "-":
            if group:
                break
            continue
        name, eq, _ = token.partition("=") if token.startswith("--") else (token[:2], "", "")
        param = takes_value.get(name)
        if param is None:
            continue
        attached = eq or (not token.startswith("--") and len(token) > 2)
        value = token[len(name) + 1:] if eq else token[2:] if attached else (args[i] if i < len(args) else "")
        if not attached:
            i += 1  # its value, whatever it looks like
        if not getattr(param, "multiple", False):
            seen.setdefault(param, []).append(value)
    for param, values in seen.items():
        if len(values) > 1:
            opt = max(param.opts, key=len)  # type: ignore[attr-defined]
            shown = ", ".join(repr(v) for v in values)
            raise UsageError(f"{opt} was given {len(values)} times ({shown}); it takes one value")
