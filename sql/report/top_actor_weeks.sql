-- Weekly articles of the period's most covered actors (the coverage-over-time chart).
WITH top AS (
    SELECT entity_id FROM actor_day WHERE published_date BETWEEN $start AND $end
    GROUP BY entity_id ORDER BY sum(articles) DESC, entity_id LIMIT $top
)
SELECT w.week, w.name_ar, w.articles
FROM actor_week AS w JOIN top USING (entity_id)
WHERE w.week BETWEEN CAST(date_trunc('week', CAST($start AS DATE)) AS DATE) AND $end
ORDER BY w.entity_id, w.week;
