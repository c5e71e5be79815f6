-- Who is quoted about whom: each speaker and the people, organisations and places named in the articles where they speak.
-- params: speaker=, top=30
-- $speaker: an entity_id or an Arabic name; empty for every speaker. Reads the quoted_about mart.
SELECT q.speaker_id, es.name_ar AS speaker, q.about_id, eo.name_ar AS about, q.about_type, q.articles
FROM (
    SELECT q.* FROM quoted_about AS q JOIN entities AS e ON e.entity_id = q.speaker_id
    WHERE $speaker = '' OR q.speaker_id = $speaker OR e.name_ar = $speaker
    ORDER BY q.articles DESC, q.speaker_id, q.about_id
    LIMIT CAST($top AS INTEGER)
) AS q
JOIN entities AS es ON es.entity_id = q.speaker_id
JOIN entities AS eo ON eo.entity_id = q.about_id
ORDER BY q.articles DESC, q.speaker_id, q.about_id;
