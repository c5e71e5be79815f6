-- Pairs among the period's most covered actors and the articles they share (the network chart).
WITH top AS (
    SELECT entity_id FROM actor_day WHERE published_date BETWEEN $start AND $end
    GROUP BY entity_id ORDER BY sum(articles) DESC, entity_id LIMIT $top
),
present AS (
    SELECT DISTINCT f.article_id, f.entity_id
    FROM article_entity AS f JOIN top USING (entity_id)
    WHERE f.role <> 'quoted_speaker' AND f.published_date BETWEEN $start AND $end
)
SELECT ea.name_ar AS name_a, eb.name_ar AS name_b, count(*) AS together
FROM present AS x
JOIN present AS y ON x.article_id = y.article_id AND x.entity_id < y.entity_id
JOIN entities AS ea ON ea.entity_id = x.entity_id
JOIN entities AS eb ON eb.entity_id = y.entity_id
GROUP BY ALL
ORDER BY together DESC, name_a, name_b;
