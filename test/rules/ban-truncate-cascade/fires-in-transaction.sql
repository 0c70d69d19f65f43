-- settings: {"assumeInTransaction": true}
-- expect: ban-truncate-cascade@5
START TRANSACTION;
SET LOCAL lock_timeout = '2s';
TRUNCATE staging_rows CASCADE;
COMMIT;
