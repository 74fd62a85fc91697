"""The data model of ../SPEC.md as pydantic models.

Used at the boundaries: validating imports and whole stores (`doctor`), and
publishing the JSON Schema of exports (`recs schema`). The everyday commands
work on plain dicts and validate single values with `recs.fields` and
`recs.dates`, which these models reuse, so both agree.
"""

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from recs import dates, fields, statuses
from recs.errors import RecsError


def _checked(check):
    """A `recs.fields`/`recs.dates` check as a pydantic validator (ValueError)."""

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
assert set(Status.__args__) == set(statuses.STATUSES)

PartialDate = Annotated[str, Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
                                   description="YYYY-MM-DD, or reduced precision YYYY-MM / YYYY"),
                        _checked(_date)]
Timestamp = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$",
                                 description="UTC, ISO 8601: YYYY-MM-DDTHH:MM:SSZ")]
Title = Annotated[str, Field(min_length=1, max_length=fields.TITLE_MAX, pattern=r"^[^\r\n]*$"),
                  _checked(fields.title)]
Url = Annotated[str, Field(pattern=r"^[hH][tT][tT][pP][sS]?://\S+$", max_length=2000), _checked(fields.url)]
RecId = Annotated[str, Field(pattern=r"^[^\W_][\w.-]{0,63}$", description="Short, stable, typable"),
                  _checked(fields.rec_id)]
Name = Annotated[str, Field(min_length=1, max_length=fields.NAME_MAX)]
LongText = Annotated[str, Field(max_length=fields.TEXT_MAX)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class Brief(Strict):
    """A publication that makes recommendations."""

    id: RecId
    title: Title
    publisher: Name
    published: PartialDate
    url: Url | None = None


class Evidence(Strict):
    """Proof that something happened to a recommendation."""

    id: Annotated[str, Field(pattern=r"^E\d+$")]
    date: PartialDate
    summary: Annotated[LongText, Field(min_length=1)]
    url: Url | None = None
    source: LongText | None = None
    added: Timestamp
    by: str


class HistoryEntry(Strict):
    """One change of one field (or a note), append-only."""

    at: Timestamp
    by: str
    field: str
    old: Any = None
    new: Any = None
    note: str | None = None
    change: Annotated[int, Field(ge=0)] | None = Field(
        None, description="Id of the command that wrote this entry (see `recs undo`)")


class Recommendation(Strict):
    """A recommendation of a brief and everything recorded about it."""

    id: RecId
    brief: str | None = None
    title: Title
    text: LongText = ""
    quote: LongText = ""
    actors: Annotated[list[Name], Field(min_length=1, description="first = lead")]
    status: Status = "not_started"
    due: PartialDate | None = None
    tags: list[Name] = []
    fields: dict[str, str] = Field(default_factory=dict,
                                   description="Columns of an imported source kept as they were")
    evidence: list[Evidence] = []
    history: list[HistoryEntry] = []
    created: Timestamp
    updated: Timestamp


class Export(Strict):
    """Everything needed to rebuild a store: `recs export --format json`."""

    recs_export: Literal[1] = Field(1, description="Version of this export format")
    schema_version: Annotated[int, Field(ge=1, description="Version of the store layout it came from")]
    last_number: Annotated[int, Field(ge=0, description="The store's id counter: R<n> ids up to it are used")] = 0
    briefs: list[Brief]
    recommendations: list[Recommendation]
    removed: list[Recommendation] = Field(
        default_factory=list,
        description="Recommendations whose creation `recs undo` reverted, kept with their history (only when there are any)")
