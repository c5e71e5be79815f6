-- Office holders over time: who was reported in an office (title contains $title), month by month.
-- params: title=, country=
-- $title: part of the title («وزير», «رئيس الوزراء»); $country: ISO code of the office's country; empty for all.
SELECT CAST(date_trunc('month', published_date) AS DATE) AS month, title,
       person_entity_id, any_value(person_name) AS person_name, any_value(org_name) AS org_name,
       country_code, count(DISTINCT article_id) AS articles
FROM roles
WHERE published_date IS NOT NULL AND contains(title, $title)
  AND ($country = '' OR country_code = $country)
GROUP BY month, title, person_entity_id, country_code
ORDER BY month, title, articles DESC, person_entity_id;
