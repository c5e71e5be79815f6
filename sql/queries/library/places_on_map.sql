-- Places to put on a map for a period: coordinates, country, region and articles (undated articles left out).
-- params: start=1900-01-01, end=2100-12-31, region=
-- $region: a continent (Asia, Africa, Europe, ...); empty for all.
SELECT entity_id, any_value(name_ar) AS name_ar, any_value(name_en) AS name_en, any_value(kind) AS kind,
       any_value(country_code) AS country_code, any_value(region) AS region,
       any_value(latitude) AS latitude, any_value(longitude) AS longitude,
       sum(articles) AS articles, sum(mentions) AS mentions
FROM place_day
WHERE latitude IS NOT NULL
  AND published_date BETWEEN CAST($start AS DATE) AND CAST($end AS DATE)
  AND ($region = '' OR region = $region)
GROUP BY entity_id
ORDER BY articles DESC, entity_id;
