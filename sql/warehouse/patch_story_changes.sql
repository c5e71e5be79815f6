-- Articles whose story changed (a new copy joined two stories, an article left one) join the mart patch; then `story_articles` takes the new stories.
INSERT INTO patch_articles
SELECT article_id FROM (SELECT * FROM story_new EXCEPT SELECT * FROM story_articles)
UNION
SELECT article_id FROM (SELECT * FROM story_articles EXCEPT SELECT * FROM story_new);
DELETE FROM story_articles;
INSERT INTO story_articles SELECT * FROM story_new;
DROP TABLE story_new;
