-- Places rising week over week: articles this week against the week before, biggest gains first.
-- params: min_articles=1, top=20
WITH weekly AS (
    SELECT entity_id, CAST(date_trunc('week', published_date) AS DATE) AS week,
           any_value(name_ar) AS name_ar, any_value(country_code) AS country_code,
           sum(articles) AS articles
    FROM place_day GROUP BY entity_id, week
)
SELECT w.week, w.entity_id, w.name_ar, w.country_code, w.articles,
       coalesce(p.articles, 0) AS previous_week,
       w.articles - coalesce(p.articles, 0) AS gain
FROM weekly AS w
LEFT JOIN weekly AS p ON p.entity_id = w.entity_id AND p.week = w.week - INTERVAL 7 DAY
WHERE w.articles >= CAST($min_articles AS INTEGER) AND w.articles > coalesce(p.articles, 0)
ORDER BY gain DESC, w.week DESC, w.entity_id
LIMIT CAST($top AS INTEGER);
