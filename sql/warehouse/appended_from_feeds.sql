-- The rows an incremental publish appends to one table, from the feeds that hold its new parts as they are now ($feeds; $fed_files[i] holds part $fed_parts[i]): one file per batch instead of a part per day.
CREATE OR REPLACE TEMP TABLE appended_rows AS
SELECT f.* EXCLUDE (filename, _part, _ino, _size, _mtime)
FROM read_parquet($feeds, union_by_name = true, filename = true) AS f
SEMI JOIN (SELECT unnest($fed_files) AS filename, unnest($fed_parts) AS part) AS w
    ON f.filename = w.filename AND f._part = w.part;
