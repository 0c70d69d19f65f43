-- Up Migration
CREATE TABLE tags (
    id serial PRIMARY KEY,
    label text NOT NULL
);

-- Down Migration
DROP TABLE tags;
