-- Coverage gaps: publication days on which a usually-covered actor vanished (no article named it, though articles were published).
-- params: min_days=2, top=50
-- "Usually covered": named on at least $min_days days; gaps are looked for between its first and last day.
WITH actors AS (
    SELECT entity_id, any_value(name_ar) AS name_ar, min(published_date) AS first_day,
           max(published_date) AS last_day, count(*) AS days_covered
    FROM actor_day GROUP BY entity_id HAVING count(*) >= CAST($min_days AS INTEGER)
),
days AS (SELECT DISTINCT published_date FROM articles WHERE published_date IS NOT NULL)
SELECT a.entity_id, a.name_ar, d.published_date AS missing_day, a.days_covered, a.first_day, a.last_day
FROM actors AS a
JOIN days AS d ON d.published_date BETWEEN a.first_day AND a.last_day
ANTI JOIN actor_day AS c ON c.entity_id = a.entity_id AND c.published_date = d.published_date
ORDER BY a.days_covered DESC, a.entity_id, missing_day
LIMIT CAST($top AS INTEGER);
