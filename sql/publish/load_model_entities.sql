-- Give every name found only by the model or the name rules (entity_id 'name:...') its own entity row.
INSERT INTO entities BY NAME
SELECT
    entity_id,
    mode(type)     AS type,
    mode(surface)  AS name_ar,
    'model'        AS source
FROM mentions
WHERE entity_id NOT IN (SELECT entity_id FROM entities)
GROUP BY entity_id;
