"""Marshmallow schemas: request arguments and response bodies (and so the OpenAPI document)."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema


class EventQuerySchema(Schema):
    date_from = fields.Date(data_key="from", metadata={"description": "Events whose interval ends on or after this day (YYYY-MM-DD)."})
    date_to = fields.Date(data_key="to", metadata={"description": "Events whose interval starts on or before this day (YYYY-MM-DD)."})
    q = fields.String(validate=validate.Length(min=1, max=200), metadata={"description": "Text the event's sentence contains."})
    document = fields.Integer(validate=validate.Range(min=1), metadata={"description": "Only events a given document mentions."})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500), metadata={"description": "At most this many events (1-500)."})

    @validates_schema
    def _from_before_to(self, data, **_kwargs):
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError("`from` must not be after `to`.", field_name="from")


class PageQuerySchema(Schema):
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0))


class EvidenceSchema(Schema):
    document_id = fields.Integer()
    mention_id = fields.Integer(allow_none=True)
    sentence_start = fields.Integer()
    sentence_end = fields.Integer()
    text = fields.String()
    title = fields.String()
    place = fields.String(allow_none=True)
    document_title = fields.Function(lambda e: e.document.title if e.document else None)
    url = fields.Function(lambda e: e.document.url if e.document else None)
    source = fields.Function(lambda e: e.document.source if e.document else None)


class EventSchema(Schema):
    id = fields.Integer()
    date_start = fields.Date()
    date_end = fields.Date()
    granularity = fields.String()
    value = fields.String()
    end_value = fields.String(allow_none=True)
    hijri_start = fields.String(allow_none=True)
    hijri_end = fields.String(allow_none=True)
    calendar = fields.String()
    kind = fields.String()
    title = fields.String()
    text = fields.String()
    place = fields.String(allow_none=True)
    rule = fields.String(allow_none=True)
    confidence = fields.Float()
    document_count = fields.Integer()
    source_count = fields.Integer()
    document_id = fields.Integer()
    mention_id = fields.Integer(allow_none=True)


class EventDetailSchema(EventSchema):
    evidence = fields.List(fields.Nested(EvidenceSchema))


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
    resolved = fields.Function(lambda m: m.status in ("resolved", "uncertain"))
    rule = fields.String(allow_none=True)
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
    page_key = fields.String(allow_none=True)
    position = fields.Integer()
    published = fields.Date(allow_none=True)
    anchor_date = fields.Date(allow_none=True)
    anchor_value = fields.String(allow_none=True)
    anchor_granularity = fields.String(allow_none=True)
    published_basis = fields.String()
    anchor_rule = fields.String(allow_none=True)
    anchor_candidates = fields.List(fields.String(), allow_none=True)
    ingested_at = fields.DateTime()
    updated_at = fields.DateTime()


class DocumentDetailSchema(DocumentSummarySchema):
    text = fields.String()
    page_start = fields.Integer()
    page_end = fields.Integer()
    mentions = fields.List(fields.Nested(MentionSchema))


class HealthSchema(Schema):
    status = fields.String()
    database = fields.String()
    schema_revision = fields.String(allow_none=True)
    documents = fields.Integer()
    mentions = fields.Integer()
    events = fields.Integer()
