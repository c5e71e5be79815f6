-- The dates most referred to in article bodies, and how long after them the coverage was published.
-- params: resolution=day, top=20
SELECT referred_date, resolution, sum(mentions) AS mentions, sum(articles) AS articles,
       min(published_date) AS first_published, max(published_date) AS last_published,
       round(avg(-lag_days), 1) AS mean_days_after
FROM dates_referred
WHERE resolution = $resolution
GROUP BY ALL
ORDER BY articles DESC, mentions DESC, referred_date
LIMIT CAST($top AS INTEGER);
