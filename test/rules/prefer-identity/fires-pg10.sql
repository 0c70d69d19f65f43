-- settings: {"postgresVersion": 10}
-- expect: prefer-identity@3
CREATE TABLE shipments (id serial8 PRIMARY KEY);
