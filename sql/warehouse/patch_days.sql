-- Add the publication days of the patched articles present now (called before their rows are deleted too, so a day an article left is patched).
INSERT INTO patch_days
SELECT DISTINCT published_date FROM articles
WHERE article_id IN (SELECT article_id FROM patch_articles) AND published_date IS NOT NULL;
