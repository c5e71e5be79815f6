-- Words of the sentence text of the articles an incremental publish replaces (and of those it appends), counted as checks/drift_metrics counts them: run before and after the patch, the difference keeps the drift measures' word total without counting every sentence again.
SELECT coalesce(sum(len(string_split(trim(text), ' '))), 0) FROM sentences
WHERE trim(text) <> ''
  AND (article_id IN (SELECT article_id FROM changed_articles)
       OR article_id IN (SELECT article_id FROM patch_appended));
