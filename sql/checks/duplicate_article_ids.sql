-- Article rows that repeat an article_id (must be 0), with 5 of the repeated ids and how often each appears.
SELECT
    coalesce(sum(n - 1), 0) AS violations,
    coalesce((list(article_id || ' appears ' || n::VARCHAR || ' times' ORDER BY n DESC, article_id))[1:5], []) AS examples
FROM (SELECT article_id, count(*) AS n FROM articles GROUP BY ALL HAVING count(*) > 1);
