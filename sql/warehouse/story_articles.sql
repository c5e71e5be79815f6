-- story_articles: the story each article belongs to (near-duplicate and syndicated copies share one), and the agency it credits.
CREATE TABLE story_articles (
    article_id   VARCHAR PRIMARY KEY,  -- joins articles
    story_id     VARCHAR NOT NULL,     -- the smallest article_id of the story; joins stories
    similarity   DOUBLE,               -- best Jaccard of word 5-grams with another member; NULL when the story has one article
    origin       VARCHAR,              -- agency credited in the lead («رويترز», «سانا», «فرانس برس»), NULL when none
    origin_text  VARCHAR               -- the credit as written (match text), e.g. «(رويترز)» or «- سانا»
);
