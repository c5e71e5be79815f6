-- Articles whose publication date lies outside the accepted range [$first, $last]: count and 5 examples (article, date, where it came from).
SELECT
    count(*) AS violations,
    coalesce(
        (list(
            article_id || ' published ' || published_date::VARCHAR
                || ' (' || source_file || ' record ' || record_no::VARCHAR || ')'
            ORDER BY published_date, article_id
        ))[1:5],
        []
    ) AS examples
FROM read_parquet($files, union_by_name = true)
WHERE published_date < $first OR published_date > $last;
