-- Add the appended rows (warehouse/appended_from_*) to their table (named by the caller, its columns by name).
INSERT INTO {table} BY NAME
SELECT * FROM appended_rows;
