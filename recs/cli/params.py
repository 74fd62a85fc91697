"""Plain-string parameters without pydantic.

typer 0.29 coerces every parameter of the invoked command, even an unset
one, through a pydantic `TypeAdapter` that it builds on first use; that
imports pydantic and builds one adapter per parameter, about 100 ms before
recs does anything (see bench/README.md). recs's parameters are plain `str`,
`list[str]` and `bool` flags, which need no coercion at all (click already
hands over strings), and two `int`s (`undo N`, `report --stale-days`),
read from their strings as pydantic's lax mode reads them. `lighten()` gives those parameters a runtime coercer that
does what typer's adapter does for them (accept a string, turn a tuple into a
list), so pydantic is never imported on the everyday paths. Parameters of any
other type keep typer's own coercion.

This fills typer's lazily built `_runtime_param` slot (typer is pinned to
0.29.x in pyproject.toml); if a typer release renames it, `lighten()` does
nothing and typer's own coercion runs, only slower.
"""

import re
from typing import Any, get_args, get_origin


#: Parameters that name files: a file name need not be UTF-8 (Linux allows
#: any bytes). Every other text parameter is refused, with one `Error:` line,
#: when its bytes are not UTF-8 (Python keeps them as lone surrogates, which
#: no search, id or stored text can hold).
PATHS = {"db", "out", "files", "mapping"}


def _kind(annotation: Any) -> str | None:
    if annotation is str:
        return "str"
    if annotation is bool:
        return "bool"
    if annotation is int:
        return "int"
    if get_origin(annotation) is list and get_args(annotation) == (str,):
        return "list"
    return None


def lighten(command: Any) -> None:  # noqa: C901
    """Give the plain parameters of a click command tree a pydantic-free coercer."""
    try:
        from typer.core import RuntimeParam
    except ImportError:  # a typer without this layer: nothing to do
        return
    from typer import BadParameter

    class PlainParam(RuntimeParam):
        """str / list[str] / bool, as typer's adapters would coerce them."""

        def _coerce_value(self, value, param, ctx):
            kind = _kind(self.annotation)
            if kind == "list":
                items = value if isinstance(value, (list, tuple)) else [value]
                return [_text(v, param, ctx) for v in items]
            if kind == "int":
                return _int(value, param, ctx)
            if kind == "bool":
                if isinstance(value, bool):
                    return value
                text = str(value).strip().lower()
                if text in ("", "0", "false", "f", "no", "n", "off"):
                    return False
                if text in ("1", "true", "t", "yes", "y", "on"):
                    return True
                raise BadParameter(f"{value!r} is not a valid boolean.", ctx=ctx, param=param)
            return _text(value, param, ctx)

    def _int(value, param, ctx):
        # as typer's pydantic adapter reads an int: ASCII digits, `_` between
        # them, a sign, `.0…` after them, whitespace around them
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = value.strip() if isinstance(value, str) else None
        if text is None or not re.fullmatch(r"[+-]?[0-9]+(?:_[0-9]+)*(?:\.0+)?", text):
            raise BadParameter("Input should be a valid integer, unable to parse string as an integer",
                               ctx=ctx, param=param)
        return int(text.split(".")[0])

    def _text(value, param, ctx):
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

    def light(param):
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", "absent") is not None:
            return
        if descriptor.file_annotation is not None or descriptor.choices is not None:
            return
        if _kind(descriptor.annotation):
            param._runtime_param = PlainParam(parameter_info=descriptor.parameter_info,
                                              annotation=descriptor.annotation)

    def help_option(original):
        # click makes each command's --help option when a context is made
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
        if hasattr(cmd, "get_help_option"):
            cmd.get_help_option = help_option(cmd.get_help_option)
