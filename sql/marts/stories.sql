-- stories: one row per story (an article and its near-duplicate or syndicated copies), with its outlets, span of days and credited origin.
-- Columns:
--   story_id          the smallest article_id of the story (joins story_articles.story_id)
--   title             the title of the earliest-published copy (the smallest article_id among copies published at the same time)
--   articles          copies in the warehouse (1 = no copy found)
--   sources           distinct outlets that ran it
--   first_published, last_published  publication times (as written) of the first and last copy
--   origin            the agency credited most often among the copies (NULL when none credits one)
--   min_similarity    the weakest verified link inside the story (Jaccard of word 5-grams)
CREATE TABLE stories AS
SELECT
    s.story_id,
    arg_min(a.title, (coalesce(a.published_at, TIMESTAMP '9999-12-31'), a.article_id)) AS title,
    count(*)                                  AS articles,
    count(DISTINCT a.source)                  AS sources,
    min(a.published_at)                       AS first_published,
    max(a.published_at)                       AS last_published,
    mode(s.origin)                            AS origin,
    min(s.similarity)                         AS min_similarity
FROM story_articles AS s
JOIN articles AS a USING (article_id)
GROUP BY s.story_id
ORDER BY articles DESC, s.story_id;
