-- Delete the rows of the articles an incremental publish replaces from one table (named by the caller).
DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM changed_articles);
