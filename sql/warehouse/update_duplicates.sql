-- Bring every raw record's duplicate mark in line with the raw index (a copy landed or removed on one day can change which copy is canonical on another).
UPDATE raw_articles SET duplicate_of = i.duplicate_of
FROM read_parquet($index) AS i
WHERE raw_articles.record_key = i.record_key
  AND raw_articles.duplicate_of IS DISTINCT FROM i.duplicate_of;
