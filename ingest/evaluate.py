"""Score the extractor against a gold file of annotated temporal expressions.

``python -m ingest.evaluate GOLD.jsonl --manifest MANIFEST.jsonl [--files-dir DIR] [--json]``
(also ``timeline eval``) runs extraction on every file the manifest lists,
with the manifest's ``dct``, and prints the same figures as the project's
referee scorer (TempEval-3 style, relaxed spans): extraction precision,
recall and F1, value precision, recall and F1, then every miss, spurious hit
and wrong value.

Formats (JSON Lines, one object per line):

- manifest rows: ``file`` (a name relative to ``--files-dir``; by default the
  ``seeds/`` folder beside the manifest's folder, else the manifest's folder),
  ``dct`` (``YYYY-MM-DD`` or null).
- gold rows: ``file``, ``start``, ``end`` (character offsets into the decoded
  text, end exclusive), ``text``, ``type``, ``value`` (TIMEX3), optional
  ``end_value`` (last day of an interval), ``optional`` (true: vague or generic
  references and durations, neither required nor penalised), ``needs_dct``
  (true: the value cannot be known from the text and the dct; counts for
  extraction only).

Scoring: a system mention matches a gold mention when their spans overlap
(one-to-one, largest overlap first). A matched mention's value is right when
``value`` (and ``end_value`` where the gold has one) are equal; a TIME value
on the gold's day (2025-12-21TEV for 2025-12-21) counts as that day. Unmatched
system mentions are spurious, except one lying wholly inside a gold span
another system mention matched, with the same value (a paired date split in
two): it is neither a hit nor spurious. These are the referee's rules.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any, Iterable


def _load(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1256", errors="replace")


_TIME_ON_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})T")


def same_value(system_value: Any, gold_value: Any) -> bool:
    """Equal values, or a time on the gold's day."""
    s, g = str(system_value), str(gold_value)
    if s == g:
        return True
    m = _TIME_ON_DAY.match(s)
    return bool(m) and m.group(1) == g and len(g) == 10


def score(gold: list[dict[str, Any]], system: list[dict[str, Any]],
          files: Iterable[str] | None = None) -> dict[str, Any]:
    """The referee's scoring, figure for figure (see the module docstring)."""
    key = lambda r: os.path.basename(r["file"])  # noqa: E731
    fileset = set(files) if files is not None else {key(g) for g in gold}
    gold = [g for g in gold if key(g) in fileset]
    system = [s for s in system if key(s) in fileset]
    tp = fp = fn = 0
    v_ok = v_sys = v_gold = 0
    errors: list[str] = []
    misses: list[dict[str, Any]] = []
    spurious: list[dict[str, Any]] = []
    wrong: list[dict[str, Any]] = []
    for f in sorted(fileset):
        G = [g for g in gold if key(g) == f]
        S = [s for s in system if key(s) == f]
        pairs = []
        for i, g in enumerate(G):
            for j, s in enumerate(S):
                ov = min(g["end"], s["end"]) - max(g["start"], s["start"])
                if ov > 0:
                    pairs.append((ov, i, j))
        pairs.sort(reverse=True)
        gm: dict[int, int] = {}
        sm: dict[int, int] = {}
        for ov, i, j in pairs:
            if i not in gm and j not in sm:
                gm[i] = j
                sm[j] = i
        for i, g in enumerate(G):
            opt = g.get("optional", False)
            needs = g.get("needs_dct", False)
            if not opt and not needs:
                v_gold += 1
            if i in gm:
                if opt:
                    continue
                tp += 1
                s = S[gm[i]]
                if needs:
                    continue
                v_sys += 1
                ok = same_value(s.get("value"), g["value"]) and (
                    "end_value" not in g or str(s.get("end_value")) == str(g["end_value"]))
                if ok:
                    v_ok += 1
                else:
                    gv = g["value"] + ("/" + g["end_value"] if "end_value" in g else "")
                    sv = str(s.get("value")) + ("/" + str(s.get("end_value")) if s.get("end_value") else "")
                    errors.append(f"{f}:{g['start']} '{g['text']}' gold={gv} got={sv}")
                    wrong.append({"file": f, "gold": g, "system": s})
            elif not opt:
                fn += 1
                errors.append(f"{f}:{g['start']} '{g['text']}' MISSED (gold={g['value']})")
                misses.append({"file": f, "gold": g})
        for j, s in enumerate(S):
            if j not in sm:
                inside = [i for i, g in enumerate(G) if i in gm and g["start"] <= s["start"] and s["end"] <= g["end"]]
                if any(same_value(s.get("value"), G[i]["value"]) for i in inside):
                    continue
                fp += 1
                v_sys += 1
                errors.append(f"{f}:{s['start']} '{s.get('text', '')}' SPURIOUS (value={s.get('value')})")
                spurious.append({"file": f, "system": s})
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    vp = v_ok / v_sys if v_sys else 0.0
    vr = v_ok / v_gold if v_gold else 0.0
    vf = 2 * vp * vr / (vp + vr) if vp + vr else 0.0
    return dict(extraction_p=p, extraction_r=r, extraction_f1=f1, value_p=vp, value_r=vr, value_f1=vf,
                tp=tp, fp=fp, fn=fn, value_correct=v_ok, value_gold=v_gold, errors=errors,
                misses=misses, spurious=spurious, wrong=wrong)


def _files_dir(manifest_path: Path, files_dir: str | os.PathLike[str] | None) -> Path:
    if files_dir is not None:
        return Path(files_dir)
    sibling = manifest_path.resolve().parent.parent / "seeds"
    return sibling if sibling.is_dir() else manifest_path.resolve().parent


def system_rows(path: Path, label: str, dct: date | None) -> list[dict[str, Any]]:
    """Extraction rows for one file: the full pipeline when present, else tag + resolve."""
    text = _read_text(path)
    try:
        from ingest.document import SourceDocument
        from ingest.extract import extract_rows
    except ImportError:  # the segmentation/anchoring stage is not there: tag the whole text
        return _tag_rows(text, label, dct)
    source = SourceDocument(key=str(path), text=text, path=str(path))
    try:
        return extract_rows(source, dct=dct, file_label=label)
    except Exception as exc:  # noqa: BLE001 - one broken file must not stop the evaluation
        print(f"eval: {label}: extraction failed ({type(exc).__name__}: {exc}); tagging the whole text instead",
              file=sys.stderr)
        return _tag_rows(text, label, dct)


def _tag_rows(text: str, label: str, dct: date | None) -> list[dict[str, Any]]:
    from ingest.temporal import AnchorContext, resolve, tag
    ctx = AnchorContext(dct=dct)
    rows = []
    for e in tag(text):
        r = resolve(e, ctx)
        rows.append({"file": label, "start": e.start, "end": e.end, "text": e.text, "type": e.type,
                     "value": r.value, "end_value": r.end_value, "rule": r.rule})
    return rows


def run(gold_path: str | os.PathLike[str], manifest_path: str | os.PathLike[str],
        files_dir: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Extract every manifest file with its dct and score against the gold."""
    manifest = _load(manifest_path)
    gold = _load(gold_path)
    base = _files_dir(Path(manifest_path), files_dir)
    system: list[dict[str, Any]] = []
    for row in manifest:
        name = row["file"]
        dct = date.fromisoformat(row["dct"]) if row.get("dct") else None
        system.extend(system_rows(base / name, name, dct))
    files = [os.path.basename(r["file"]) for r in manifest]
    res = score(gold, system, files)
    res["system"] = system
    return res


def format_report(res: dict[str, Any]) -> str:
    lines = ["  " + e for e in res["errors"]]
    lines.append(f"extraction P={res['extraction_p']:.3f} R={res['extraction_r']:.3f} F1={res['extraction_f1']:.3f} "
                 f"(tp={res['tp']} fp={res['fp']} fn={res['fn']})")
    lines.append(f"value P={res['value_p']:.3f} R={res['value_r']:.3f} F1={res['value_f1']:.3f} "
                 f"({res['value_correct']}/{res['value_gold']} gold values right)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="timeline eval", description="Score temporal extraction against a gold file.")
    ap.add_argument("gold", help="gold JSON Lines (see ingest/evaluate.py for the format)")
    ap.add_argument("--manifest", required=True, help="JSON Lines of {file, dct}")
    ap.add_argument("--files-dir", default=None, help="folder holding the manifest's files")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--output", default=None, help="also write the system rows to this JSON Lines file")
    args = ap.parse_args(argv)
    try:
        res = run(args.gold, args.manifest, args.files_dir)
    except (OSError, ValueError, KeyError) as exc:
        print(f"eval: {exc}", file=sys.stderr)
        return 2
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            for row in res["system"]:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    if args.json:
        out = {k: v for k, v in res.items() if k not in ("system", "misses", "spurious", "wrong")}
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        print(format_report(res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
