-- Delete a day mart's rows of the patched days (the mart named by the caller).
DELETE FROM {table} WHERE published_date IN (SELECT day FROM patch_days);
