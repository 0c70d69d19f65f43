-- expect: prefer-timestamp-tz@2, prefer-timestamp-tz@2, prefer-timestamp-tz@3, prefer-timestamp-tz@4
CREATE TABLE shipments (id bigint, shipped_at timestamp, due_at timestamp(3) without time zone);
ALTER TABLE shipments ADD COLUMN seen_at TIMESTAMP[];
ALTER TABLE shipments ALTER COLUMN due_at TYPE timestamp(0);
