-- expect: ban-truncate-cascade@2
TRUNCATE warehouses CASCADE;
