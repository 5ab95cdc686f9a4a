"""/documents: stored articles with their anchors and mentions; writes behind the API token."""
from __future__ import annotations

import hashlib

from flask import current_app
from flask.views import MethodView
from flask_smorest import abort

from api import db
from api.common import WRITE_SECURITY, BodyBlueprint, json_args, query_args
from api.events import event_page
from api.paging import decode_id, encode, page
from api.schemas import (
    DocumentCreateSchema,
    DocumentDetailSchema,
    DocumentPageSchema,
    DocumentPatchResultSchema,
    DocumentPatchSchema,
    DocumentQuerySchema,
    DocumentWriteResultSchema,
    EventPageSchema,
    EventQuerySchema,
)
from ingest.document import SourceDocument
from ingest.events import grouping
from ingest.pipeline import DocumentNotFound, IngestOptions, ingest, reanchor
from store import queries, writes
from store.db import transaction

blp = BodyBlueprint("documents", __name__, description="Articles, their anchors and temporal expressions")


def _factory():
    return current_app.extensions["timeline_sessions"]


def _events_of(session, document_id: int) -> list[dict]:
    return list(queries.iter_events(session, queries.EventFilter(document_id=document_id)))


@blp.route("/documents")
class DocumentList(MethodView):
    @query_args(blp, DocumentQuerySchema)
    @blp.response(200, DocumentPageSchema)
    def get(self, args):
        """Stored documents, in the order they were first stored (keyset-paged)."""
        docs, last = queries.list_documents(
            db(), limit=args["limit"], after=decode_id("documents", args.get("cursor")),
            source=args.get("source"), basis=args.get("published_basis"))
        return page(docs, encode("documents", [last]) if last else None, args["limit"])

    @json_args(blp, DocumentCreateSchema)
    @blp.response(201, DocumentWriteResultSchema, description="Stored (new or changed).")
    @blp.alt_response(200, schema=DocumentWriteResultSchema, description="Already stored with this text and metadata: nothing changed.")
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.doc(security=WRITE_SECURITY)
    def post(self, body):
        """Ingest one text with its metadata; returns its documents and events.

        The text goes through the same pipeline as `timeline ingest` and is
        recorded as an ingest run. Posting the same `key` again with the same
        text changes nothing (200); with a new text it replaces the document.
        """
        text = body["text"]
        key = body.get("key") or body.get("url") or "api:" + hashlib.sha256(text.encode()).hexdigest()[:24]
        source = SourceDocument(key=key, text=text, url=body.get("url"), title=body.get("title"),
                                published=body.get("published"), source=body.get("source"),
                                language=body.get("language"))
        # a date in the body is the client's word for this document: it replaces one set by PATCH
        options = IngestOptions(forget_published=body.get("published") is not None)
        summary = ingest(_factory(), [source], label="api: POST /documents", options=options)
        if summary.failed:
            abort(400, message=f"body: the text could not be ingested: {summary.errors[0]['error']}")
        session = db()
        docs = sorted(writes.documents_of_source(session, key), key=lambda d: d.position)
        events = [ev for d in docs for ev in _events_of(session, d.id)]
        status = "new" if summary.new else "changed" if summary.changed else "unchanged"
        result = {"status": status, "run_id": summary.run_id, "documents": docs, "events": events}
        return result, (200 if status == "unchanged" else 201)


@blp.route("/documents/<int:document_id>")
class DocumentItem(MethodView):
    @blp.response(200, DocumentDetailSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, document_id: int):
        """A document's text, metadata, anchor and its basis, and every mention (offsets into `text`), resolved or not."""
        doc = queries.get_document(db(), document_id)
        if doc is None:
            abort(404, message=f"No document with id {document_id}.")
        return doc

    @json_args(blp, DocumentPatchSchema)
    @blp.response(200, DocumentPatchResultSchema)
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(security=WRITE_SECURITY)
    def patch(self, body, document_id: int):
        """Set (or clear, with null) a document's publication date: its dates are resolved again from their stored form."""
        if not queries.document_exists(db(), document_id):
            abort(404, message=f"No document with id {document_id}.")
        try:
            with transaction(_factory()) as session:
                reanchor(session, document_id, body["published"])
        except DocumentNotFound:
            abort(404, message=f"No document with id {document_id}.")
        session = db()
        session.expire_all()
        return {"document": queries.get_document(session, document_id),
                "events": _events_of(session, document_id)}

    @blp.response(204, description="Deleted, with its mentions and events.")
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(security=WRITE_SECURITY)
    def delete(self, document_id: int):
        """Delete a document; its mentions and the events it supports go with it."""
        if not 0 < document_id <= queries.MAX_ID:
            abort(404, message=f"No document with id {document_id}.")
        with transaction(_factory()) as session:
            doc = session.get(writes.Document, document_id)
            if doc is None:
                abort(404, message=f"No document with id {document_id}.")
            writes.delete_document(session, doc, regroup=grouping)
        return None


@blp.route("/documents/<int:document_id>/events")
class DocumentEvents(MethodView):
    @query_args(blp, EventQuerySchema)
    @blp.response(200, EventPageSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, args, document_id: int):
        """The events a document tells, in chronological order; takes the /events filters and paging."""
        if not queries.document_exists(db(), document_id):
            abort(404, message=f"No document with id {document_id}.")
        return event_page(args, document_id=document_id)
