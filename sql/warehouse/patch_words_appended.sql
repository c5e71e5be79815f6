-- Words of the sentence text an incremental publish appends (appended_rows of sentences), counted as checks/drift_metrics counts them (see patch_words).
SELECT coalesce(sum(len(string_split(trim(text), ' '))), 0)
FROM appended_rows
WHERE trim(text) <> '';
