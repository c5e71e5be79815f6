-- Articles per outlet and section in a period (the coverage-by-source chart).
SELECT coalesce(source, '(none)') AS source, coalesce(section, '(none)') AS section, count(*) AS articles
FROM articles
WHERE published_date BETWEEN $start AND $end
GROUP BY ALL
ORDER BY source, articles DESC;
