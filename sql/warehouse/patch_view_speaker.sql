-- Add the speakers quoted in the patched articles now (article_entity is patched) to those quoted before, and shadow `article_entity` with the rows of every article quoting one of them, so a speaker mart's own SQL recomputes their rows ({db}: the warehouse file's catalogue).
INSERT INTO patch_speakers
SELECT DISTINCT entity_id FROM "{db}".main.article_entity
WHERE role = 'quoted_speaker' AND article_id IN (SELECT article_id FROM patch_articles);
CREATE OR REPLACE TEMP VIEW article_entity AS
SELECT * FROM "{db}".main.article_entity
WHERE article_id IN (
    SELECT article_id FROM "{db}".main.article_entity
    WHERE role = 'quoted_speaker' AND entity_id IN (SELECT entity_id FROM patch_speakers)
);
