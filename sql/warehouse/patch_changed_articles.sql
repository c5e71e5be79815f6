-- The articles an incremental publish replaces join the mart patch, with the entities they named and the (entity, day) pairs of their mentions (their rows are deleted next; patch_days takes the days they had).
INSERT INTO patch_articles SELECT article_id FROM changed_articles;
INSERT INTO patch_entities
SELECT DISTINCT entity_id FROM mentions
WHERE article_id IN (SELECT article_id FROM changed_articles) AND entity_id IS NOT NULL;
INSERT INTO patch_entity_days
SELECT DISTINCT m.entity_id, a.published_date FROM mentions AS m JOIN articles AS a USING (article_id)
WHERE m.article_id IN (SELECT article_id FROM changed_articles)
  AND m.entity_id IS NOT NULL AND a.published_date IS NOT NULL;
