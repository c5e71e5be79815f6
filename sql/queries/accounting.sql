-- Every record found, by what became of it: parsed, quarantined before parsing succeeded, or a duplicate.
SELECT
    (SELECT count(*) FROM raw_articles)
        + (SELECT count(*) FROM quarantine WHERE stage = 'raw')                  AS found,
    (SELECT count(*) FROM articles)                                               AS parsed,
    (SELECT count(*) FROM quarantine WHERE stage IN ('raw', 'parsed'))            AS quarantined,
    (SELECT count(*) FROM raw_articles WHERE duplicate_of IS NOT NULL)            AS duplicates;
