-- quoted_about: who is quoted about whom — each quoted speaker × each entity named in the articles where the speaker is quoted.
-- One row per (speaker_id, about_id) pair found in at least one article; the `quoted_about`
-- library query filters and ranks it instead of re-joining article_entity (1 s over all speakers).
-- Columns:
--   speaker_id   entity quoted in the article (article_entity.role = 'quoted_speaker')
--   about_id     another entity named in the same article's title or body (title_subject or mentioned)
--   about_type   the named entity's type (person, organisation, place or other)
--   articles     distinct articles where the speaker is quoted and the other entity is named
CREATE TABLE quoted_about AS
WITH speakers AS (
    SELECT DISTINCT article_id, entity_id FROM article_entity WHERE role = 'quoted_speaker'
),
named AS (
    SELECT article_id, entity_id, any_value(type) AS type FROM article_entity
    WHERE role IN ('title_subject', 'mentioned')
    GROUP BY ALL
)
SELECT s.entity_id AS speaker_id, n.entity_id AS about_id, any_value(n.type) AS about_type,
    count(*) AS articles
FROM speakers AS s
JOIN named AS n ON n.article_id = s.article_id AND n.entity_id <> s.entity_id
GROUP BY s.entity_id, n.entity_id;
