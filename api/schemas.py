"""Marshmallow schemas: request arguments and response bodies (and so the OpenAPI document)."""
from __future__ import annotations

import re
from datetime import timezone

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from store.queries import MAX_ID, PRECISIONS

GRANULARITIES = PRECISIONS
BASES = ("metadata", "lead", "inferred", "unknown")
RUN_STATUSES = ("running", "ok", "partial", "failed", "interrupted")


def _no_nul(value: str) -> None:
    """Refuse what no backend stores as text: NUL (PostgreSQL cannot hold it) and lone
    surrogates (``"\\ud800"`` in JSON: half of a UTF-16 pair, not a character)."""
    if "\x00" in value:
        raise ValidationError("must not contain NUL characters.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValidationError(f"holds a lone surrogate (\\u{ord(value[exc.start]):04x}) at character "
                              f"{exc.start}: half of a UTF-16 pair is not a character.") from None


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError("must hold some text, not only spaces.")


def Text(**kwargs) -> fields.String:
    """A string parameter of bounded length, without NUL characters."""
    max_len = kwargs.pop("max_length", 200)
    return fields.String(validate=[validate.Length(min=1, max=max_len), _no_nul], **kwargs)


class AsciiInteger(fields.Integer):
    """A whole number written with the digits 0-9. Python's int() also reads other
    scripts' digits (and marshmallow with it), so ``٣`` would be 3 and ``²`` an error
    deep inside; a parameter is either plainly a number or a 400."""

    default_error_messages = {"invalid": "must be a whole number written with the digits 0-9."}

    def _validated(self, value):
        if isinstance(value, str) and not _ASCII_INTEGER.fullmatch(value.strip()):
            raise self.make_error("invalid")
        return super()._validated(value)


_ASCII_INTEGER = re.compile(r"[+-]?[0-9]+")


def Id(**kwargs) -> fields.Integer:
    return AsciiInteger(strict=False, validate=validate.Range(min=1, max=MAX_ID), **kwargs)


def _entity(value: str) -> None:
    """An entity filter is an id (digits 0-9) or a name (which holds a letter)."""
    _no_nul(value)
    stripped = value.strip()
    if stripped.isdigit() and not (stripped.isascii() and int(stripped) <= MAX_ID):
        raise ValidationError("an entity id is a number written with the digits 0-9 "
                              f"(at most {MAX_ID}); a name holds letters.")


class UTCDateTime(fields.DateTime):
    """Stored datetimes are naive UTC; say so (RFC 3339 needs the offset)."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return super()._serialize(value, attr, obj, **kwargs)


# --- arguments ----------------------------------------------------------------

class EventFilterSchema(Schema):
    """The filters shared by /events, the histogram and every export."""

    date_from = fields.Date(data_key="from", metadata={"description": "Events whose interval ends on or after this day (YYYY-MM-DD); with `within=true`, that start on or after it."})
    date_to = fields.Date(data_key="to", metadata={"description": "Events whose interval starts on or before this day (YYYY-MM-DD); with `within=true`, that end on or before it."})
    within = fields.Boolean(load_default=False, metadata={"description": "Only events wholly inside [from, to] rather than overlapping it."})
    granularity = fields.String(validate=validate.OneOf(GRANULARITIES), metadata={"description": "Only events of exactly this precision."})
    min_precision = fields.String(validate=validate.OneOf(GRANULARITIES), metadata={"description": "Only events at least this precise (`day` keeps time- and day-precise events)."})
    q = Text(metadata={"description": "Full-text search in the event's title, sentence and place. Ignores Arabic diacritics, tatweel and alef/ya/ta-marbuta variants; each word matches words starting with it; all words must match."})
    document = Id(metadata={"description": "Only events a given document tells."})
    source = Text(metadata={"description": "Only events told by a document of this source (exact name)."})
    place = Text(metadata={"description": "Only events at this place (exact name)."})
    entity = fields.String(validate=[validate.Length(min=1, max=200), _entity], metadata={"description": "Only events an entity takes part in: its id (digits 0-9), or its exact name (Arabic or English)."})
    hijri_year = AsciiInteger(validate=validate.Range(min=1, max=2000), metadata={"description": "Only events whose first day falls in this Hijri (Umm al-Qura) year."})
    hijri_month = AsciiInteger(validate=validate.Range(min=1, max=12), metadata={"description": "Only events whose first day falls in this Hijri month (9 = Ramadan)."})

    @validates_schema
    def _from_before_to(self, data, **_kwargs):
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError("`from` must not be after `to`.", field_name="from")


class EventQuerySchema(EventFilterSchema):
    order = fields.String(load_default="asc", validate=validate.OneOf(("asc", "desc")), metadata={"description": "`asc`: oldest first (date_start, date_end, id); `desc`: newest first."})
    limit = AsciiInteger(load_default=50, validate=validate.Range(min=1, max=500), metadata={"description": "Events per page (1-500)."})
    cursor = fields.String(validate=validate.Length(max=500), metadata={"description": "Opaque cursor from the previous page's `next_cursor` (or its `next` link)."})


class HistogramQuerySchema(EventFilterSchema):
    bucket = fields.String(load_default="month", validate=validate.OneOf(("day", "month", "year")), metadata={"description": "Bucket width: day, month or year of the event's first day."})


class DocumentQuerySchema(Schema):
    limit = AsciiInteger(load_default=50, validate=validate.Range(min=1, max=500), metadata={"description": "Documents per page (1-500)."})
    cursor = fields.String(validate=validate.Length(max=500), metadata={"description": "Opaque cursor from the previous page."})
    source = Text(metadata={"description": "Only documents of this source (exact name)."})
    published_basis = fields.String(validate=validate.OneOf(BASES), metadata={"description": "Only documents whose anchor came from this basis."})


class RunQuerySchema(Schema):
    limit = AsciiInteger(load_default=20, validate=validate.Range(min=1, max=500), metadata={"description": "Runs per page (1-500), newest first."})
    cursor = fields.String(validate=validate.Length(max=500), metadata={"description": "Opaque cursor from the previous page."})
    status = fields.String(validate=validate.OneOf(RUN_STATUSES), metadata={"description": "Only runs in this state: " + ", ".join(RUN_STATUSES) + " (`interrupted`: stopped by a signal, or its process died)."})


class DocumentCreateSchema(Schema):
    text = fields.String(required=True, validate=[validate.Length(min=1), _not_blank, _no_nul], metadata={"description": "The article's text (UTF-8): not empty, not only spaces."})
    key = Text(max_length=2000, metadata={"description": "Identity across ingests (URL, feed id...); default: `url`, else a hash of the text. Posting the same key with new text replaces the document."})
    title = Text(max_length=2000, allow_none=True, metadata={"description": "Title."})
    url = Text(max_length=2000, allow_none=True, metadata={"description": "Where the article was published."})
    source = Text(max_length=500, allow_none=True, metadata={"description": "Source name (newspaper, agency)."})
    published = fields.Date(allow_none=True, metadata={"description": "Publication date (YYYY-MM-DD): the anchor relative dates resolve against."})
    language = fields.String(load_default="ar", validate=[validate.Length(min=2, max=16), _no_nul], metadata={"description": "Language code."})


class DocumentPatchSchema(Schema):
    published = fields.Date(required=True, allow_none=True, metadata={"description": "New publication date (YYYY-MM-DD), or null to remove it: the document's dates are resolved again from their stored form."})


# --- responses ----------------------------------------------------------------

class ProvenanceSchema(Schema):
    document_id = fields.Integer(metadata={"description": "The document the event's text was taken from."})
    document_title = fields.String(allow_none=True)
    document_key = fields.String(allow_none=True)
    source = fields.String(allow_none=True)
    url = fields.String(allow_none=True)
    mention_id = fields.Integer(allow_none=True)
    start = fields.Integer(allow_none=True, metadata={"description": "Offset of the temporal expression in the document's text."})
    end = fields.Integer(allow_none=True, metadata={"description": "End offset (exclusive)."})
    mention_text = fields.String(allow_none=True, metadata={"description": "The temporal expression as written."})
    rule = fields.String(allow_none=True, metadata={"description": "How the date was resolved (for developers, English)."})
    explanation = fields.String(allow_none=True, metadata={"description": "How the date was resolved, in Arabic, for users."})


class EventSchema(Schema):
    id = fields.Integer()
    date_start = fields.Date(metadata={"description": "First day (Gregorian), inclusive."})
    date_end = fields.Date(metadata={"description": "Last day (Gregorian), inclusive."})
    granularity = fields.String(metadata={"description": "Precision: " + ", ".join(GRANULARITIES) + "."})
    value = fields.String(metadata={"description": "TIMEX3 value (2016-10-03, 2017-01, 2016-FA, 2015...)."})
    end_value = fields.String(allow_none=True, metadata={"description": "TIMEX3 value of the interval's end, if an interval."})
    hijri_start = fields.String(allow_none=True, metadata={"description": "First day in the Umm al-Qura calendar (YYYY-MM-DD)."})
    hijri_end = fields.String(allow_none=True, metadata={"description": "Last day in the Umm al-Qura calendar."})
    hijri_year = fields.Integer(allow_none=True)
    hijri_month = fields.Integer(allow_none=True)
    calendar = fields.String(metadata={"description": "Calendar the text was written in."})
    kind = fields.String()
    title = fields.String()
    text = fields.String(metadata={"description": "The sentence that tells the event."})
    place = fields.String(allow_none=True)
    rule = fields.String(allow_none=True, metadata={"description": "How the date was resolved (for developers, English)."})
    explanation = fields.String(allow_none=True, metadata={"description": "How the date was resolved, in Arabic, for users."})
    confidence = fields.Float()
    document_count = fields.Integer()
    source_count = fields.Integer()
    document_id = fields.Integer()
    mention_id = fields.Integer(allow_none=True)
    provenance = fields.Nested(ProvenanceSchema)


class EventPageSchema(Schema):
    items = fields.List(fields.Nested(EventSchema))
    limit = fields.Integer()
    next_cursor = fields.String(allow_none=True, metadata={"description": "Pass as `cursor` for the next page; null on the last page."})
    next = fields.String(allow_none=True, metadata={"description": "URL of the next page; null on the last page."})


class EventMentionSchema(Schema):
    document_id = fields.Integer()
    document_title = fields.String(allow_none=True)
    url = fields.String(allow_none=True)
    source = fields.String(allow_none=True)
    mention_id = fields.Integer(allow_none=True)
    start = fields.Integer(allow_none=True)
    end = fields.Integer(allow_none=True)
    mention_text = fields.String(allow_none=True)
    value = fields.String(allow_none=True)
    rule = fields.String(allow_none=True)
    explanation = fields.String(allow_none=True)
    sentence_start = fields.Integer()
    sentence_end = fields.Integer()
    text = fields.String()
    title = fields.String()
    place = fields.String(allow_none=True)


class EntitySchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    name = fields.String()
    name_en = fields.String(allow_none=True)
    role = fields.String()


class EventDetailSchema(EventSchema):
    mentions = fields.List(fields.Nested(EventMentionSchema), metadata={"description": "Every sentence, in every document, that tells the event."})
    entities = fields.List(fields.Nested(EntitySchema))


class MentionSchema(Schema):
    id = fields.Integer()
    start = fields.Integer(attribute="start_offset")
    end = fields.Integer(attribute="end_offset")
    text = fields.String()
    type = fields.String(attribute="timex_type")
    value = fields.String()
    end_value = fields.String(allow_none=True)
    granularity = fields.String(allow_none=True)
    date_start = fields.Date(allow_none=True)
    date_end = fields.Date(allow_none=True)
    hijri_start = fields.String(allow_none=True)
    hijri_end = fields.String(allow_none=True)
    calendar = fields.String()
    status = fields.String()
    resolved = fields.Function(lambda m: m.status in ("resolved", "uncertain"), metadata={"type": "boolean"})
    rule = fields.String(allow_none=True)
    explanation = fields.String(allow_none=True)
    symbolic = fields.String(allow_none=True)
    candidates = fields.List(fields.String(), allow_none=True)


class DocumentSummarySchema(Schema):
    id = fields.Integer()
    key = fields.String()
    title = fields.String(allow_none=True)
    headline = fields.String(allow_none=True)
    dateline = fields.String(allow_none=True)
    url = fields.String(allow_none=True)
    path = fields.String(allow_none=True)
    source = fields.String(allow_none=True)
    language = fields.String(allow_none=True)
    page_key = fields.String(allow_none=True)
    position = fields.Integer()
    published = fields.Date(allow_none=True)
    anchor_date = fields.Date(allow_none=True, metadata={"description": "The date relative expressions resolve against."})
    anchor_value = fields.String(allow_none=True)
    anchor_granularity = fields.String(allow_none=True)
    published_basis = fields.String(metadata={"description": "Where the anchor came from: " + ", ".join(BASES) + "."})
    anchor_rule = fields.String(allow_none=True)
    anchor_candidates = fields.List(fields.String(), allow_none=True)
    ingested_at = UTCDateTime()
    updated_at = UTCDateTime()


class DocumentPageSchema(Schema):
    items = fields.List(fields.Nested(DocumentSummarySchema))
    limit = fields.Integer()
    next_cursor = fields.String(allow_none=True)
    next = fields.String(allow_none=True)


class DocumentDetailSchema(DocumentSummarySchema):
    text = fields.String()
    page_start = fields.Integer()
    page_end = fields.Integer()
    mentions = fields.List(fields.Nested(MentionSchema), metadata={"description": "Every temporal expression, resolved or not, with offsets into `text`."})


class DocumentWriteResultSchema(Schema):
    status = fields.String(metadata={"description": "new, changed or unchanged."})
    run_id = fields.Integer(allow_none=True)
    documents = fields.List(fields.Nested(DocumentSummarySchema))
    events = fields.List(fields.Nested(EventSchema))


class DocumentPatchResultSchema(Schema):
    document = fields.Nested(DocumentDetailSchema)
    events = fields.List(fields.Nested(EventSchema))


class HistogramBucketSchema(Schema):
    bucket = fields.String(metadata={"description": "YYYY-MM-DD, YYYY-MM or YYYY."})
    start = fields.Date()
    end = fields.Date()
    count = fields.Integer()


class HistogramSchema(Schema):
    bucket = fields.String()
    buckets = fields.List(fields.Nested(HistogramBucketSchema))
    total = fields.Integer()


class RunSchema(Schema):
    id = fields.Integer()
    started_at = UTCDateTime()
    finished_at = UTCDateTime(allow_none=True)
    source = fields.String()
    status = fields.String()
    seen = fields.Integer()
    new = fields.Integer()
    changed = fields.Integer()
    unchanged = fields.Integer()
    failed = fields.Integer()
    errors = fields.List(fields.Dict(), allow_none=True)
    warnings = fields.List(fields.Dict(), allow_none=True, metadata={"description": "Inputs stored with something to know: `{input, warning}` (bytes that did not decode, a linked page that was refused)."})


class RunPageSchema(Schema):
    items = fields.List(fields.Nested(RunSchema))
    limit = fields.Integer()
    next_cursor = fields.String(allow_none=True)
    next = fields.String(allow_none=True)


class HealthSchema(Schema):
    status = fields.String(metadata={"description": "`ok` when the service and its database answer (public)."})
    database = fields.String(metadata={"description": "Database kind; left out when reads need the token and none was given."})
    schema_revision = fields.String(allow_none=True, metadata={"description": "Left out like `database`."})
    documents = fields.Integer(metadata={"description": "Row counts; left out like `database`."})
    mentions = fields.Integer()
    events = fields.Integer()
