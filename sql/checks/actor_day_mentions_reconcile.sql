-- Difference between the mentions counted in actor_day and the dated person/organisation mentions of the base tables (0 when they reconcile).
SELECT abs(
    (SELECT coalesce(sum(mentions), 0) FROM actor_day)
    - (SELECT count(*) FROM mentions AS m
       JOIN entities AS e USING (entity_id)
       JOIN articles AS a USING (article_id)
       WHERE e.type IN ('person', 'organisation') AND NOT m.gentilic AND NOT m.in_boilerplate
         AND a.published_date IS NOT NULL)
);
