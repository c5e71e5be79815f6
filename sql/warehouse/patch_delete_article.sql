-- Delete an article mart's rows of the patched articles (the mart named by the caller).
DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM patch_articles);
