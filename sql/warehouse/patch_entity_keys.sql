-- The keys of the entity marts an incremental publish recomputes: the (entity, day) and (entity, week) pairs the patched articles' mentions fall on now, with those the replaced articles had (patch_changed_articles), and the speakers quoted in the patched articles before the patch (`article_entity` is not patched yet).
INSERT INTO patch_entity_days
SELECT DISTINCT m.entity_id, a.published_date FROM mentions AS m JOIN articles AS a USING (article_id)
WHERE m.article_id IN (SELECT article_id FROM patch_articles)
  AND m.entity_id IS NOT NULL AND a.published_date IS NOT NULL;
CREATE OR REPLACE TEMP TABLE patch_keys_day AS SELECT DISTINCT entity_id, day FROM patch_entity_days;
CREATE OR REPLACE TEMP TABLE patch_keys_week AS
SELECT DISTINCT entity_id, CAST(date_trunc('week', day) AS DATE) AS week FROM patch_entity_days;
CREATE OR REPLACE TEMP TABLE patch_speakers AS
SELECT DISTINCT entity_id FROM article_entity
WHERE role = 'quoted_speaker' AND article_id IN (SELECT article_id FROM patch_articles);
