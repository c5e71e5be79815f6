-- Load raw records with their duplicate marks from the raw stage's shards and index.
INSERT INTO raw_articles BY NAME
SELECT r.* EXCLUDE (partition_date), r.partition_date, i.duplicate_of
FROM read_parquet($files, union_by_name = true) AS r
JOIN read_parquet($index) AS i USING (record_key)
ORDER BY r.source_file, r.record_no;
