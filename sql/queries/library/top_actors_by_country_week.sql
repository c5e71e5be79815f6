-- Most-covered people and organisations per ISO week in articles that name a place in one country (e.g. Iraq-related coverage).
-- params: country=IQ, top=10, start=1900-01-01, end=2100-12-31
-- An article is "related" to the country when it names any place whose country_code is $country.
WITH related AS (
    SELECT DISTINCT f.article_id
    FROM article_entity AS f JOIN entities AS e USING (entity_id)
    WHERE e.type = 'place' AND e.country_code = $country
)
SELECT CAST(date_trunc('week', f.published_date) AS DATE) AS week, f.entity_id, e.name_ar, e.name_en,
       count(DISTINCT f.article_id) AS articles,
       count(DISTINCT f.story_id)   AS stories
FROM article_entity AS f
JOIN related USING (article_id)
JOIN entities AS e USING (entity_id)
WHERE e.type IN ('person', 'organisation')
  AND f.published_date BETWEEN CAST($start AS DATE) AND CAST($end AS DATE)
GROUP BY week, f.entity_id, e.name_ar, e.name_en
QUALIFY row_number() OVER (PARTITION BY week ORDER BY articles DESC, f.entity_id) <= CAST($top AS INTEGER)
ORDER BY week, articles DESC, f.entity_id;
