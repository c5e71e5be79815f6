-- Mentions whose display span is outside the article's display text or does not cut exactly its surface, whose raw span is outside raw_text, or whose raw cut differs from the surface (the caller re-checks those through the display normaliser). $ids: the mentions' article ids, given as a list so only their upstream rows are decoded (a join on them reads whole days).
WITH m AS (
    SELECT article_id, mention_no, surface, "start", "end", raw_start, raw_end
    FROM read_parquet($mentions, union_by_name = true)
),
spans AS (
    SELECT m.*, c.display_text, r.raw_text
    FROM m
    LEFT JOIN (
        SELECT article_id, display_text FROM read_parquet($cleaned, union_by_name = true)
        WHERE article_id IN (SELECT unnest($ids))
    ) AS c USING (article_id)
    LEFT JOIN (
        SELECT article_id, source_file, record_no FROM read_parquet($articles, union_by_name = true)
        WHERE article_id IN (SELECT unnest($ids))
    ) AS a USING (article_id)
    LEFT JOIN (
        SELECT source_file, record_no, raw_text FROM read_parquet($raw, union_by_name = true)
        WHERE article_id IN (SELECT unnest($ids))
    ) AS r ON r.source_file = a.source_file AND r.record_no = a.record_no
),
judged AS (
    SELECT
        article_id, mention_no, surface, "start", "end", raw_start, raw_end,
        CASE
            WHEN display_text IS NULL THEN 'no cleaned text for the article'
            WHEN "start" < 0 OR "end" <= "start" OR "end" > length(display_text)
                THEN 'display span outside the display text (length ' || length(display_text)::VARCHAR || ')'
            WHEN substring(display_text, "start" + 1, "end" - "start") <> surface
                THEN 'display text cuts «' || substring(display_text, "start" + 1, "end" - "start") || '»'
            WHEN raw_start IS NULL THEN NULL
            WHEN raw_text IS NULL THEN 'no raw text for the article'
            WHEN raw_start < 0 OR raw_end <= raw_start OR raw_end > length(raw_text)
                THEN 'raw span outside raw_text (length ' || length(raw_text)::VARCHAR || ')'
        END AS problem,
        CASE WHEN raw_start >= 0 AND raw_end > raw_start AND raw_end <= length(raw_text)
            THEN substring(raw_text, raw_start + 1, raw_end - raw_start) END AS raw_cut
    FROM spans
)
SELECT article_id, mention_no, surface, "start", "end", raw_start, raw_end, problem, raw_cut
FROM judged
WHERE problem IS NOT NULL OR (raw_start IS NOT NULL AND raw_cut IS DISTINCT FROM surface)
ORDER BY article_id, mention_no;
