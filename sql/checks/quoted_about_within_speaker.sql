-- Speaker-entity pairs of quoted_about counting more articles than the speaker is quoted in (0 when the mart reconciles with article_entity).
SELECT count(*)
FROM quoted_about AS q
JOIN (
    SELECT entity_id, count(DISTINCT article_id) AS quoted
    FROM article_entity WHERE role = 'quoted_speaker'
    GROUP BY entity_id
) AS s ON s.entity_id = q.speaker_id
WHERE q.articles > s.quoted OR q.articles < 1;
