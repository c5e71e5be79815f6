-- article_entity: the per-article fact table, one row per article × entity × role, for free-form slicing.
-- Roles: 'title_subject' (named in the title), 'quoted_speaker' (speaker of a quote in the article),
-- 'mentioned' (named in the body). An entity in the title and the body has both rows.
-- Columns:
--   article_id       joins articles
--   entity_id, type  joins entities; type is person, organisation, place or other
--   role             title_subject, quoted_speaker, mentioned
--   n                mentions in that role (for quoted_speaker: quotes attributed)
--   published_date, source, section  copied from articles for slicing without a join
--   story_id         the article's story (joins stories)
CREATE TABLE article_entity AS
WITH located AS (
    SELECT m.article_id, m.entity_id, m.type,
           CASE WHEN s.paragraph_no = 0 THEN 'title_subject' ELSE 'mentioned' END AS role
    FROM mentions AS m
    LEFT JOIN sentences AS s USING (article_id, sentence_no)
    WHERE NOT m.gentilic AND NOT m.in_boilerplate
),
facts AS (
    SELECT article_id, entity_id, any_value(type) AS type, role, count(*) AS n
    FROM located GROUP BY article_id, entity_id, role
    UNION ALL
    SELECT q.article_id, q.speaker_entity_id, any_value(e.type), 'quoted_speaker', count(*)
    FROM quotes AS q JOIN entities AS e ON e.entity_id = q.speaker_entity_id
    GROUP BY q.article_id, q.speaker_entity_id
)
SELECT f.article_id, f.entity_id, f.type, f.role, f.n,
       a.published_date, a.source, a.section, s.story_id
FROM facts AS f
JOIN articles AS a USING (article_id)
LEFT JOIN story_articles AS s USING (article_id)
ORDER BY f.article_id, f.role, f.entity_id;
