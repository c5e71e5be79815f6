-- Mentions whose entity_id is not in entities, or names a catalogue id (not a model-found name:) that the catalogue lacks: count and 5 examples.
SELECT
    count(*) AS violations,
    coalesce(
        (list(
            m.article_id || ' mention ' || m.mention_no::VARCHAR || ' «' || m.surface || '» → '
                || m.entity_id || CASE WHEN e.entity_id IS NULL THEN ' (not in entities)'
                                       ELSE ' (not in the catalogue)' END
            ORDER BY m.article_id, m.mention_no
        ))[1:5],
        []
    ) AS examples
FROM mentions AS m
LEFT JOIN entities AS e USING (entity_id)
WHERE e.entity_id IS NULL OR (e.source = 'model' AND NOT m.entity_id LIKE 'name:%');
