-- Which outlets cover an entity most relative to their volume (share of the outlet's articles against the press as a whole).
-- params: actor=, top=20
-- $actor: an entity_id or an Arabic name; empty for the strongest outlet–entity pairs overall.
SELECT source, entity_id, name_ar, name_en, articles, outlet_articles,
       round(share, 4) AS share, round(overall_share, 4) AS overall_share, round(relative, 2) AS relative
FROM source_coverage
WHERE scope = 'outlet' AND ($actor = '' OR entity_id = $actor OR name_ar = $actor)
ORDER BY relative DESC, articles DESC, source, entity_id
LIMIT CAST($top AS INTEGER);
