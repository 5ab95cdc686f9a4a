"""Small builders shared by tests."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

ARTICLE = (
    "لافروف يبحث مع نظيره الأزمة في سوريا\n\n"
    "موسكو-سانا\n\n"
    "قال وزير الخارجية الروسي سيرغي لافروف في مؤتمر صحفي عقده اليوم في موسكو إن المحادثات ستجري غدا في جنيف.\n"
    "وأضاف أن الاجتماع المقبل سيعقد بعد غد.\n"
)


def write_article(folder: Path, name: str, text: str = ARTICLE, published: date | None = None, **meta) -> Path:
    path = folder / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    if published or meta:
        data = dict(meta)
        if published:
            data["published"] = published.isoformat()
        (folder / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path
