"""A throwaway HTTP server on 127.0.0.1 serving tests/fixtures/web, so that no test reaches the internet.

``{{BASE}}`` in a served file becomes the server's own address, so feeds can
link to pages on it. ``site.redirects[path] = location`` makes a path answer
302 to ``location``. ``other_site`` is a second server on another port.
"""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parent / "fixtures" / "web"


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".rss": "application/rss+xml", ".xml": "application/xml", ".jsonl": "application/jsonl",
                      ".html": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8"}

    def log_message(self, *_args) -> None:  # keep test output clean
        pass


@dataclass
class Site:
    base: str
    root: Path
    hits: list[str]
    redirects: dict[str, str]

    def url(self, name: str) -> str:
        return f"{self.base}/{name}"


def _serve(root: Path):
    hits: list[str] = []
    redirects: dict[str, str] = {}

    class Handler(_Handler):
        def do_GET(self):
            hits.append(self.path)
            if self.path in redirects:
                self.send_response(302)
                self.send_header("Location", redirects[self.path])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            super().do_GET()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    for path in root.rglob("*"):
        if path.is_file() and path.suffix in (".rss", ".xml", ".html"):
            path.write_text(path.read_text(encoding="utf-8").replace("{{BASE}}", base), encoding="utf-8")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, Site(base, root, hits, redirects)


def _site(root: Path):
    shutil.copytree(WEB, root)
    server, served = _serve(root)
    yield served
    server.shutdown()
    server.server_close()


@pytest.fixture
def site(tmp_path):
    yield from _site(tmp_path / "web")


@pytest.fixture
def other_site(tmp_path):
    yield from _site(tmp_path / "web2")
