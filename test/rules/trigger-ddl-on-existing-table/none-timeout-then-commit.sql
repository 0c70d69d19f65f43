-- expect: none
SET lock_timeout = '2s';
CREATE TRIGGER stock_audit AFTER UPDATE ON stock FOR EACH ROW EXECUTE FUNCTION audit_stock();
BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE stock DISABLE TRIGGER stock_audit;
SET LOCAL statement_timeout = '1min';
COMMIT;
