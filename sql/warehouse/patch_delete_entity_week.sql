-- Delete an entity-week mart's rows of the patched (entity, week) keys (the mart named by the caller).
DELETE FROM {table} USING patch_keys_week AS k
WHERE {table}.entity_id = k.entity_id AND {table}.week = k.week;
