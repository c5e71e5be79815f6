-- dates_referred: which days the coverage talks about (dates written in bodies) against the day it was published.
-- One row per (published_date, referred_date, resolution, kind).
-- Columns:
--   published_date   the articles' publication day
--   referred_date    the date written in the body (date_mentions.value: first day of the period)
--   resolution       day, week, month, year
--   kind             absolute, year, relative, hijri
--   lag_days         referred_date - published_date (negative: looking back)
--   mentions         date mentions
--   articles         distinct articles
CREATE TABLE dates_referred AS
SELECT
    a.published_date, d.value AS referred_date, d.resolution, d.kind,
    d.value - a.published_date       AS lag_days,
    count(*)                         AS mentions,
    count(DISTINCT d.article_id)     AS articles
FROM date_mentions AS d
JOIN articles AS a USING (article_id)
WHERE d.value IS NOT NULL AND a.published_date IS NOT NULL
GROUP BY ALL
ORDER BY a.published_date, referred_date, d.resolution, d.kind;
