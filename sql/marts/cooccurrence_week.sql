-- cooccurrence_week: pairs of people and organisations named in the same article, per ISO week, scored by lift and PMI so that big names do not dominate.
-- One row per (week, entity_a, entity_b) with entity_a < entity_b and at least 2 shared articles (the minimum support).
-- Columns:
--   week             Monday of the ISO week
--   entity_a, name_a, entity_b, name_b  the pair (joins entities; name_* = name_ar)
--   pair_articles    articles of the week naming both
--   a_articles, b_articles  articles of the week naming each
--   week_articles    all dated articles of the week
--   lift             P(a,b) / (P(a) P(b)) over the week's articles: 1 = as often as chance
--   pmi              log2(lift)
--   npmi             pmi / -log2(P(a,b)), in [-1, 1]: 1 = the two always appear together
CREATE TABLE cooccurrence_week AS
WITH actor_articles AS (
    SELECT DISTINCT m.article_id, m.entity_id, CAST(date_trunc('week', a.published_date) AS DATE) AS week
    FROM mentions AS m
    JOIN articles AS a USING (article_id)
    WHERE a.published_date IS NOT NULL AND m.type IN ('person', 'organisation')
      AND NOT m.in_boilerplate
),
singles AS (
    SELECT week, entity_id, count(*) AS n FROM actor_articles GROUP BY ALL
),
weeks AS (
    SELECT CAST(date_trunc('week', published_date) AS DATE) AS week, count(*) AS week_articles
    FROM articles WHERE published_date IS NOT NULL GROUP BY ALL
),
pairs AS (
    SELECT x.week, x.entity_id AS entity_a, y.entity_id AS entity_b, count(*) AS pair_articles
    FROM actor_articles AS x
    JOIN actor_articles AS y ON x.article_id = y.article_id AND x.entity_id < y.entity_id
    GROUP BY ALL
    HAVING count(*) >= 2
)
SELECT
    p.week, p.entity_a, ea.name_ar AS name_a, p.entity_b, eb.name_ar AS name_b,
    p.pair_articles, sa.n AS a_articles, sb.n AS b_articles, w.week_articles,
    (p.pair_articles * w.week_articles) / (sa.n * sb.n)           AS lift,
    log2((p.pair_articles * w.week_articles) / (sa.n * sb.n))     AS pmi,
    CASE WHEN p.pair_articles = w.week_articles THEN 1.0
         ELSE log2((p.pair_articles * w.week_articles) / (sa.n * sb.n))
              / -log2(p.pair_articles / w.week_articles) END      AS npmi
FROM pairs AS p
JOIN singles AS sa ON sa.week = p.week AND sa.entity_id = p.entity_a
JOIN singles AS sb ON sb.week = p.week AND sb.entity_id = p.entity_b
JOIN weeks AS w ON w.week = p.week
JOIN entities AS ea ON ea.entity_id = p.entity_a
JOIN entities AS eb ON eb.entity_id = p.entity_b
ORDER BY p.week, p.pair_articles DESC, p.entity_a, p.entity_b;
