-- Words of the sentence text of the articles an incremental publish replaces, counted as checks/drift_metrics counts them: run before and after their rows are replaced (the parts it appends are counted from their files, see patch_words_appended), the difference keeps the drift measures' word total without counting every sentence again.
SELECT coalesce(sum(len(string_split(trim(s.text), ' '))), 0)
FROM sentences AS s
SEMI JOIN changed_articles AS a ON a.article_id = s.article_id
WHERE trim(s.text) <> '';
