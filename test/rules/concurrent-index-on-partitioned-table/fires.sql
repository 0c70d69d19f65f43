-- expect: concurrent-index-on-partitioned-table@4, concurrent-index-on-partitioned-table@5
CREATE TABLE measurements (taken_at timestamptz NOT NULL, value numeric) PARTITION BY RANGE (taken_at);
CREATE TABLE measurements_2026 PARTITION OF measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX CONCURRENTLY measurements_taken_at_idx ON measurements (taken_at);
CREATE INDEX CONCURRENTLY IF NOT EXISTS measurements_value_idx ON public.measurements USING btree (value);
