-- expect: none
CREATE TABLE scratch (id bigint, city text);
CREATE INDEX scratch_city_idx ON scratch (city);
DROP INDEX scratch_city_idx;
