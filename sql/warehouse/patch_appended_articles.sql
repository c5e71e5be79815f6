-- The articles an incremental publish adds from appended parts (they join the mart patch next, see patch_appended_join).
INSERT INTO patch_appended
SELECT DISTINCT article_id FROM read_parquet($files, union_by_name = true);
