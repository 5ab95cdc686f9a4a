"""HTML pages: the main text and metadata, by trafilatura (not home-made regexes).

The publication date comes from the page's own markup (meta tags, JSON-LD)
only: ``extensive_search`` is off so that a date merely printed in the text
is never mistaken for the page's.
"""
from __future__ import annotations

from datetime import date

from lxml import html as lxml_html

from ingest.document import SourceDocument
from ingest.sources import InputError, parse_date

# Elements after which a reader sees a line break.
_BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
           "blockquote", "section", "article", "header", "footer", "pre", "dd", "dt", "figcaption"}


def looks_binary(data: bytes) -> bool:
    """NUL bytes never occur in text in the encodings we accept, except UTF-16."""
    head = data[:4096]
    return b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))


def extract_html(data: bytes | str, *, where: str, key: str, url: str | None = None, path: str | None = None,
                 charset: str | None = None, published: date | None = None, origin: str | None = None,
                 kind: str = "html") -> SourceDocument:
    """One page as one document (a page holding several articles is cut later, by the segmenter)."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    if isinstance(data, bytes):
        if not data.strip():
            raise InputError(where, "the page is empty", key=key, origin=origin)
        if looks_binary(data):
            raise InputError(where, "looks like a binary file, not an HTML page; skipped", key=key, origin=origin)
        if charset:
            try:
                data = data.decode(charset)
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong header: let trafilatura detect the encoding
    try:
        doc = trafilatura.bare_extraction(
            data, url=url, with_metadata=True, include_comments=False, include_tables=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # the extractor's own failures are the page's problem, not the run's
        raise InputError(where, f"the HTML could not be parsed ({type(exc).__name__}: {exc})", key=key, origin=origin) from None
    meta = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    text = (meta.get("text") or "").strip()
    if not text:
        raise InputError(where, "no article text found in the page", key=key, origin=origin)
    try:
        page_date = parse_date(meta.get("date"), where)
    except InputError:
        page_date = None  # a date the page states badly is no date
    extra = {k: meta[k] for k in ("author", "sitename", "description", "categories", "tags")
             if meta.get(k) not in (None, "", [])}
    canonical = meta.get("url")
    if canonical and canonical != url:
        extra["canonical_url"] = canonical
    return SourceDocument(
        key=key, text=text, path=path, url=url or canonical, title=meta.get("title") or None,
        published=published or page_date, source=meta.get("sitename") or None,
        language=meta.get("language") or None, encoding=charset, metadata=extra, origin=origin, kind=kind,
    )


def fragment_text(markup: str) -> str:
    """The text of an HTML fragment (a feed entry's summary), with line breaks at blocks."""
    if "<" not in markup:
        return markup.strip()
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except Exception:  # not even a fragment: keep it as plain text
        return markup.strip()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)
