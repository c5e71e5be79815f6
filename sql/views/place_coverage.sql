-- place_coverage: places with coordinates and how many articles mention them (for maps).
-- iso_code: ISO 3166-1 alpha-2 of a country, ISO 3166-2 of a first-level region (iso:<code> ids).
CREATE VIEW place_coverage AS
SELECT
    e.entity_id, e.name_ar, e.name_en, e.kind, e.country_code,
    CASE WHEN e.kind = 'country' THEN e.country_code
         WHEN e.entity_id LIKE 'iso:__-%' THEN substr(e.entity_id, 5) END AS iso_code,
    e.latitude, e.longitude,
    count(DISTINCT m.article_id) AS articles,
    count(*)                     AS mentions,
    min(a.published_date)        AS first_seen,
    max(a.published_date)        AS last_seen
FROM mentions AS m
JOIN entities AS e USING (entity_id)
JOIN articles AS a USING (article_id)
WHERE e.type = 'place' AND NOT m.gentilic AND NOT m.in_boilerplate
GROUP BY ALL;
