-- Delete the model-found entities a patch reloads (load_model_entities names them again from every mention), and any no mention names any more.
DELETE FROM entities
WHERE source = 'model'
  AND (entity_id IN (SELECT entity_id FROM patch_entities)
       OR entity_id NOT IN (SELECT DISTINCT entity_id FROM mentions WHERE entity_id IS NOT NULL));
