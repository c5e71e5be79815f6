-- Who is quoted most: speakers by quotes and articles, with their most frequent reporting verb.
-- params: top=20, start=1900-01-01, end=2100-12-31
SELECT q.speaker_entity_id AS entity_id, e.name_ar, e.name_en, e.type,
       count(*) AS quotes, count(DISTINCT q.article_id) AS articles, mode(q.verb) AS usual_verb
FROM quotes AS q
JOIN entities AS e ON e.entity_id = q.speaker_entity_id
JOIN articles AS a USING (article_id)
WHERE coalesce(a.published_date, DATE '1900-01-01') BETWEEN CAST($start AS DATE) AND CAST($end AS DATE)
GROUP BY ALL
ORDER BY quotes DESC, articles DESC, entity_id
LIMIT CAST($top AS INTEGER);
