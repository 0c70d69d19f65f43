-- expect: none
CREATE TABLE shipments (id bigint, payload jsonb, history jsonb[], json text);
ALTER TABLE shipments ADD COLUMN meta jsonb;
ALTER TABLE shipments ADD COLUMN doc myschema.json;
SELECT '{}'::json;
