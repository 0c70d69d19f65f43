-- expect: none
-- Index a partitioned table: the parent ON ONLY (builds nothing), each partition concurrently, then attach.
CREATE INDEX measurements_taken_idx ON ONLY measurements (taken_at);
CREATE INDEX CONCURRENTLY measurements_2026_taken_idx ON measurements_2026 (taken_at);
ALTER INDEX measurements_taken_idx ATTACH PARTITION measurements_2026_taken_idx;
