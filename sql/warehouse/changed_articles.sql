-- The articles an incremental publish replaces: those published under the changed days (their rows leave every table).
INSERT INTO changed_articles
SELECT DISTINCT article_id FROM articles
WHERE partition_date IN (SELECT unnest($days::DATE[]));
