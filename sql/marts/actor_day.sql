-- actor_day: per person or organisation and publication day, its articles, mentions and sources, and its share of the day's articles.
-- One row per (entity_id, published_date) with at least one mention; undated articles are left out.
-- Columns:
--   entity_id, type, name_ar, name_en  the actor (joins entities); type is person or organisation
--   published_date   publication day (articles.published_date)
--   articles         distinct articles mentioning the actor that day
--   mentions         mentions of the actor that day (adjectival «العراقية» forms excluded)
--   sources          distinct outlets (articles.source) that mentioned it that day
--   stories          distinct stories (syndicated copies counted once, see `stories`)
--   period_articles  all dated articles published that day
--   period_stories   all distinct stories published that day
--   share            articles / period_articles
--   story_share      stories / period_stories
-- Mentions inside boilerplate (mentions.in_boilerplate: footers, credits a source repeats) are not counted.
CREATE TABLE actor_day AS
WITH dated AS (
    SELECT a.article_id, a.published_date, a.source, s.story_id
    FROM articles AS a
    LEFT JOIN story_articles AS s USING (article_id)
    WHERE a.published_date IS NOT NULL
),
period AS (
    SELECT published_date, count(*) AS period_articles, count(DISTINCT story_id) AS period_stories
    FROM dated GROUP BY published_date
)
SELECT
    m.entity_id, e.type, e.name_ar, e.name_en, d.published_date,
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
JOIN period AS p USING (published_date)
WHERE e.type IN ('person', 'organisation') AND NOT m.in_boilerplate
GROUP BY m.entity_id, e.type, e.name_ar, e.name_en, d.published_date
ORDER BY d.published_date, articles DESC, m.entity_id;
