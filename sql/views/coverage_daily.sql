-- coverage_daily: per entity and publication day, how many articles and mentions covered it.
CREATE VIEW coverage_daily AS
SELECT
    m.entity_id,
    e.type,
    e.name_ar,
    e.name_en,
    a.published_date,
    count(DISTINCT m.article_id)                          AS articles,
    count(*) FILTER (WHERE NOT m.gentilic)                AS mentions,
    count(*) FILTER (WHERE m.gentilic)                    AS adjective_mentions,
    count(*) FILTER (WHERE m.metonymy)                    AS metonymy_mentions
FROM mentions AS m
JOIN entities AS e USING (entity_id)
JOIN articles AS a USING (article_id)
WHERE NOT m.in_boilerplate  -- footers, credits and notices a source repeats are no coverage
GROUP BY ALL;
