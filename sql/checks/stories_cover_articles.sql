-- Articles without exactly one story, plus stories whose article count disagrees with story_articles (0 when every article is in one story).
SELECT
    (SELECT count(*) FROM articles AS a
     WHERE (SELECT count(*) FROM story_articles AS s WHERE s.article_id = a.article_id) <> 1)
  + (SELECT count(*) FROM stories AS t
     WHERE t.articles <> (SELECT count(*) FROM story_articles AS s WHERE s.story_id = t.story_id));
