-- Who is quoted about whom: each speaker and the people, organisations and places named in the articles where they speak.
-- params: speaker=, top=30
-- $speaker: an entity_id or an Arabic name; empty for every speaker.
WITH speakers AS (
    SELECT DISTINCT f.article_id, f.entity_id
    FROM article_entity AS f JOIN entities AS e USING (entity_id)
    WHERE f.role = 'quoted_speaker' AND ($speaker = '' OR f.entity_id = $speaker OR e.name_ar = $speaker)
),
named AS (
    SELECT DISTINCT article_id, entity_id FROM article_entity
    WHERE role IN ('title_subject', 'mentioned')
      AND article_id IN (SELECT article_id FROM speakers)
),
pairs AS (
    SELECT s.entity_id AS speaker_id, n.entity_id AS about_id, count(*) AS articles
    FROM speakers AS s JOIN named AS n ON n.article_id = s.article_id AND n.entity_id <> s.entity_id
    GROUP BY ALL
    ORDER BY articles DESC, speaker_id, about_id
    LIMIT CAST($top AS INTEGER)
)
SELECT p.speaker_id, es.name_ar AS speaker, p.about_id, eo.name_ar AS about, eo.type AS about_type, p.articles
FROM pairs AS p
JOIN entities AS es ON es.entity_id = p.speaker_id
JOIN entities AS eo ON eo.entity_id = p.about_id
ORDER BY p.articles DESC, p.speaker_id, p.about_id;
