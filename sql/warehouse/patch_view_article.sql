-- Shadow `articles` and the tables an article mart reads per article (mentions, sentences, quotes) with the patched articles' rows, so the mart's own SQL computes only theirs ({db}: the warehouse file's catalogue).
CREATE OR REPLACE TEMP VIEW articles AS
SELECT * FROM "{db}".main.articles WHERE article_id IN (SELECT article_id FROM patch_articles);
CREATE OR REPLACE TEMP VIEW mentions AS
SELECT * FROM "{db}".main.mentions WHERE article_id IN (SELECT article_id FROM patch_articles);
CREATE OR REPLACE TEMP VIEW sentences AS
SELECT * FROM "{db}".main.sentences WHERE article_id IN (SELECT article_id FROM patch_articles);
CREATE OR REPLACE TEMP VIEW quotes AS
SELECT * FROM "{db}".main.quotes WHERE article_id IN (SELECT article_id FROM patch_articles);
