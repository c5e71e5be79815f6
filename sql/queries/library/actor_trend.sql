-- One actor's coverage week by week: articles, stories, outlets and share of the week's articles.
-- params: actor=
-- $actor: an entity_id or an Arabic name; empty for the most covered actor overall.
WITH chosen AS (
    SELECT entity_id FROM actor_week
    WHERE $actor = '' OR entity_id = $actor OR name_ar = $actor
    GROUP BY entity_id ORDER BY sum(articles) DESC, entity_id LIMIT 1
)
SELECT week, iso_year, iso_week, entity_id, name_ar, articles, stories, sources, mentions,
       round(share, 4) AS share, round(story_share, 4) AS story_share
FROM actor_week JOIN chosen USING (entity_id)
ORDER BY week;
