-- expect: ban-drop-database@4
-- PostgreSQL also refuses DROP DATABASE inside a transaction block.
BEGIN;
DROP DATABASE warehouse_reports;
COMMIT;
