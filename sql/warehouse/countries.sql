-- countries: every country's ISO code, English name and continent (GeoNames), the region of a place in the marts.
CREATE TABLE countries (
    country_code  VARCHAR PRIMARY KEY,  -- ISO 3166-1 alpha-2
    name_en       VARCHAR NOT NULL,
    continent     VARCHAR               -- Africa, Asia, Europe, North America, Oceania, South America, Antarctica
);
