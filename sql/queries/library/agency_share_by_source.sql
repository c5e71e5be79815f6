-- How much of each outlet's output credits a news agency, and which one.
-- params: source=
-- $source: one outlet; empty for all.
WITH counted AS (
    SELECT coalesce(a.source, '(none)') AS source, coalesce(s.origin, '(no credit)') AS origin,
           count(*) AS articles
    FROM articles AS a
    JOIN story_articles AS s USING (article_id)
    WHERE $source = '' OR a.source = $source
    GROUP BY 1, 2
)
SELECT source, origin, articles,
       round(articles / sum(articles) OVER (PARTITION BY source), 3) AS share
FROM counted
ORDER BY source, articles DESC, origin;
