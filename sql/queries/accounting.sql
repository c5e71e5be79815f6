-- Every record found, by what became of it: parsed, quarantined, or a duplicate of another.
WITH file_rejections AS (
    SELECT count(*) AS n FROM quarantine WHERE stage = 'raw'
)
SELECT
    (SELECT count(*) FROM raw_articles) + (SELECT n FROM file_rejections)        AS found,
    (SELECT count(*) FROM articles)                                               AS parsed,
    (SELECT count(*) FROM quarantine)                                             AS quarantined,
    (SELECT count(*) FROM raw_articles WHERE duplicate_of IS NOT NULL)            AS duplicates;
