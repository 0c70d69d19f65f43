-- settings: {"postgresVersion": "9.6"}
-- expect: none
-- identity columns do not exist before PostgreSQL 10
CREATE TABLE shipments (id bigserial PRIMARY KEY);
