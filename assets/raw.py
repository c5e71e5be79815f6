"""The raw stage as an asset: the landing folder read into per-day record shards."""

import dagster as dg
import polars as pl

from marsad.assets.metadata import preview
from marsad.assets.resources import POOL, MarsadResource
from marsad.stages.raw import RAW_VERSION, RawStage, ingest


@dg.asset(
    key_prefix="raw",
    group_name="raw",
    kinds={"python", "parquet"},
    code_version=RAW_VERSION,
    pool=POOL,
)
def raw_articles(context: dg.AssetExecutionContext, marsad: MarsadResource) -> dg.MaterializeResult:
    """Every article-sized record found in the landing folder (scraped pages, TREC XML, JSON Lines;
    UTF-8, UTF-16 or windows-1256), with a content-derived article_id. Incremental by file;
    duplicates are kept and marked, unreadable files go to quarantine with their location."""
    settings = marsad.settings()
    stage = RawStage(marsad.store())
    with marsad.exclusive("raw_articles"):
        summary = ingest(
            settings.landing,
            marsad.store(),
            workers=marsad.worker_count(),
            max_removal_share=marsad.removal_share(),
            allow_removals=marsad.allow_removals,
        )
    index = stage.index()
    rejections = stage.rejections()
    context.log.info(
        f"landing {settings.landing}: {summary.files_seen} files, {summary.files_read} read, "
        f"{summary.files_removed} removed, {summary.records_read} records"
    )
    return dg.MaterializeResult(
        metadata={
            "landing": str(settings.landing),
            "files_seen": summary.files_seen,
            "files_read": summary.files_read,
            "files_removed": summary.files_removed,
            "records": index.height,
            "duplicates": index.filter(pl.col("duplicate_of").is_not_null()).height,
            "quarantined": rejections.height,
            "days_touched": len(summary.days_touched),
            "preview": preview(
                index, ["record_key", "article_id", "partition_date", "duplicate_of"]
            ),
        }
    )
