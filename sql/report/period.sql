-- The warehouse's first and last publication days and its dated articles (the report's default period).
SELECT min(published_date), max(published_date), count(*) FROM articles WHERE published_date IS NOT NULL;
