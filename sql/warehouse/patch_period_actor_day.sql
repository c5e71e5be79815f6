-- After an incremental publish recomputed actor_day's patched keys: the other rows of the patched days take the days' new article and story counts (and shares, computed as the mart does).
UPDATE actor_day SET
    period_articles = p.period_articles,
    period_stories = p.period_stories,
    share = actor_day.articles / p.period_articles,
    story_share = actor_day.stories / p.period_stories
FROM (
    SELECT a.published_date, count(*) AS period_articles, count(DISTINCT s.story_id) AS period_stories
    FROM articles AS a
    LEFT JOIN story_articles AS s USING (article_id)
    WHERE a.published_date IN (SELECT day FROM patch_days)
    GROUP BY a.published_date
) AS p
WHERE actor_day.published_date = p.published_date
  AND (actor_day.period_articles <> p.period_articles OR actor_day.period_stories <> p.period_stories);
