"""`python -m bench.coverage_gold`: score per-article coverage against the hand-made gold.

The gold (tests/gold/coverage/articles.jsonl, rules in its README) lists the people,
organisations and places each of 55 seeded articles covers. By default this builds a fresh
warehouse from just those articles with `marsad run` in a temporary folder, so anybody can
rerun it on any checkout; `--warehouse PATH` scores an existing warehouse that holds them.

Matching, per article. A predicted entity is an entity id of the article's person/
organisation/place mentions (gentilic adjectives and mentions flagged as boilerplate left
out); its keys are its surfaces, or, when no surface matches, its canonical name. A gold
entity's keys are its forms and name. Keys are compared in match form (the project's
`marsad.entities.names.match_tokens`: tashkeel, alef, ى/ة, hamza seats folded), after
dropping proclitics from each word (`marsad.text.tokenize.split_clitics`), dropping
punctuation tokens and writing «عبد X» as «عبدX». A key matches gold keys it equals; failing
that, the longest gold keys inside it (a span that also took a title or the next word);
failing that, the one gold entity whose key contains it (a partial name of two words or more:
«وزارة الخارجية» in «وزارة الخارجية الإيرانية», a name that lost its last word). A match counts only when the types agree; a
surface match of another type is reported as a type error.

Counts are micro over article x entity pairs: recall = gold entities matched by at least one
predicted id of their type; precision = predicted ids matching at least one gold entity of
their type. Ids matching only an entity the article names as a channel («على تويتر») are
neutral; ids matching only a boilerplate entry (footer, read-also, related teaser, dateline,
credit) are false positives, reported as the boilerplate share. A split is a gold entity
matched by two or more ids in one article; a merge is an id matching two or more gold
entities.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from marsad.entities.names import match_tokens
from marsad.text.tokenize import split_clitics

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "gold" / "coverage" / "articles.jsonl"
CORPUS = REPO / ".." / "shared" / "corpora" / "ant-multisource-v2.1"
RESULTS = REPO / "bench" / "runs" / "coverage_gold.json"

TYPES = ("PER", "ORG", "LOC")
GOLD_TYPE = {"person": "PER", "organisation": "ORG", "place": "LOC"}
#: Boolean mention columns that mark a mention as outside the body (any that exists is used).
BOILERPLATE_FLAGS = ("boilerplate", "in_boilerplate", "is_boilerplate")

MENTIONS_SQL = """
SELECT m.*, e.name_ar AS entity_name
FROM mentions AS m
LEFT JOIN entities AS e USING (entity_id)
WHERE m.article_id IN (SELECT unnest(?::VARCHAR[]))
ORDER BY m.article_id, m.mention_no
"""
ARTICLE_IDS_SQL = """
SELECT article_id, url FROM articles
WHERE article_id IN (SELECT unnest(?::VARCHAR[])) OR url IN (SELECT unnest(?::VARCHAR[]))
"""


# -- keys -------------------------------------------------------------------------------


def key(text: str) -> tuple[str, ...]:
    """The comparable form of a name or surface (see the module docstring)."""
    tokens = [t for t in match_tokens(text) if any(c.isalnum() for c in t)]
    for n, token in enumerate(tokens):
        clitics, stem = split_clitics(token)
        if clitics and len(stem) >= 2:
            tokens[n] = "ال" + stem if clitics.endswith("ال") else stem
    joined: list[str] = []
    for token in tokens:
        if joined and joined[-1] == "عبد" and token.startswith("ال"):
            joined[-1] += token
        else:
            joined.append(token)
    return tuple(joined)


def contains(outer: tuple[str, ...], inner: tuple[str, ...]) -> bool:
    """`inner` is a contiguous run of `outer`'s tokens."""
    n = len(inner)
    return 0 < n <= len(outer) and any(outer[i : i + n] == inner for i in range(len(outer) - n + 1))


# -- data -------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldEntity:
    type: str
    name: str
    keys: frozenset[tuple[str, ...]]
    kind: str = "entity"  # entity, medium, or the boilerplate kind


@dataclass
class GoldArticle:
    doc_no: str
    source: str
    article_id: str
    url: str
    source_file: str
    entities: list[GoldEntity]
    others: list[GoldEntity]  # medium and boilerplate entries


@dataclass
class Predicted:
    entity_id: str
    type: str
    name: str
    surfaces: list[str] = field(default_factory=list)


def _gold_entity(item: dict, kind: str) -> GoldEntity:
    keys = frozenset(k for k in (key(f) for f in [item["name"], *item["forms"]]) if k)
    return GoldEntity(item["type"], item["name"], keys, kind)


def load_gold(path: Path = GOLD) -> list[GoldArticle]:
    articles = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        others = [_gold_entity(m, "medium") for m in row.get("medium_mentions", [])]
        others += [_gold_entity(b, b["kind"]) for b in row.get("boilerplate_mentions", [])]
        articles.append(
            GoldArticle(
                row["doc_no"],
                row["source"],
                row["article_id"],
                row.get("url", ""),
                row.get("source_file", ""),
                [_gold_entity(e, "entity") for e in row["entities"]],
                others,
            )
        )
    return articles


def load_predicted(
    warehouse: Path, gold: Sequence[GoldArticle]
) -> tuple[dict[str, list[Predicted]], list[str], list[str]]:
    """Predicted entities per gold doc_no, the doc_nos missing from the warehouse, and the
    boilerplate flag columns used."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        ids = [g.article_id for g in gold]
        urls = [g.url for g in gold if g.url]
        found = con.execute(ARTICLE_IDS_SQL, [ids, urls]).fetchall()
        by_id = {a for a, _ in found}
        by_url = {u: a for a, u in found}
        wh_id = {}
        for g in gold:
            if g.article_id in by_id:
                wh_id[g.doc_no] = g.article_id
            elif g.url in by_url:
                wh_id[g.doc_no] = by_url[g.url]
        cursor = con.execute(MENTIONS_SQL, [list(wh_id.values())])
        columns = [d[0] for d in cursor.description]
        rows = [dict(zip(columns, r, strict=True)) for r in cursor.fetchall()]
    flags = [c for c in BOILERPLATE_FLAGS if c in columns]
    doc_of = {v: k for k, v in wh_id.items()}
    predicted: dict[str, dict[str, Predicted]] = defaultdict(dict)
    type_votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for row in rows:
        etype = GOLD_TYPE.get(row["type"])
        if etype is None or row["gentilic"] or any(row[c] for c in flags):
            continue
        doc = doc_of[row["article_id"]]
        entity = predicted[doc].setdefault(
            row["entity_id"],
            Predicted(row["entity_id"], etype, row["entity_name"] or row["surface"]),
        )
        entity.surfaces.append(row["surface"])
        type_votes[(doc, row["entity_id"])][etype] += 1
    for (doc, entity_id), votes in type_votes.items():
        predicted[doc][entity_id].type = votes.most_common(1)[0][0]
    missing = [g.doc_no for g in gold if g.doc_no not in wh_id]
    return {d: list(p.values()) for d, p in predicted.items()}, missing, flags


# -- matching ---------------------------------------------------------------------------


def _matches(k: tuple[str, ...], entities: Sequence[GoldEntity]) -> set[int]:
    """Indexes of the gold entities key `k` matches (exact, then the longest inside it, then
    the one whose key contains it)."""
    exact = {i for i, g in enumerate(entities) if k in g.keys}
    if exact:
        return exact
    inside = [(i, gk) for i, g in enumerate(entities) for gk in g.keys if contains(k, gk)]
    if inside:
        maximal = [
            (i, gk)
            for i, gk in inside
            if not any(other != gk and contains(other, gk) for _, other in inside)
        ]
        return {i for i, _ in maximal}
    if len(k) >= 2:
        outer = {i for i, g in enumerate(entities) if any(contains(gk, k) for gk in g.keys)}
        if len(outer) == 1:
            return outer
    return set()


def match_entity(p: Predicted, entities: Sequence[GoldEntity]) -> set[int]:
    """Gold entities (any type) a predicted entity matches by its surfaces, else its name."""
    found: set[int] = set()
    for surface in p.surfaces:
        found |= _matches(key(surface), entities)
    return found or _matches(key(p.name), entities)


@dataclass
class ArticleScore:
    doc_no: str
    source: str
    gold: dict[str, int] = field(default_factory=Counter)
    gold_hit: dict[str, int] = field(default_factory=Counter)
    pred: dict[str, int] = field(default_factory=Counter)
    pred_hit: dict[str, int] = field(default_factory=Counter)
    splits: int = 0
    merges: int = 0
    neutral: int = 0
    boilerplate: dict[str, int] = field(default_factory=Counter)
    fn: list[dict] = field(default_factory=list)
    fp: list[dict] = field(default_factory=list)
    split_list: list[dict] = field(default_factory=list)
    merge_list: list[dict] = field(default_factory=list)


def _show(p: Predicted) -> dict:
    return {
        "entity_id": p.entity_id,
        "type": p.type,
        "name": p.name,
        "surfaces": sorted(set(p.surfaces)),
    }


def score_article(gold: GoldArticle, predicted: Iterable[Predicted]) -> ArticleScore:
    s = ArticleScore(gold.doc_no, gold.source)
    hits: dict[int, list[Predicted]] = defaultdict(list)
    wrong_type: dict[int, list[Predicted]] = defaultdict(list)
    for p in predicted:
        found = match_entity(p, gold.entities)
        same = {i for i in found if gold.entities[i].type == p.type}
        if same:
            s.pred[p.type] += 1
            s.pred_hit[p.type] += 1
            for i in same:
                hits[i].append(p)
            if len(same) > 1:
                s.merges += 1
                s.merge_list.append({**_show(p), "gold": [gold.entities[i].name for i in same]})
            continue
        kinds = {g.kind for g in gold.others if match_entity(p, [g])}
        if found:
            reason = "type: gold " + ", ".join(
                f"{gold.entities[i].type} {gold.entities[i].name}" for i in sorted(found)
            )
            for i in found:
                wrong_type[i].append(p)
        elif kinds == {"medium"}:
            s.neutral += 1
            continue
        elif kinds:
            kind = sorted(kinds - {"medium"})[0]
            s.boilerplate[kind] += 1
            reason = f"boilerplate: {kind}"
        else:
            reason = "not in gold"
        s.pred[p.type] += 1
        s.fp.append({**_show(p), "reason": reason})
    for i, g in enumerate(gold.entities):
        s.gold[g.type] += 1
        ids = hits.get(i, [])
        if ids:
            s.gold_hit[g.type] += 1
            if len(ids) > 1:
                s.splits += 1
                s.split_list.append(
                    {"gold": g.name, "type": g.type, "ids": [_show(p) for p in ids]}
                )
        else:
            typed = wrong_type.get(i)
            reason = "typed as " + ", ".join(sorted({p.type for p in typed})) if typed else "missed"
            s.fn.append({"type": g.type, "name": g.name, "reason": reason})
    return s


# -- totals -----------------------------------------------------------------------------


def _prf(gold: int, gold_hit: int, pred: int, pred_hit: int) -> dict:
    precision = pred_hit / pred if pred else 0.0
    recall = gold_hit / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "gold": gold,
        "gold_matched": gold_hit,
        "predicted": pred,
        "predicted_matched": pred_hit,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }


def _reason_class(reason: str) -> str:
    """«boilerplate: footer» stays whole; «type: gold ORG X» becomes «type»."""
    return reason if reason.startswith("boilerplate") else reason.split(":")[0]


def totals(scores: Sequence[ArticleScore]) -> dict:
    def block(rows: Sequence[ArticleScore], types: Sequence[str]) -> dict:
        return _prf(
            sum(r.gold[t] for r in rows for t in types),
            sum(r.gold_hit[t] for r in rows for t in types),
            sum(r.pred[t] for r in rows for t in types),
            sum(r.pred_hit[t] for r in rows for t in types),
        )

    n_gold = sum(sum(r.gold.values()) for r in scores)
    n_pred = sum(sum(r.pred.values()) for r in scores)
    splits = sum(r.splits for r in scores)
    boiler = Counter()
    for r in scores:
        boiler.update(r.boilerplate)
    fp_reasons = Counter(_reason_class(fp["reason"]) for r in scores for fp in r.fp)
    fn_reasons = Counter(fn["reason"].split(" ")[0] for r in scores for fn in r.fn)
    sources = sorted({r.source for r in scores})
    return {
        "articles": len(scores),
        "types": {t: block(scores, [t]) for t in TYPES},
        "all": block(scores, TYPES),
        "by_source": {s: block([r for r in scores if r.source == s], TYPES) for s in sources},
        "splits": splits,
        "split_share": round(splits / n_gold, 4) if n_gold else 0.0,
        "merges": sum(r.merges for r in scores),
        "neutral_predictions": sum(r.neutral for r in scores),
        "boilerplate_predictions": sum(boiler.values()),
        "boilerplate_share": round(sum(boiler.values()) / n_pred, 4) if n_pred else 0.0,
        "boilerplate_by_kind": dict(sorted(boiler.items())),
        "false_positive_reasons": dict(fp_reasons.most_common()),
        "false_negative_reasons": dict(fn_reasons.most_common()),
    }


def score(gold: Sequence[GoldArticle], warehouse: Path) -> tuple[dict, list[ArticleScore]]:
    predicted, missing, flags = load_predicted(warehouse, gold)
    present = [g for g in gold if g.doc_no not in missing]
    scores = [score_article(g, predicted.get(g.doc_no, [])) for g in present]
    result = totals(scores)
    result["missing_articles"] = missing
    result["boilerplate_flag_columns"] = flags
    return result, scores


# -- building and printing --------------------------------------------------------------


def build_warehouse(gold: Sequence[GoldArticle], corpus: Path, work: Path) -> Path:
    """Land the gold articles (symlinks, corpus layout kept) and run `marsad run` on them."""
    landing = work / "landing"
    for g in gold:
        target = landing / g.source_file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to((corpus / g.source_file).resolve())
    warehouse = work / "warehouse.duckdb"
    command = [sys.executable, "-m", "marsad.cli", "run", "--landing", str(landing)]
    command += ["--warehouse", str(warehouse), "--workers", "1", "--create"]
    log = work / "run.log"
    with log.open("wb") as out:
        code = subprocess.call(command, stdout=out, stderr=out)
    if code != 0:
        tail = log.read_text("utf-8", errors="replace")[-3000:]
        raise SystemExit(f"marsad run failed ({code}):\n{tail}")
    return warehouse


def table(result: dict) -> str:
    lines = [f"{'type':<6} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}"]
    for name, row in [*result["types"].items(), ("all", result["all"])]:
        lines.append(
            f"{name:<6} {row['gold']:>5} {row['predicted']:>5} "
            f"{row['precision']:>6.3f} {row['recall']:>6.3f} {row['f1']:>6.3f}"
        )
    lines.append("")
    for name, row in result["by_source"].items():
        lines.append(
            f"{name:<10} P {row['precision']:.3f}  R {row['recall']:.3f}  F1 {row['f1']:.3f}"
        )
    lines.append("")
    lines.append(
        f"splits {result['splits']} ({100 * result['split_share']:.1f}% of gold entities), "
        f"merges {result['merges']}, "
        f"boilerplate predictions {result['boilerplate_predictions']} "
        f"({100 * result['boilerplate_share']:.1f}% of predicted) {result['boilerplate_by_kind']}, "
        f"neutral {result['neutral_predictions']}"
    )
    lines.append(f"false positives by reason: {result['false_positive_reasons']}")
    lines.append(f"false negatives by reason: {result['false_negative_reasons']}")
    if result["missing_articles"]:
        lines.append(f"MISSING from the warehouse: {result['missing_articles']}")
    return "\n".join(lines)


def errors(scores: Sequence[ArticleScore]) -> str:
    lines = []
    for s in scores:
        if not (s.fn or s.fp or s.split_list or s.merge_list):
            continue
        lines.append(f"== {s.doc_no} ({s.source})")
        for fn in s.fn:
            lines.append(f"  FN {fn['type']} {fn['name']}  [{fn['reason']}]")
        for fp in s.fp:
            lines.append(
                f"  FP {fp['type']} {fp['name']} {fp['surfaces']} {fp['entity_id']}  [{fp['reason']}]"
            )
        for sp in s.split_list:
            ids = "; ".join(f"{p['entity_id']} {p['surfaces']}" for p in sp["ids"])
            lines.append(f"  SPLIT {sp['type']} {sp['gold']}: {ids}")
        for mg in s.merge_list:
            lines.append(f"  MERGE {mg['entity_id']} {mg['surfaces']} -> {mg['gold']}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--warehouse", type=Path, help="score this warehouse (default: build one)")
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--json", type=Path, default=RESULTS, help=f"default {RESULTS}")
    parser.add_argument("--keep", type=Path, help="build the warehouse in this folder and keep it")
    parser.add_argument("--show-errors", action="store_true", help="list FP/FN per article")
    args = parser.parse_args(argv)
    gold = load_gold(args.gold)
    if args.warehouse:
        result, scores = score(gold, args.warehouse)
    elif args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        result, scores = score(gold, build_warehouse(gold, args.corpus, args.keep))
    else:
        with tempfile.TemporaryDirectory(prefix="coverage-gold-") as tmp:
            result, scores = score(gold, build_warehouse(gold, args.corpus, Path(tmp)))
    print(table(result))
    if args.show_errors:
        print()
        print(errors(scores))
    result["errors"] = [
        {"doc_no": s.doc_no, "fn": s.fn, "fp": s.fp, "splits": s.split_list, "merges": s.merge_list}
        for s in scores
    ]
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
