-- The entities whose rows a patch reloads: those the patched articles name ($all: every entity, when the catalogue changed).
INSERT INTO patch_entities
SELECT DISTINCT entity_id FROM mentions
WHERE article_id IN (SELECT article_id FROM patch_articles) AND entity_id IS NOT NULL
UNION
SELECT entity_id FROM entities WHERE $all;
