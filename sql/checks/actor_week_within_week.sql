-- Rows of actor_week whose articles exceed the week's articles, or whose week total disagrees with the articles table (0 when the mart reconciles).
SELECT count(*)
FROM actor_week AS m
LEFT JOIN (
    SELECT CAST(date_trunc('week', published_date) AS DATE) AS week, count(*) AS n
    FROM articles WHERE published_date IS NOT NULL GROUP BY ALL
) AS w USING (week)
WHERE m.articles > m.period_articles OR w.n IS DISTINCT FROM m.period_articles;
