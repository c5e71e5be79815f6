-- Raw records that are neither a duplicate, nor a published article, nor quarantined (must be 0).
SELECT count(*)
FROM raw_articles AS r
WHERE r.duplicate_of IS NULL
  AND r.article_id NOT IN (SELECT article_id FROM articles)
  AND NOT EXISTS (
      SELECT 1 FROM quarantine AS q
      WHERE q.source_file = r.source_file AND q.record_no = r.record_no
  );
