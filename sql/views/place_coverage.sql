-- place_coverage: places with coordinates and how many articles mention them (for maps).
CREATE VIEW place_coverage AS
SELECT
    e.entity_id, e.name_ar, e.name_en, e.kind, e.country_code, e.latitude, e.longitude,
    count(DISTINCT m.article_id) AS articles,
    count(*)                     AS mentions,
    min(a.published_date)        AS first_seen,
    max(a.published_date)        AS last_seen
FROM mentions AS m
JOIN entities AS e USING (entity_id)
JOIN articles AS a USING (article_id)
WHERE e.type = 'place' AND NOT m.gentilic AND NOT m.in_boilerplate
GROUP BY ALL;
