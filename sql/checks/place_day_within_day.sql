-- Rows of place_day whose articles exceed the day's published articles (0 when the mart reconciles).
SELECT count(*)
FROM place_day AS m
JOIN (SELECT published_date, count(*) AS n FROM articles GROUP BY ALL) AS d USING (published_date)
WHERE m.articles > d.n;
