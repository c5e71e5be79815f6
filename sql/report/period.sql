-- The report's default period: from the day before which only 1% of dated articles fall (stray old articles would stretch the time axis) to the last publication day.
SELECT quantile_disc(published_date, 0.01), max(published_date), count(*) FROM articles WHERE published_date IS NOT NULL;
