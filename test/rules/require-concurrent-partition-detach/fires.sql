-- expect: require-concurrent-partition-detach@2
ALTER TABLE shipments DETACH PARTITION shipments_2019;
