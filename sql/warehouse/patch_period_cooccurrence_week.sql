-- After an incremental publish recomputed cooccurrence_week's pairs of two patched (entity, week) keys: the other rows of the patched weeks take their entities' new article counts, the weeks' new article counts, and the scores computed from them as the mart does (their pair counts cannot have changed: a patched article naming both would have patched both keys).
UPDATE cooccurrence_week SET
    a_articles = u.a_articles,
    b_articles = u.b_articles,
    week_articles = u.week_articles,
    lift = u.lift,
    pmi = u.pmi,
    npmi = u.npmi
FROM (
    WITH actor_articles AS (
        SELECT DISTINCT m.article_id, m.entity_id,
               CAST(date_trunc('week', a.published_date) AS DATE) AS week
        FROM mentions AS m
        JOIN articles AS a USING (article_id)
        SEMI JOIN patch_keys_week AS k
            ON k.entity_id = m.entity_id
            AND k.week = CAST(date_trunc('week', a.published_date) AS DATE)
        WHERE a.published_date IS NOT NULL AND m.type IN ('person', 'organisation')
          AND NOT m.in_boilerplate
    ),
    singles AS (
        SELECT week, entity_id, count(*) AS n FROM actor_articles GROUP BY ALL
    ),
    weeks AS (
        SELECT CAST(date_trunc('week', published_date) AS DATE) AS week, count(*) AS week_articles
        FROM articles
        WHERE published_date IS NOT NULL
          AND CAST(date_trunc('week', published_date) AS DATE)
              IN (SELECT CAST(date_trunc('week', day) AS DATE) FROM patch_days)
        GROUP BY ALL
    ),
    now AS (
        SELECT c.week, c.entity_a, c.entity_b, c.pair_articles,
               coalesce(sa.n, c.a_articles) AS a_articles,
               coalesce(sb.n, c.b_articles) AS b_articles,
               w.week_articles
        FROM cooccurrence_week AS c
        JOIN weeks AS w USING (week)
        LEFT JOIN singles AS sa ON sa.week = c.week AND sa.entity_id = c.entity_a
        LEFT JOIN singles AS sb ON sb.week = c.week AND sb.entity_id = c.entity_b
    )
    SELECT week, entity_a, entity_b, a_articles, b_articles, week_articles,
        (pair_articles * week_articles) / (a_articles * b_articles)           AS lift,
        log2((pair_articles * week_articles) / (a_articles * b_articles))     AS pmi,
        CASE WHEN pair_articles = week_articles THEN 1.0
             ELSE log2((pair_articles * week_articles) / (a_articles * b_articles))
                  / -log2(pair_articles / week_articles) END                  AS npmi
    FROM now
) AS u
WHERE cooccurrence_week.week = u.week
  AND cooccurrence_week.entity_a = u.entity_a
  AND cooccurrence_week.entity_b = u.entity_b
  AND (cooccurrence_week.a_articles <> u.a_articles
       OR cooccurrence_week.b_articles <> u.b_articles
       OR cooccurrence_week.week_articles <> u.week_articles);
