-- The mention shards' row count and distinct article ids (what the span check then reads upstream).
SELECT count(*), list(DISTINCT article_id) FROM read_parquet($mentions, union_by_name = true);
