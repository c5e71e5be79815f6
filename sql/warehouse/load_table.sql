-- Load one table from its stage's Parquet shards (the table named by the caller, its columns by name).
INSERT INTO {table} BY NAME
SELECT * FROM read_parquet($files, union_by_name = true);
