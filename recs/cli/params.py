"""Plain-string parameters without pydantic.

typer 0.29 coerces every parameter of the invoked command, even an unset
one, through a pydantic `TypeAdapter` that it builds on first use (also for a
parameter declared with `parser=`; it has no `click_type=`): that imports
pydantic and builds one adapter per parameter, about 100 ms before recs does
anything (see bench/README.md). recs's parameters are plain `str`,
`list[str]`, `bool` flags and two `int`s (`undo N`, `report --stale-days`),
which need no such machinery: click already hands over strings.

`lighten()` answers each of those parameters' `get_runtime_param()` (the
public method through which typer's parameters fetch their coercer) with a
`PlainCoercion` that does what typer's adapter does for them (accept a
string, turn a tuple into a list, read an int as pydantic's lax mode does),
so pydantic is never imported on the everyday paths. Parameters of any other
type keep typer's own coercion; so does every parameter of a typer release
whose parameters lack that method (only slower).
"""

import re
from typing import Any, get_args, get_origin

from typer import BadParameter

#: Parameters that name files: a file name need not be UTF-8 (Linux allows
#: any bytes). Every other text parameter is refused, with one `Error:` line,
#: when its bytes are not UTF-8 (Python keeps them as lone surrogates, which
#: no search, id or stored text can hold).
PATHS = {"db", "out", "files", "mapping"}

_INT = re.compile(r"[+-]?[0-9]+(?:_[0-9]+)*(?:\.0+)?")
_FALSE = ("", "0", "false", "f", "no", "n", "off")
_TRUE = ("1", "true", "t", "yes", "y", "on")


def kind(annotation: Any) -> str | None:
    """"str", "bool", "int" or "list" (of str); None for anything else."""
    if annotation is str:
        return "str"
    if annotation is bool:
        return "bool"
    if annotation is int:
        return "int"
    if get_origin(annotation) is list and get_args(annotation) == (str,):
        return "list"
    return None


class PlainCoercion:
    """A str / list[str] / bool / int parameter's value, as typer's adapters would give it."""

    def __init__(self, of: str) -> None:
        self.kind = of

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        many = param.multiple or param.nargs == -1
        if value is None:
            return () if many else None
        if many and isinstance(value, str):
            raise BadParameter("Value must be an iterable.", ctx=ctx, param=param)
        if self.kind == "list":
            items = value if isinstance(value, (list, tuple)) else [value]
            return [_text(v, param, ctx) for v in items]
        if self.kind == "int":
            return _int(value, param, ctx)
        if self.kind == "bool":
            return _bool(value, param, ctx)
        return _text(value, param, ctx)


def _bool(value: Any, param: Any, ctx: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _FALSE:
        return False
    if text in _TRUE:
        return True
    raise BadParameter(f"{value!r} is not a valid boolean.", ctx=ctx, param=param)


def _int(value: Any, param: Any, ctx: Any) -> int:
    # as typer's pydantic adapter reads an int: ASCII digits, `_` between
    # them, a sign, `.0…` after them, whitespace around them
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = value.strip() if isinstance(value, str) else None
    if text is None or not _INT.fullmatch(text):
        raise BadParameter(f"{value!r} is not a whole number (like 3)", ctx=ctx, param=param)
    digits = text.split(".")[0]
    if len(digits.lstrip("+-").replace("_", "")) > 18:
        raise BadParameter(f"{digits[:20]}… is too large a number", ctx=ctx, param=param)
    return int(digits)


def _text(value: Any, param: Any, ctx: Any) -> str:
    if isinstance(value, bytes):
        import sys

        value = value.decode(sys.getfilesystemencoding(), "surrogateescape")
    if not isinstance(value, str):
        raise BadParameter(f"{value!r} is not a valid string.", ctx=ctx, param=param)
    if param.name not in PATHS and not value.isascii():
        from recs.core.fields import utf8

        option = param.param_type_name == "option"
        utf8(value, param.opts[0] if option else (getattr(param, "metavar", None) or param.name).lower())
    return value


def light(param: Any) -> None:
    """Give one plain parameter the pydantic-free coercion (others are left as they are)."""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or not hasattr(param, "get_runtime_param") or getattr(param, "recs_plain", False):
        return
    if descriptor.file_annotation is not None or descriptor.choices is not None:
        return
    of = kind(descriptor.annotation)
    if of is not None:
        coercion = PlainCoercion(of)
        param.get_runtime_param = lambda: coercion
        param.recs_plain = True


def lighten(command: Any) -> None:
    """Give the plain parameters of a click command tree (and each command's
    `--help`, which click makes when a context is made) the pydantic-free coercion."""

    def help_option(original):
        def get_help_option(ctx):
            option = original(ctx)
            if option is not None:
                light(option)
            return option

        return get_help_option

    stack = [command]
    while stack:
        cmd = stack.pop()
        stack.extend(getattr(cmd, "commands", {}).values())
        for param in getattr(cmd, "params", ()):
            light(param)
        if hasattr(cmd, "get_help_option") and not getattr(cmd, "recs_plain", False):
            cmd.get_help_option = help_option(cmd.get_help_option)
            cmd.recs_plain = True
