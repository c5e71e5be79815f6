-- Articles whose story changed (a new copy joined two stories, an article left one) join the mart patch, and only their rows of `story_articles` are replaced (replacing all 32k rows cost ~0.7 s of the commit, its key index rebuilt).
CREATE TEMP TABLE story_changed AS
SELECT article_id FROM (SELECT * FROM story_new EXCEPT SELECT * FROM story_articles)
UNION
SELECT article_id FROM (SELECT * FROM story_articles EXCEPT SELECT * FROM story_new);
INSERT INTO patch_articles SELECT article_id FROM story_changed;
DELETE FROM story_articles WHERE article_id IN (SELECT article_id FROM story_changed);
INSERT INTO story_articles SELECT * FROM story_new WHERE article_id IN (SELECT article_id FROM story_changed);
DROP TABLE story_new;
DROP TABLE story_changed;
