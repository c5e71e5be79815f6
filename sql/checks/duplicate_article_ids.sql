-- How many article rows repeat an article_id (must be 0).
SELECT count(*) - count(DISTINCT article_id) FROM articles;
