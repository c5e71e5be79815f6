-- Shadow `mentions` with the mentions of the patched (entity, ISO week) keys, so a pair mart's own SQL recomputes the pairs of two patched keys, from every article of the week naming both ({db}: the warehouse file's catalogue).
CREATE OR REPLACE TEMP VIEW mentions AS
SELECT m.* FROM "{db}".main.mentions AS m
JOIN "{db}".main.articles AS a USING (article_id)
SEMI JOIN patch_keys_week AS k
    ON k.entity_id = m.entity_id AND k.week = CAST(date_trunc('week', a.published_date) AS DATE);
