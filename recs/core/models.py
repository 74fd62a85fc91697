"""The data model of ../SPEC.md as pydantic models.

Used at the boundaries: validating imports and whole stores (`doctor`), and
publishing the JSON Schema of exports (`recs schema`). The everyday commands
work on plain dicts and validate single values with `recs.core.fields` and
`recs.core.dates`, which these models reuse, so both agree.
"""

from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_serializer, model_validator

from recs.core import dates, fields, statuses
from recs.core.errors import RecsError


def _checked(check):
    """A `recs.core.fields`/`recs.core.dates` check as a pydantic validator (ValueError)."""

    def validate(value):
        try:
            return check(value)
        except RecsError as exc:
            raise ValueError(str(exc)) from None

    return AfterValidator(validate)


def _date(value: str) -> str:
    if value.strip().lower() == "today":
        raise RecsError(f"invalid date {value!r}; use YYYY-MM-DD")
    return dates.parse_date(value)


Status = Literal["not_started", "in_progress", "partial", "implemented", "not_implemented"]
assert set(get_args(Status)) == set(statuses.STATUSES)

# ASCII digits ([0-9]): the patterns' `\d` would also match `٢٠٢٤` or `２０２４`
PartialDate = Annotated[str, Field(pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
                                   description="YYYY-MM-DD, or reduced precision YYYY-MM / YYYY"),
                        _checked(_date)]
Timestamp = Annotated[str, Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$",
                                 description="UTC, ISO 8601: YYYY-MM-DDTHH:MM:SSZ"),
                      _checked(dates.parse_timestamp)]
Title = Annotated[str, Field(min_length=1, max_length=fields.TITLE_MAX, pattern=r"^[^\r\n]*$"),
                  _checked(fields.title)]
Url = Annotated[str, Field(pattern=r"^[hH][tT][tT][pP][sS]?://\S+$", max_length=2000), _checked(fields.url)]
RecId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$", description="Short, stable, typable"),
                  _checked(fields.rec_id)]
Name = Annotated[str, Field(min_length=1, max_length=fields.NAME_MAX)]
LongText = Annotated[str, Field(max_length=fields.TEXT_MAX)]
#: Actor and tag names as the commands take them (`fields.names`): trimmed, one
#: line, unique regardless of case.
Actors = Annotated[list[Name], Field(min_length=1, description="first = lead"),
                   _checked(lambda values: fields.names(values, "actor"))]
Tags = Annotated[list[Name], _checked(lambda values: fields.names(values, "tag"))]
Owners = Annotated[list[Name], _checked(lambda values: fields.names(values, "owner"))]
#: A value of any JSON type (a history entry's `old` and `new`), nested at most `fields.DEPTH_MAX` deep.
Nested = Annotated[Any, _checked(fields.depth)]
Counter = Annotated[int, Field(ge=0, le=fields.NUMBER_MAX)]


def _texts(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


#: What the `old` and `new` of a history entry may be, by its `field`.
_VALUE_KINDS = {
    **dict.fromkeys(("status", "title", "text", "quote", "brief", "due"), lambda v: isinstance(v, str)),
    "actors": _texts,
    "tags": _texts,
    "owners": _texts,
    "fields": lambda v: isinstance(v, dict) and all(isinstance(x, str) for x in v.values()),
    "evidence": lambda v: isinstance(v, (str, dict)),
    "actor_status": lambda v: isinstance(v, dict) and all(x in statuses.STATUSES for x in v.values()),
}


def _without_unset(keys: tuple[str, ...]):
    """A serializer leaving out `keys` when they are None: optional keys added in a
    later version stay absent from records that never had them (a round trip
    through export and import gives the same bytes)."""

    @model_serializer(mode="wrap")
    def serialize(self, handler):
        data = handler(self)
        for key in keys:
            if data.get(key) is None:
                data.pop(key, None)
        return data

    return serialize


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class Brief(Strict):
    """A publication that makes recommendations."""

    id: RecId
    title: Title
    publisher: Name
    published: PartialDate
    url: Url | None = None
    removed: Timestamp | None = Field(None, description="When `recs brief remove` removed it (kept, id never reused)")
    history: list["HistoryEntry"] | None = Field(None, description="Changes made by `recs brief add|update|remove`")

    _serialize = _without_unset(("removed", "history"))


class Evidence(Strict):
    """Proof that something happened to a recommendation."""

    id: Annotated[str, Field(pattern=r"^E[0-9]+$")]
    date: PartialDate
    summary: Annotated[LongText, Field(min_length=1)]
    url: Url | None = None
    source: LongText | None = None
    added: Timestamp
    by: Annotated[str, Field(pattern=r"^[^\r\n]*$", description="Who: one line")]


class HistoryEntry(Strict):
    """One change of one field (or a note), append-only."""

    at: Timestamp
    by: Annotated[str, Field(pattern=r"^[^\r\n]*$", description="Who: one line")]
    field: str
    old: Nested = None
    new: Nested = None
    note: str | None = None
    change: Counter | None = Field(
        None, description="Id of the command that wrote this entry (see `recs undo`)")
    on: PartialDate | None = Field(
        None, description="The day the change took effect in the world (absent: when it was recorded, `at`)")

    undoes: Counter | None = Field(
        None, description="In an entry written by `recs undo` or `recs redo`: the change it reverts")

    _serialize = _without_unset(("on", "undoes"))

    @model_validator(mode="after")
    def _values_fit_the_field(self):
        """`old` and `new` of a field's entry are values of that field (or
        none), as `recs undo` puts them back and every view shows them."""
        kind = _VALUE_KINDS.get(self.field)
        for which in ("old", "new"):
            value = getattr(self, which)
            if value is not None and kind is not None and not kind(value):
                raise ValueError(f"{which} {value!r} is not a value of the field {self.field!r}")
        return self


Brief.model_rebuild()  # its history entries are defined after it


class Recommendation(Strict):
    """A recommendation of a brief and everything recorded about it.

    Keys this recs does not know (added by a newer recs, or by hand) are kept,
    as the store and git's merge driver keep them, within the nesting limit."""

    model_config = ConfigDict(extra="allow", str_strip_whitespace=False)

    id: RecId
    brief: str | None = None
    title: Title
    text: LongText = ""
    quote: LongText = ""
    actors: Actors
    status: Status = "not_started"
    due: PartialDate | None = None
    tags: Tags = []
    owners: Owners | None = Field(None, description="Staff who follow it (internal), apart from the actors")
    fields: dict[str, str] = Field(default_factory=dict,
                                   description="Columns of an imported source kept as they were")
    actor_status: dict[Name, Status] | None = Field(
        None, description="Each actor's own status, where it was recorded (the recommendation's `status` "
                          "stays what staff set)")
    evidence: list[Evidence] = []
    history: list[HistoryEntry] = []
    created: Timestamp
    updated: Timestamp

    @model_validator(mode="after")
    def _extras_bounded(self):
        for key, value in (self.model_extra or {}).items():
            try:
                fields.depth(value, key)
            except Exception as exc:  # RecsError: said as the model's own error
                raise ValueError(str(exc)) from None
        return self

    _serialize = _without_unset(("actor_status", "owners"))


class Export(Strict):
    """Everything needed to rebuild a store: `recs export --format json`."""

    recs_export: Literal[1] = Field(1, description="Version of this export format")
    schema_version: Annotated[int, Field(ge=1, description="Version of the store layout it came from")]
    last_number: Annotated[Counter, Field(description="The store's id counter: R<n> ids up to it are used")] = 0
    briefs: list[Brief]
    recommendations: list[Recommendation]
    removed: list[Recommendation] = Field(
        default_factory=list,
        description="Recommendations whose creation `recs undo` reverted, kept with their history (only when there are any)")
