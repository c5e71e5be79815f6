-- The articles an incremental publish replaces join the mart patch, with the publication days they had and the entities they named (their rows are deleted next).
INSERT INTO patch_articles SELECT article_id FROM changed_articles;
INSERT INTO patch_days
SELECT DISTINCT published_date FROM articles
WHERE article_id IN (SELECT article_id FROM changed_articles) AND published_date IS NOT NULL;
INSERT INTO patch_entities
SELECT DISTINCT entity_id FROM mentions
WHERE article_id IN (SELECT article_id FROM changed_articles) AND entity_id IS NOT NULL;
