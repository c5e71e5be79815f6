-- The articles an incremental publish replaces join the mart patch, with the entities they named (their rows are deleted next; patch_days takes the days they had).
INSERT INTO patch_articles SELECT article_id FROM changed_articles;
INSERT INTO patch_entities
SELECT DISTINCT entity_id FROM mentions
WHERE article_id IN (SELECT article_id FROM changed_articles) AND entity_id IS NOT NULL;
