-- The entities of some types most articles mention in their body (boilerplate and adjectival «العراقية» forms left out).
SELECT
    e.entity_id, e.type, e.name_ar, e.name_en,
    count(DISTINCT m.article_id) AS articles,
    count(DISTINCT a.source)     AS sources
FROM mentions AS m
JOIN entities AS e USING (entity_id)
JOIN articles AS a USING (article_id)
WHERE e.type IN (SELECT unnest($types::VARCHAR[])) AND NOT m.gentilic AND NOT m.in_boilerplate
GROUP BY ALL
ORDER BY articles DESC, e.entity_id
LIMIT $top;
