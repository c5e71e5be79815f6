-- Cleaned articles whose display or match text is empty or blank: count and 5 examples (article and which text).
SELECT
    count(*) AS violations,
    coalesce(
        (list(
            article_id || ': '
                || CASE WHEN coalesce(trim(display_text), '') = '' THEN 'display_text' ELSE 'match_text' END
                || ' is empty'
            ORDER BY article_id
        ))[1:5],
        []
    ) AS examples
FROM read_parquet($files, union_by_name = true)
WHERE coalesce(trim(display_text), '') = '' OR coalesce(trim(match_text), '') = '';
