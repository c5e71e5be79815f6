-- The entities' published attributes before a patch reloads them (see patch_changed_entities).
CREATE TEMP TABLE old_entities AS
SELECT entity_id, type, kind, name_ar, name_en, country_code, latitude, longitude FROM entities;
