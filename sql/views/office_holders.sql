-- office_holders: who was reported in which office, and over which span of publication dates.
CREATE VIEW office_holders AS
SELECT
    person_entity_id, any_value(person_name) AS person_name, title,
    org_entity_id, any_value(org_name) AS org_name, country_code,
    count(DISTINCT article_id) AS articles,
    min(published_date) AS first_seen,
    max(published_date) AS last_seen
FROM roles
GROUP BY person_entity_id, title, org_entity_id, country_code;
