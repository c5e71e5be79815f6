-- Give every name found only by the model or the name rules (entity_id 'name:...') its own entity
-- row, named by its most frequent surface among the mentions that named it in full (not a later
-- «صلاح» that coreference or the prior joined to «محمد صلاح»), ties broken by the form itself.
INSERT INTO entities BY NAME
WITH forms AS (
    SELECT entity_id, type, surface, link_source IN ('coref', 'prior') AS joined, count(*) AS n
    FROM mentions
    WHERE entity_id NOT IN (SELECT entity_id FROM entities)
    GROUP BY ALL
)
SELECT
    entity_id,
    first(type ORDER BY n DESC, type)                    AS type,
    first(surface ORDER BY joined, n DESC, surface)      AS name_ar,
    'model'                                              AS source
FROM forms
GROUP BY entity_id;
