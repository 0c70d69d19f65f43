-- expect: statement-after-access-exclusive@5, statement-after-access-exclusive@7
START TRANSACTION;
ALTER TABLE warehouses DROP COLUMN legacy_code; -- safeshift-ignore ban-drop-column
SET LOCAL statement_timeout = '5min';
CREATE TABLE regions (code text PRIMARY KEY);
DROP INDEX stock_old_idx; -- safeshift-ignore require-concurrent-index-deletion
INSERT INTO regions VALUES ('eu');
COMMIT;
