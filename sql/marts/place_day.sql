-- place_day: per place and publication day, its articles and mentions, with country, region and coordinates (ready for a map over time).
-- One row per (entity_id, published_date); adjectival forms («العراقية») are not place mentions and are left out.
-- Columns:
--   entity_id, name_ar, name_en  the place (joins entities)
--   kind             country, admin_region, city, landmark
--   country_code     ISO 3166-1 alpha-2 of the place's country
--   country_en       the country's English name (GeoNames)
--   region           the country's continent (GeoNames: Asia, Africa, Europe, ...)
--   latitude, longitude  the place's coordinates (NULL when unknown)
--   published_date   publication day
--   articles         distinct articles mentioning the place that day
--   mentions         mentions of the place that day
--   sources          distinct outlets that mentioned it that day
--   share            articles / all dated articles of the day
CREATE TABLE place_day AS
WITH period AS (
    SELECT published_date, count(*) AS period_articles
    FROM articles WHERE published_date IS NOT NULL GROUP BY published_date
)
SELECT
    m.entity_id, e.name_ar, e.name_en, e.kind, e.country_code,
    c.name_en AS country_en, c.continent AS region, e.latitude, e.longitude,
    a.published_date,
    count(DISTINCT m.article_id)                     AS articles,
    count(*)                                         AS mentions,
    count(DISTINCT a.source)                         AS sources,
    count(DISTINCT m.article_id) / any_value(p.period_articles) AS share
FROM mentions AS m
JOIN entities AS e USING (entity_id)
JOIN articles AS a USING (article_id)
JOIN period AS p USING (published_date)
LEFT JOIN countries AS c ON c.country_code = e.country_code
WHERE e.type = 'place' AND NOT m.gentilic AND NOT m.in_boilerplate
GROUP BY ALL
ORDER BY a.published_date, articles DESC, m.entity_id;
