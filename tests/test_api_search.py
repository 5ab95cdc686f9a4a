"""Full-text search: Arabic folding at index and query time, FTS5 on SQLite, tsvector on PostgreSQL."""
from __future__ import annotations

import importlib.util
import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from store import search
from tests.api_fixtures import add_document, add_event
from tests.test_api import items, make_client

MIGRATION = Path(__file__).resolve().parent.parent / "migrations" / "versions" / "0002_api.py"


def test_fold_removes_diacritics_tatweel_and_spelling_variants():
    assert search.fold("مُؤْتَمَرٌ") == search.fold("مؤتمر")
    assert search.fold("مـــؤتمر") == search.fold("مؤتمر")
    assert search.fold("أحمد") == search.fold("احمد") == search.fold("إحمد") == search.fold("آحمد")
    assert search.fold("مستشفى") == search.fold("مستشفي")
    assert search.fold("مدرسة") == search.fold("مدرسه")
    assert search.fold("٢٠١٦") == "2016" == search.fold("۲۰۱۶")
    assert search.fold("Lavrov") == "lavrov"
    assert search.fold("لاف\u200fروف") == search.fold("لافروف")      # a direction mark inside a word
    assert search.fold("مستشفی") == search.fold("مستشفى")            # Persian ya
    assert search.fold("ﷺ") == "ﷺ"  # presentation forms stay (SQL cannot expand them)
    # decomposed hamza (alef + combining hamza above) folds like the precomposed letter
    assert search.fold("\u0627\u0654حمد") == search.fold("أحمد")


def test_terms_ignore_operators():
    assert search.terms('"لافروف" OR (كيري) -موسكو*') == ["لافروف", "or", "كيري", "موسكو"]
    assert search.terms("!!! ...") == []


def test_migration_carries_the_same_folding_map():
    spec = importlib.util.spec_from_file_location("migration_0002", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.FOLD_MAP == search.FOLD_MAP, "the folding map changed: add a migration rebuilding the index"
    assert module._postgresql_vector() == search.postgresql_vector_sql()


def test_sql_folding_matches_python(engine):
    sample = "قالَ وزيـــرُ الخارجيةِ إنّ المؤتمرَ سيُعقد في ٢٠١٦ أو مستشفى\u200f ۀ ی ک ٲ ۖ"
    if engine.dialect.name == "sqlite":
        expr = search.sqlite_fold_select(":s")
    else:
        expr = search.postgresql_fold_sql("CAST(:s AS text)")
    with engine.connect() as conn:
        assert conn.execute(text(f"SELECT {expr}"), {"s": sample}).scalar() == search.fold(sample)


SENTENCES = {
    "plain": "قال وزير الخارجية إن المؤتمر سيعقد في جنيف",
    "vocalised": "قالَ وزيرُ الخارجيّةِ إنَّ المؤتمرَ سيُعقَدُ في موسكو",
    "tatweel": "وأكد الوزيـــر أن الاجتماع سيكون في القاهرة",
    "variants": "وصل إلى المستشفى في مدينة حماة",
    "other": "انتهت المباراة بالتعادل",
}


@pytest.fixture
def searchable(db_url, factory):
    with factory() as s:
        doc = add_document(s, "doc:search")
        ids = {name: add_event(s, doc, date(2016, 3, 1 + i), text=t).id for i, (name, t) in enumerate(SENTENCES.items())}
        s.commit()
    return make_client(db_url), ids


@pytest.mark.parametrize("query, expected", [
    ("المؤتمر", {"plain", "vocalised"}),
    ("المُؤْتَمَر", {"plain", "vocalised"}),        # diacritics in the query
    ("الخارجية", {"plain", "vocalised"}),         # shadda/kasra in the text
    ("الوزير", {"tatweel"}),                      # tatweel in the text
    ("الوزيـر", {"tatweel"}),                     # tatweel in the query
    ("المستشفي", {"variants"}),                   # ya / alef maqsura
    ("حماه", {"variants"}),                       # ta marbuta / ha
    ("الي", {"variants"}),                        # إلى: hamza alef and alef maqsura at once
    ("المؤتمر جنيف", {"plain"}),                  # every word must match
    ("سيعق", {"plain", "vocalised"}),             # words match as prefixes
    ("برشلونة", set()),
])
def test_q_matches_arabic_regardless_of_spelling(searchable, query, expected):
    client, ids = searchable
    got = {e["id"] for e in items(client.get(f"/api/v1/events?q={query}"))}
    assert got == {ids[name] for name in expected}


def test_q_combines_with_other_filters_and_paging(searchable):
    client, ids = searchable
    got = items(client.get("/api/v1/events?q=في&from=2016-03-02&to=2016-03-04"))
    assert [e["id"] for e in got] == [ids["vocalised"], ids["tatweel"], ids["variants"]]
    page = client.get("/api/v1/events?q=في&limit=2").get_json()
    rest = items(client.get(page["next"]))
    assert len(page["items"]) == 2 and len(rest) == 2


def test_index_follows_updates_and_deletes(searchable, factory):
    client, ids = searchable
    from store.models import Event

    with factory() as s:
        changed = s.get(Event, ids["other"])
        changed.text = changed.title = "مؤتمر صحفي جديد"
        s.delete(s.get(Event, ids["plain"]))
        s.commit()
    assert {e["id"] for e in items(client.get("/api/v1/events?q=مؤتمر"))} == {ids["other"]}
    assert {e["id"] for e in items(client.get("/api/v1/events?q=المؤتمر"))} == {ids["vocalised"]}
    assert items(client.get("/api/v1/events?q=المباراة")) == []


def test_q_works_in_exports_and_histogram(searchable):
    client, ids = searchable
    lines = client.get("/api/v1/exports/ndjson?q=المؤتمر").get_data(as_text=True).splitlines()
    assert sorted(json.loads(line)["id"] for line in lines) == sorted([ids["plain"], ids["vocalised"]])
    body = client.get("/api/v1/timeline/histogram?bucket=day&q=المؤتمر").get_json()
    assert body["total"] == 2


def test_postgresql_search_uses_the_gin_index(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only (SQLite searches its FTS5 table)")
    from sqlalchemy import literal, select

    from store.models import Event

    stmt = select(Event.id).where(search.matching_condition("postgresql", literal("مؤتمر:*")))
    with engine.connect() as conn:
        conn.execute(text("SET enable_seqscan = off"))
        sql = str(stmt.compile(engine, compile_kwargs={"literal_binds": True}))
        plan = conn.exec_driver_sql("EXPLAIN " + sql).scalars().all()
    assert any("ix_events_fts" in line for line in plan), plan
