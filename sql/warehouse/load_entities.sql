-- Load the entity catalogue built by the entity_catalog asset.
INSERT INTO entities BY NAME
SELECT * FROM read_parquet($catalog);
