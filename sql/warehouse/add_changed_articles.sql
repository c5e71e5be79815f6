-- Add the articles a changed day's new shards hold to those an incremental publish replaces.
INSERT INTO changed_articles
SELECT DISTINCT article_id FROM read_parquet($files, union_by_name = true)
WHERE article_id NOT IN (SELECT article_id FROM changed_articles);
