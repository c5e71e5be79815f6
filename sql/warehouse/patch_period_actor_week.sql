-- After an incremental publish recomputed actor_week's patched keys: the other rows of the patched weeks take the weeks' new article and story counts (and shares, computed as the mart does).
UPDATE actor_week SET
    period_articles = p.period_articles,
    period_stories = p.period_stories,
    share = actor_week.articles / p.period_articles,
    story_share = actor_week.stories / p.period_stories
FROM (
    SELECT CAST(date_trunc('week', a.published_date) AS DATE) AS week,
           count(*) AS period_articles, count(DISTINCT s.story_id) AS period_stories
    FROM articles AS a
    LEFT JOIN story_articles AS s USING (article_id)
    WHERE CAST(date_trunc('week', a.published_date) AS DATE)
        IN (SELECT CAST(date_trunc('week', day) AS DATE) FROM patch_days)
    GROUP BY ALL
) AS p
WHERE actor_week.week = p.week
  AND (actor_week.period_articles <> p.period_articles OR actor_week.period_stories <> p.period_stories);
