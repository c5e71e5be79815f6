-- After an incremental publish recomputed place_day's patched keys: the other rows of the patched days take the share of the days' new article counts (computed as the mart does).
UPDATE place_day SET share = place_day.articles / p.period_articles
FROM (
    SELECT published_date, count(*) AS period_articles FROM articles
    WHERE published_date IN (SELECT day FROM patch_days)
    GROUP BY published_date
) AS p
WHERE place_day.published_date = p.published_date
  AND place_day.share IS DISTINCT FROM place_day.articles / p.period_articles;
