CREATE TABLE posts (
    id serial PRIMARY KEY,
    title varchar NOT NULL,
    body text NOT NULL,
    published boolean NOT NULL DEFAULT false
);
