-- expect: concurrent-index-on-partitioned-table@4, ban-concurrent-index-creation-in-transaction@4
BEGIN;
CREATE TABLE events (id bigint, kind text) PARTITION BY LIST (kind);
CREATE INDEX CONCURRENTLY events_id_idx ON events (id);
COMMIT;
