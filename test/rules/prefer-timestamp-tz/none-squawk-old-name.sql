-- expect: none
-- squawk-ignore prefer-timestamptz
CREATE TABLE shipments (id bigint, shipped_at timestamp);
-- squawk-ignore prefer-timestamp-tz
ALTER TABLE shipments ADD COLUMN seen_at timestamp;
