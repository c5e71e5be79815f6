-- Places with coordinates and their articles in a period (the map).
SELECT entity_id, any_value(name_ar) AS name_ar, any_value(latitude) AS latitude,
       any_value(longitude) AS longitude, sum(articles) AS articles
FROM place_day
WHERE latitude IS NOT NULL AND published_date BETWEEN $start AND $end
GROUP BY entity_id
ORDER BY articles DESC, entity_id;
