-- The published articles, whose stories `story_articles` holds (one row each).
SELECT article_id FROM articles ORDER BY article_id;
