-- actor_week: per person or organisation and ISO week, its articles, mentions and sources, and its share of the week's articles.
-- One row per (entity_id, week) with at least one mention; undated articles are left out.
-- Columns:
--   entity_id, type, name_ar, name_en  the actor (joins entities); type is person or organisation
--   week             Monday of the ISO week (date_trunc('week', published_date))
--   iso_year, iso_week  the ISO 8601 year and week number of `week`
--   articles         distinct articles mentioning the actor that week
--   mentions         mentions of the actor that week (adjectival forms excluded)
--   sources          distinct outlets that mentioned it that week
--   stories          distinct stories (syndicated copies counted once)
--   period_articles  all dated articles published that week
--   period_stories   all distinct stories published that week
--   share            articles / period_articles
--   story_share      stories / period_stories
CREATE TABLE actor_week AS
WITH dated AS (
    SELECT a.article_id, CAST(date_trunc('week', a.published_date) AS DATE) AS week,
           a.source, s.story_id
    FROM articles AS a
    LEFT JOIN story_articles AS s USING (article_id)
    WHERE a.published_date IS NOT NULL
),
period AS (
    SELECT week, count(*) AS period_articles, count(DISTINCT story_id) AS period_stories
    FROM dated GROUP BY week
)
SELECT
    m.entity_id, e.type, e.name_ar, e.name_en, d.week,
    isoyear(d.week)                                       AS iso_year,
    week(d.week)                                          AS iso_week,
    count(DISTINCT m.article_id)                          AS articles,
    count(*) FILTER (WHERE NOT m.gentilic)                AS mentions,
    count(DISTINCT d.source)                              AS sources,
    count(DISTINCT d.story_id)                            AS stories,
    any_value(p.period_articles)                          AS period_articles,
    any_value(p.period_stories)                           AS period_stories,
    count(DISTINCT m.article_id) / any_value(p.period_articles) AS share,
    count(DISTINCT d.story_id) / any_value(p.period_stories)    AS story_share
FROM mentions AS m
JOIN entities AS e USING (entity_id)
JOIN dated AS d USING (article_id)
JOIN period AS p USING (week)
WHERE e.type IN ('person', 'organisation') AND NOT m.in_boilerplate
GROUP BY m.entity_id, e.type, e.name_ar, e.name_en, d.week
ORDER BY d.week, articles DESC, m.entity_id;
