-- expect: none
-- settings: {"assumeInTransaction": true}
SET LOCAL lock_timeout = '2s';
DROP TRIGGER IF EXISTS stock_audit ON stock;
