-- Shadow `articles` with the articles of the ISO weeks of the patched days (every day of those weeks: a week's counts need all of them; {db}: the warehouse file's catalogue).
CREATE OR REPLACE TEMP VIEW articles AS
SELECT * FROM "{db}".main.articles
WHERE CAST(date_trunc('week', published_date) AS DATE)
    IN (SELECT CAST(date_trunc('week', day) AS DATE) FROM patch_days);
