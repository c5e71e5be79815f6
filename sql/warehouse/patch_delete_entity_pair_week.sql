-- Delete a pair-per-week mart's rows whose two entities are both patched (entity, week) keys (the mart named by the caller): the only rows whose pair counts a patch can change.
DELETE FROM {table}
USING patch_keys_week AS ka, patch_keys_week AS kb
WHERE {table}.week = ka.week AND {table}.entity_a = ka.entity_id
  AND {table}.week = kb.week AND {table}.entity_b = kb.entity_id;
