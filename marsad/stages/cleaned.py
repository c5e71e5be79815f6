"""The cleaned stage for one publication day: parsed articles in, normalised text, sentences,
tokens and boilerplate spans out (each with spans back into the raw text).

Boilerplate is learned per source over every article the stage has seen, not just the day:
the parsed stage keys every body line (`parsed/line_keys`, day by day on all cores), and
`prepare_boilerplate` counts those keys per source before the days run (from the new
articles alone when only articles were added: `boilerplate_table`) and keeps
`_boilerplate.parquet` (the keys frequent enough to be boilerplate).  A day computed without
it (a direct call) learns from its own batch.  A day's fingerprint does not follow the table:
days computed earlier keep their marks until recomputed (`--full`)."""

from __future__ import annotations

import re
from datetime import date

import polars as pl

from marsad.records import Reason, Rejection
from marsad.schema import table_schema
from marsad.stages.boilerplate_table import FREQUENT_FILE, TITLES_FILE, learn
from marsad.stages.parsed import LINE_KEY_COLUMNS, line_keys
from marsad.stages.raw import RECORD_SCHEMA, RawStage
from marsad.stages.runner import DayOutput, read_todo
from marsad.stages.schema import REJECTION_SCHEMA
from marsad.stages.store import StageStore, day_of
from marsad.stories import AGENCIES, CREDIT, LEAD_CHARS
from marsad.text.boilerplate import (
    display_spans,
    frequent,
    key_counts,
    merge_spans,
    prompted_keys,
    tail_hits,
    title_hits,
    title_keys,
)
from marsad.text.clean import clean_many
from marsad.text.offsets import OffsetMap

STAGE = "cleaned"
BOILERPLATE_SCHEMA = table_schema("cleaned/boilerplate")


_PARSED_COLUMNS = [
    "article_id",
    "source_file",
    "record_no",
    "source",
    "partition_date",
    "title",
    "field_spans",
    "paragraph_spans",
]


def article_inputs(store: StageStore, days: list[date]) -> pl.DataFrame | None:
    """article_id, raw_text and the spans to clean (title first, then paragraphs) of the days'
    articles, with their `shard_day`."""
    articles = store.table("parsed", "articles").read_days(days, columns=_PARSED_COLUMNS)
    return None if articles is None else with_raw_text(store, days, articles)


def with_raw_text(store: StageStore, days: list[date], articles: pl.DataFrame) -> pl.DataFrame:
    """Parsed articles of `days` joined to their raw_text, read from only the raw shards that
    hold them, and their title span."""
    raw = RawStage(store).records.read_articles(
        days, articles["article_id"], ["article_id", "source_file", "record_no", "raw_text"]
    )
    columns = ["source_file", "record_no", "raw_text"]
    raw = pl.DataFrame(schema={c: RECORD_SCHEMA[c] for c in columns}) if raw is None else raw
    raw = raw.select(columns)
    return articles.join(raw, on=["source_file", "record_no"], how="left").with_columns(
        pl.col("field_spans")
        .list.filter(pl.element().struct.field("field") == "title")
        .alias("title_span")
    )


def _spans(row: dict) -> list[tuple[int, int]]:
    title = [(s["start"], s["end"]) for s in row["title_span"]]
    return title[:1] + [(s["start"], s["end"]) for s in row["paragraph_spans"]]


def clean_rows(rows: list[dict]) -> tuple[dict[str, pl.DataFrame], list[Rejection]]:
    """Clean a batch; if it fails, clean article by article so one bad article is quarantined
    alone and the rest of the day goes on."""
    try:
        return clean_many((r["article_id"], r["raw_text"], _spans(r)) for r in rows), []
    except Exception:  # noqa: BLE001 - isolate the failing article below
        pass
    good: list[dict[str, pl.DataFrame]] = []
    rejected: list[Rejection] = []
    for row in rows:
        try:
            good.append(clean_many([(row["article_id"], row["raw_text"], _spans(row))]))
        except Exception as error:  # noqa: BLE001 - any failure becomes a located quarantine row
            rejected.append(
                Rejection(
                    stage=STAGE,
                    reason=Reason.STAGE_ERROR,
                    message=f"cleaning failed: {type(error).__name__}: {error}",
                    source_file=row["source_file"],
                    record_no=row["record_no"],
                    article_id=row["article_id"],
                )
            )
    frames = {name: pl.concat([g[name] for g in good]) for name in (good[0] if good else {})}
    return frames, rejected


def clean_day(store: StageStore, days: list[date], skip: frozenset[str]) -> DayOutput:
    ids, todo = read_todo(store.table("parsed", "articles"), days, skip, _PARSED_COLUMNS)
    if todo is None:
        return DayOutput({}, {})
    if todo.height == 0:
        return DayOutput({}, ids)
    todo = with_raw_text(store, days, todo)
    frames, rejected = clean_rows(todo.to_dicts())
    if "cleaned_articles" in frames:
        frames["boilerplate"] = boilerplate_spans(store, days, todo, frames["cleaned_articles"])
    shard_of = dict(zip(todo["article_id"], todo["shard_day"], strict=True))
    quarantine = pl.DataFrame(
        [r.row(shard_of.get(r.article_id)) for r in rejected], schema=REJECTION_SCHEMA
    )
    return DayOutput({**frames, "quarantine": quarantine}, ids)


def _day_keys(store: StageStore, days: list[date], rows: pl.DataFrame) -> pl.DataFrame:
    """The line keys of the rows' articles: the parsed stage's shards, or computed for the days
    that have none (days parsed by an older version)."""
    table = store.table("parsed", "line_keys")
    have = {day_of(f) for f in table.files(days)}
    keys = table.read_articles(days, rows["article_id"], LINE_KEY_COLUMNS)
    parts = [] if keys is None else [keys.select(LINE_KEY_COLUMNS)]
    missing = rows.filter(~pl.col("shard_day").is_in(list(have)))
    if missing.height:
        parts.append(line_keys(missing, missing))
    return pl.concat(parts) if parts else line_keys(rows.head(0), rows.head(0))


def boilerplate_spans(
    store: StageStore, days: list[date], todo: pl.DataFrame, cleaned: pl.DataFrame
) -> pl.DataFrame:
    """The days' boilerplate spans (display and raw) of the articles just cleaned."""
    done = todo.filter(pl.col("article_id").is_in(cleaned["article_id"].to_list()))
    day_keys = _day_keys(store, days, done)
    frequent_path = store.file(STAGE, FREQUENT_FILE)
    titles_path = store.file(STAGE, TITLES_FILE)
    # without the persisted tables (a direct call): learn from the days' own articles
    inputs = (
        None if frequent_path.exists() and titles_path.exists() else article_inputs(store, days)
    )
    if frequent_path.exists():
        known = pl.read_parquet(frequent_path)
    else:
        known = frequent(key_counts(_day_keys(store, days, inputs)))
    if "tail" not in known.columns:  # a table written before the tail rule
        known = known.with_columns(pl.lit(False).alias("tail"))
    hits = tail_hits(day_keys, known)
    titles = (pl.read_parquet(titles_path) if titles_path.exists() else title_keys(inputs)).join(
        done.select("article_id"), on="article_id", how="anti"
    )
    titles = pl.concat([titles, title_keys(done)])  # the articles' own titles, for the check
    prompted = prompted_keys(
        (a, t, [(p["start"], p["end"]) for p in ps])
        for a, t, ps in done.select("article_id", "raw_text", "paragraph_spans").iter_rows()
    ).join(done.select("article_id", "source"), on="article_id")
    runs = pl.concat(
        [
            merge_spans(hits.filter(~pl.col("tail"))).with_columns(
                pl.lit("repeated").alias("kind")
            ),
            merge_spans(
                pl.concat(
                    [
                        hits.filter(pl.col("tail")).drop("tail"),
                        title_hits(pl.concat([day_keys, prompted], how="diagonal"), titles),
                    ],
                    how="vertical_relaxed",
                )
            ).with_columns(pl.lit("related").alias("kind")),
            credit_spans(cleaned).with_columns(pl.lit("credit").alias("kind")),
        ],
        how="vertical_relaxed",
    )
    if runs.height == 0:
        return pl.DataFrame(schema=BOILERPLATE_SCHEMA)
    maps = {
        a: OffsetMap.from_lists(t, r)
        for a, t, r in cleaned.select(
            "article_id", "display_map_text_idx", "display_map_raw_idx"
        ).iter_rows()
    }
    parts = []
    for (article_id,), group in runs.group_by("article_id", maintain_order=True):
        start, end = display_spans(
            maps[article_id], group["raw_start"].to_numpy(), group["raw_end"].to_numpy()
        )
        parts.append(group.with_columns(pl.Series("start", start), pl.Series("end", end)))
    return pl.concat(parts).select([pl.col(c).cast(t) for c, t in BOILERPLATE_SCHEMA.items()])


DATELINE_WORDS = 6  # words before a credit that are its dateline («دبي، الإمارات العربية المتحدة»)
# An agency named as the source of what is reported, anywhere in the body: «بحسب رويترز»,
# «وفق ما ذكرت وكالة فرانس برس», «وقال مسؤول لوكالة رويترز» (match text: ا for أإآ, ه for ة).
ATTRIBUTION = re.compile(
    r"(?<!\w)(?:[وف]?(?:وفق|وفقا ل|بحسب|حسب|حسبما|نقلا عن|نقلت|ذكرت|افادت|اوردت|قالت)\s*"
    # «بحسب ما أفاد مصدر قضائي وكالة …»: a short subject between «ما» + verb and the agency
    r"(?:ما\s+(?:(?:ذكر|نقل|افاد|اورد|قال)(?:ت|ته|ه)?\s+)?(?:[^\s.،,:\n\"«]+\s+){0,2}?"
    r"|(?:(?:ذكرت|نقلت|نقلته|افادت|اوردت|ذكرته)\s+)?)|ل)"
    rf"(?:وكاله\s+|شبكه\s+)?(?:انباء\s+)?[\"«]?(?:{'|'.join(AGENCIES.values())}"
    # a broadcaster an interview was given to: «قالت خطيبته لبي بي سي», «لشبكة سي إن إن»
    r"|بي ?بي ?سي|سي ?ان ?ان"
    # an agency by its description: «وكالة الأنباء الفرنسية», «وكالة الصحافة الألمانية»
    r"|(?<=وكاله )(?:الانباء|الصحافه)\s+ال\w+ه)(?!\w)[\"»]?"
    # a reprint credit alone on its line: «*نقلاً عن "الرياض" السعودية»
    r"|(?m:^[\s*]*نقلا عن\s+[^\n]{1,50}$)"
)
# The outlet's own credit in the dateline opening the body: «دبي، الإمارات العربية المتحدة
# (CNN)-- …»: a place and a name in brackets, then a dash or colon.
OUTLET_DATELINE = re.compile(r"\s*[^\n()]{0,80}?\(\s*[^\n()]{1,30}?\s*\)\s*(?:[-–—]+|:)")
_CREDIT_SCHEMA = {
    "article_id": pl.String,
    "raw_start": pl.Int32,
    "raw_end": pl.Int32,
    "n_articles": pl.Int32,
}


def credit_spans(cleaned: pl.DataFrame) -> pl.DataFrame:
    """Raw spans of agency credits: the one opening the body («(رويترز)», «دمشق - سانا», «أ ف
    ب») with the dateline before it, the article's origin (see marsad.stories), and each
    attribution in the body («بحسب رويترز»): the article's sources, not its coverage."""
    rows = []
    for aid, text, t_idx, r_idx in cleaned.select(
        "article_id", "match_text", "match_map_text_idx", "match_map_raw_idx"
    ).iter_rows():
        body = text.find("\n") + 1
        if not body:
            continue
        spans = [m.span() for m in ATTRIBUTION.finditer(text, body)]
        lead = text[body : body + LEAD_CHARS]
        found = CREDIT.search(lead) or OUTLET_DATELINE.match(lead)
        if found is not None:
            dateline = len(text[body : body + found.start()].split()) <= DATELINE_WORDS
            spans.append((body + (0 if dateline else found.start()), body + found.end()))
        if not spans:
            continue
        starts, ends = zip(*spans, strict=True)
        raw_start, raw_end = OffsetMap.from_lists(t_idx, r_idx).spans(starts, ends)
        rows.extend((aid, int(x), int(y), 0) for x, y in zip(raw_start, raw_end, strict=True))
    return pl.DataFrame(rows, schema=_CREDIT_SCHEMA, orient="row")


def prepare_boilerplate(store: StageStore) -> None:
    """Bring the table of frequent line keys (and the title keys) up to date with every parsed
    day, from the new articles' keys when only articles were added (`boilerplate_table`)."""
    learn(store)
