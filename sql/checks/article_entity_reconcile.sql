-- Difference between the title and body mentions counted in article_entity and the non-adjectival mentions of the base table (0 when they reconcile).
SELECT abs(
    (SELECT coalesce(sum(n), 0) FROM article_entity WHERE role <> 'quoted_speaker')
    - (SELECT count(*) FROM mentions WHERE NOT gentilic AND NOT in_boilerplate)
);
