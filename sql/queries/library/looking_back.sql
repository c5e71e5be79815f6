-- How far back (or ahead) coverage looks: per publication month, the share of dated references to the past, the same week and the future.
-- params: start=1900-01-01, end=2100-12-31
SELECT CAST(date_trunc('month', published_date) AS DATE) AS month,
       sum(mentions) AS date_mentions,
       round(sum(mentions) FILTER (WHERE lag_days < -7) / sum(mentions), 3)        AS past,
       round(sum(mentions) FILTER (WHERE lag_days BETWEEN -7 AND 7) / sum(mentions), 3) AS this_week,
       round(sum(mentions) FILTER (WHERE lag_days > 7) / sum(mentions), 3)         AS future,
       median(lag_days) AS median_lag_days
FROM dates_referred
WHERE published_date BETWEEN CAST($start AS DATE) AND CAST($end AS DATE)
GROUP BY month
ORDER BY month;
