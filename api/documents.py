"""/documents: stored articles with their anchors and mentions."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint, abort

from api import db
from api.schemas import DocumentDetailSchema, DocumentSummarySchema, PageQuerySchema
from store import queries

blp = Blueprint("documents", __name__, description="Articles and their temporal expressions")


@blp.route("/documents")
class DocumentList(MethodView):
    @blp.arguments(PageQuerySchema, location="query", error_status_code=400)
    @blp.response(200, DocumentSummarySchema(many=True))
    def get(self, args):
        """Stored documents, oldest first."""
        return queries.list_documents(db(), limit=args["limit"], offset=args["offset"])


@blp.route("/documents/<int:document_id>")
class DocumentItem(MethodView):
    @blp.response(200, DocumentDetailSchema)
    def get(self, document_id: int):
        """A document's text, metadata, anchor and every mention, resolved or not."""
        doc = queries.get_document(db(), document_id)
        if doc is None:
            abort(404, message=f"No document with id {document_id}.")
        return doc
