-- Delete an entity-day mart's rows of the patched (entity, day) keys (the mart named by the caller).
DELETE FROM {table} USING patch_keys_day AS k
WHERE {table}.entity_id = k.entity_id AND {table}.published_date = k.day;
