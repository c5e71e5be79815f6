-- What each section of each outlet covers: its top entities by articles, with how much more than the press as a whole.
-- params: top=5
SELECT source, section, entity_id, name_ar, type, articles, outlet_articles AS section_articles,
       round(relative, 2) AS relative
FROM source_coverage
WHERE scope = 'section'
QUALIFY row_number() OVER (PARTITION BY source, section ORDER BY articles DESC, entity_id) <= CAST($top AS INTEGER)
ORDER BY source, section, articles DESC, entity_id;
