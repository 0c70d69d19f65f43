-- expect: none
CREATE DOMAIN quantity AS integer;
CREATE DOMAIN amount AS numeric DEFAULT 0;
CREATE DOMAIN label AS text COLLATE "C" NULL;
