-- expect: none
CREATE TABLE measurements (taken_at timestamptz NOT NULL, value numeric) PARTITION BY RANGE (taken_at);
CREATE TABLE measurements_2026 PARTITION OF measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX measurements_taken_at_idx ON ONLY measurements (taken_at);
CREATE INDEX CONCURRENTLY measurements_2026_taken_at_idx ON measurements_2026 (taken_at);
ALTER INDEX measurements_taken_at_idx ATTACH PARTITION measurements_2026_taken_at_idx;
CREATE INDEX measurements_value_idx ON measurements (value);
