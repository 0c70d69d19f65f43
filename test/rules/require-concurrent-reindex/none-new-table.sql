-- expect: none
CREATE TABLE scratch (id bigint PRIMARY KEY);
REINDEX TABLE scratch;
