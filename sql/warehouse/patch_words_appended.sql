-- Words of the sentence text in the sentence parts an incremental publish appends ($files), counted as checks/drift_metrics counts them (see patch_words).
SELECT coalesce(sum(len(string_split(trim(text), ' '))), 0)
FROM read_parquet($files, union_by_name = true)
WHERE trim(text) <> '';
