-- The published warehouse's drift measures: linked mentions per 1,000 words of sentence text, share of records quarantined, share of mentions linked to no catalogue entity (a model-found name: id).
SELECT
    (SELECT count(*) FROM mentions) AS mentions,
    -- display text has single spaces between words (marsad.text.normalize), so a plain split
    -- counts them (a regex split cost 2.5x as much over every sentence)
    (SELECT coalesce(sum(len(string_split(trim(text), ' '))), 0) FROM sentences WHERE trim(text) <> '') AS words,
    (SELECT count(*) FROM quarantine) AS quarantined,
    (SELECT count(*) FROM articles) AS articles,
    (SELECT count(*) FROM mentions WHERE entity_id LIKE 'name:%') AS unlinked;
