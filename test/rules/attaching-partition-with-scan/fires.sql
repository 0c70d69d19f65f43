-- expect: attaching-partition-with-scan@2, attaching-partition-with-scan@3
ALTER TABLE measurements ATTACH PARTITION measurements_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
ALTER TABLE measurements ATTACH PARTITION archive.measurements_old DEFAULT;
