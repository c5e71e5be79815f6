-- The period's most quoted speakers (the quoted-speakers chart).
SELECT any_value(e.name_ar) AS name_ar, count(*) AS quotes, count(DISTINCT q.article_id) AS articles
FROM quotes AS q
JOIN entities AS e ON e.entity_id = q.speaker_entity_id
JOIN articles AS a USING (article_id)
WHERE a.published_date BETWEEN $start AND $end
GROUP BY q.speaker_entity_id
ORDER BY quotes DESC, name_ar
LIMIT $top;
