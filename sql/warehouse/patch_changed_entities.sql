-- Articles naming an entity whose published attributes the reload changed (a model-found name's most frequent form or type, a catalogue edit) join the mart patch: the marts copy those attributes.
INSERT INTO patch_articles
WITH now AS (
    SELECT entity_id, type, kind, name_ar, name_en, country_code, latitude, longitude FROM entities
    WHERE entity_id IN (SELECT entity_id FROM patch_entities)
),
changed AS (
    SELECT entity_id FROM (SELECT * FROM now EXCEPT SELECT * FROM old_entities)
    UNION
    SELECT entity_id FROM (SELECT * FROM old_entities EXCEPT SELECT * FROM now)
)
SELECT article_id FROM mentions WHERE entity_id IN (SELECT entity_id FROM changed)
UNION
SELECT article_id FROM quotes WHERE speaker_entity_id IN (SELECT entity_id FROM changed);
