-- source_coverage: what each outlet (and each of its sections) covers relative to its volume: an entity's share of the outlet's articles against its share of all articles.
-- One row per (scope, source, section, entity_id) with at least 2 articles (the minimum support).
-- Columns:
--   scope            'outlet' (all the outlet's sections together) or 'section'
--   source           the outlet (articles.source)
--   section          the outlet's section (articles.section); NULL on 'outlet' rows
--   entity_id, type, name_ar, name_en  the entity (person, organisation or place)
--   articles         the outlet's (section's) articles mentioning the entity
--   outlet_articles  all the outlet's (section's) articles
--   share            articles / outlet_articles
--   overall_share    the entity's articles / all articles, over every outlet
--   relative         share / overall_share: > 1 when this outlet covers the entity more than the press as a whole
CREATE TABLE source_coverage AS
WITH article_entity AS (
    SELECT DISTINCT m.article_id, m.entity_id, a.source, a.section
    FROM mentions AS m JOIN articles AS a USING (article_id)
    WHERE NOT m.gentilic AND NOT m.in_boilerplate
),
volume AS (
    SELECT CASE WHEN grouping(section) = 1 THEN 'outlet' ELSE 'section' END AS scope,
           source, section, count(*) AS outlet_articles
    FROM articles GROUP BY GROUPING SETS ((source), (source, section))
),
overall AS (
    SELECT entity_id, count(*) / (SELECT count(*) FROM articles) AS overall_share
    FROM article_entity GROUP BY entity_id
),
counted AS (
    SELECT CASE WHEN grouping(section) = 1 THEN 'outlet' ELSE 'section' END AS scope,
           source, section, entity_id, count(*) AS articles
    FROM article_entity
    GROUP BY GROUPING SETS ((source, entity_id), (source, section, entity_id))
    HAVING count(*) >= 2
)
SELECT
    c.scope, c.source, c.section, c.entity_id, e.type, e.name_ar, e.name_en,
    c.articles, v.outlet_articles,
    c.articles / v.outlet_articles                   AS share,
    o.overall_share,
    (c.articles / v.outlet_articles) / o.overall_share AS relative
FROM counted AS c
JOIN volume AS v
    ON v.scope = c.scope AND v.source IS NOT DISTINCT FROM c.source
    AND v.section IS NOT DISTINCT FROM c.section
JOIN overall AS o USING (entity_id)
JOIN entities AS e USING (entity_id)
ORDER BY c.scope, c.source, c.section, c.articles DESC, c.entity_id;
