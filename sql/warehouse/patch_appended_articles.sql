-- The articles an incremental publish adds from appended parts (appended_rows of articles) join the mart patch.
INSERT INTO patch_articles
SELECT DISTINCT article_id FROM appended_rows;
