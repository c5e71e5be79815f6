-- Who is quoted about whom: each speaker and the people, organisations and places named in the articles where they speak.
-- params: speaker=, top=30
-- $speaker: an entity_id or an Arabic name; empty for every speaker.
SELECT s.entity_id AS speaker_id, es.name_ar AS speaker, o.entity_id AS about_id, eo.name_ar AS about,
       eo.type AS about_type, count(DISTINCT s.article_id) AS articles
FROM article_entity AS s
JOIN article_entity AS o ON o.article_id = s.article_id AND o.entity_id <> s.entity_id
                         AND o.role IN ('title_subject', 'mentioned')
JOIN entities AS es ON es.entity_id = s.entity_id
JOIN entities AS eo ON eo.entity_id = o.entity_id
WHERE s.role = 'quoted_speaker'
  AND ($speaker = '' OR s.entity_id = $speaker OR es.name_ar = $speaker)
GROUP BY ALL
ORDER BY articles DESC, speaker_id, about_id
LIMIT CAST($top AS INTEGER);
