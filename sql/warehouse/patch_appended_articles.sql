-- The articles an incremental publish adds from appended parts join the mart patch.
INSERT INTO patch_articles
SELECT DISTINCT article_id FROM read_parquet($files, union_by_name = true);
