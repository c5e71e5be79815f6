-- Load one table from the data frame registered as `frame` (its columns by name).
INSERT INTO {table} BY NAME
SELECT * FROM frame;
