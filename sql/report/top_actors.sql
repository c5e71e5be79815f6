-- The most covered people and organisations in a period, by articles (the report's main table).
SELECT entity_id, any_value(name_ar) AS name_ar, any_value(name_en) AS name_en, any_value(type) AS type,
       sum(articles) AS articles, sum(mentions) AS mentions, count(*) AS days
FROM actor_day
WHERE published_date BETWEEN $start AND $end
GROUP BY entity_id
ORDER BY articles DESC, entity_id
LIMIT $top;
