-- The most widely run stories: copies, outlets, credited agency and the span of days they ran over.
-- params: min_articles=1, top=20
SELECT story_id, title, articles, sources, origin, first_published, last_published,
       round(min_similarity, 3) AS min_similarity
FROM stories
WHERE articles >= CAST($min_articles AS INTEGER)
ORDER BY articles DESC, sources DESC, story_id
LIMIT CAST($top AS INTEGER);
