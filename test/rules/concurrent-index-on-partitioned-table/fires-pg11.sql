-- settings: {"postgresVersion": 11}
-- expect: concurrent-index-on-partitioned-table@4
CREATE TABLE measurements (taken_at timestamptz NOT NULL, value numeric) PARTITION BY RANGE (taken_at);
CREATE INDEX CONCURRENTLY measurements_taken_at_idx ON measurements (taken_at);
