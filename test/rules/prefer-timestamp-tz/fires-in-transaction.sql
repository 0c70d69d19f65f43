-- expect: prefer-timestamp-tz@3
BEGIN;
ALTER TABLE shipments ADD COLUMN delivered_at timestamp without time zone;
COMMIT;
