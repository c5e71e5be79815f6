-- The published articles with their match text (from the cleaned stage's shards), the input of story grouping.
SELECT a.article_id, a.published_date, c.match_text
FROM articles AS a
JOIN read_parquet($files) AS c USING (article_id)
ORDER BY a.article_id;
