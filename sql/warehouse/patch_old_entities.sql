-- The published attributes of the entities a patch reloads, before it does (see patch_changed_entities).
CREATE TEMP TABLE old_entities AS
SELECT entity_id, type, kind, name_ar, name_en, country_code, latitude, longitude FROM entities
WHERE entity_id IN (SELECT entity_id FROM patch_entities);
