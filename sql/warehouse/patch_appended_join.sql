-- The articles an incremental publish added from appended parts join the mart patch.
INSERT INTO patch_articles SELECT article_id FROM patch_appended;
