-- Delete a week mart's rows of the weeks of the patched days (the mart named by the caller).
DELETE FROM {table}
WHERE week IN (SELECT CAST(date_trunc('week', day) AS DATE) FROM patch_days);
