-- settings: {"postgresVersion": 14}
-- expect: require-concurrent-partition-detach@5
BEGIN;
-- old partitions go to cold storage
ALTER TABLE shipments DETACH PARTITION shipments_2019;
COMMIT;
