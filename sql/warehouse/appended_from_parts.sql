-- The rows an incremental publish appends to one table, from the new parts no feed holds ($files).
CREATE OR REPLACE TEMP TABLE appended_rows AS
SELECT * FROM read_parquet($files, union_by_name = true);
