-- An actor's co-occurrence neighbours: who is named in the same articles, scored by PMI so big names do not dominate.
-- params: actor=, min_support=2, top=20, start=1900-01-01, end=2100-12-31
-- $actor: an entity_id or an Arabic name; empty for the most covered actor of the period. $min_support: shared articles.
WITH actor_articles AS (
    SELECT DISTINCT f.article_id, f.entity_id
    FROM article_entity AS f
    WHERE f.type IN ('person', 'organisation') AND f.role <> 'quoted_speaker'
      AND f.published_date BETWEEN CAST($start AS DATE) AND CAST($end AS DATE)
),
total AS (SELECT count(DISTINCT article_id) AS n FROM actor_articles),
singles AS (SELECT entity_id, count(*) AS n FROM actor_articles GROUP BY ALL),
chosen AS (
    SELECT s.entity_id FROM singles AS s JOIN entities AS e USING (entity_id)
    WHERE $actor = '' OR s.entity_id = $actor OR e.name_ar = $actor
    ORDER BY s.n DESC, s.entity_id LIMIT 1
),
pairs AS (
    SELECT x.entity_id AS entity_a, y.entity_id AS entity_b, count(*) AS together
    FROM actor_articles AS x
    JOIN chosen USING (entity_id)
    JOIN actor_articles AS y ON x.article_id = y.article_id AND x.entity_id <> y.entity_id
    GROUP BY ALL HAVING count(*) >= CAST($min_support AS INTEGER)
)
SELECT p.entity_a, ea.name_ar AS name_a, p.entity_b, eb.name_ar AS name_b, p.together,
       round(log2(p.together * total.n / (sa.n * sb.n)), 3) AS pmi
FROM pairs AS p, total
JOIN singles AS sa ON sa.entity_id = p.entity_a
JOIN singles AS sb ON sb.entity_id = p.entity_b
JOIN entities AS ea ON ea.entity_id = p.entity_a
JOIN entities AS eb ON eb.entity_id = p.entity_b
ORDER BY pmi DESC, together DESC, p.entity_b
LIMIT CAST($top AS INTEGER);
