-- The drift measures' counts but the words (see drift_metrics; an incremental publish keeps the word total from what it changed): mentions, records quarantined, articles, mentions linked to no catalogue entity.
SELECT
    (SELECT count(*) FROM mentions) AS mentions,
    (SELECT count(*) FROM quarantine) AS quarantined,
    (SELECT count(*) FROM articles) AS articles,
    (SELECT count(*) FROM mentions WHERE entity_id LIKE 'name:%') AS unlinked;
