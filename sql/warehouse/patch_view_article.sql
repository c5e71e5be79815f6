-- Shadow `articles` with the patched articles ({db}: the warehouse file's catalogue).
CREATE OR REPLACE TEMP VIEW articles AS
SELECT * FROM "{db}".main.articles WHERE article_id IN (SELECT article_id FROM patch_articles);
