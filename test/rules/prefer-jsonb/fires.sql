-- expect: prefer-jsonb@2, prefer-jsonb@2, prefer-jsonb@3, prefer-jsonb@4, prefer-jsonb@5
CREATE TABLE shipments (id bigint, payload json, history json[]);
ALTER TABLE shipments ADD COLUMN meta pg_catalog.json;
ALTER TABLE shipments ALTER COLUMN extra TYPE json USING extra::json;
ALTER TABLE shipments ADD COLUMN "Raw" JSON NOT NULL DEFAULT '{}';
