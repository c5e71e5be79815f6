-- Give every name found only by the model or the name rules (entity_id 'name:...') its own entity
-- row, named by its most frequent surface form (ties broken by the form itself: deterministic).
INSERT INTO entities BY NAME
WITH forms AS (
    SELECT entity_id, type, surface, count(*) AS n
    FROM mentions
    WHERE entity_id NOT IN (SELECT entity_id FROM entities)
    GROUP BY ALL
)
SELECT
    entity_id,
    first(type ORDER BY n DESC, type)        AS type,
    first(surface ORDER BY n DESC, surface)  AS name_ar,
    'model'                                  AS source
FROM forms
GROUP BY entity_id;
