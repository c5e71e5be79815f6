-- Shadow `articles` with the articles of the patched days, so a mart's own SQL computes only those days' rows ({db}: the warehouse file's catalogue).
CREATE OR REPLACE TEMP VIEW articles AS
SELECT * FROM "{db}".main.articles WHERE published_date IN (SELECT day FROM patch_days);
