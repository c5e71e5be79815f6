-- Shadow `mentions` with the mentions of the patched (entity, day) keys, so a mart's own SQL recomputes only those rows (every mention of the entity that day, patched article or not; {db}: the warehouse file's catalogue).
CREATE OR REPLACE TEMP VIEW mentions AS
SELECT m.* FROM "{db}".main.mentions AS m
JOIN "{db}".main.articles AS a USING (article_id)
SEMI JOIN patch_keys_day AS k ON k.entity_id = m.entity_id AND k.day = a.published_date;
