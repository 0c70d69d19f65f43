-- expect: trigger-ddl-on-existing-table@2, trigger-ddl-on-existing-table@3, trigger-ddl-on-existing-table@4, trigger-ddl-on-existing-table@5, trigger-ddl-on-existing-table@6
CREATE TRIGGER stock_audit AFTER UPDATE ON stock FOR EACH ROW EXECUTE FUNCTION audit_stock();
CREATE OR REPLACE TRIGGER stock_audit AFTER INSERT OR UPDATE ON public.stock FOR EACH ROW EXECUTE FUNCTION audit_stock();
DROP TRIGGER IF EXISTS stock_audit ON public.stock;
ALTER TABLE stock DISABLE TRIGGER ALL;
ALTER TABLE stock ENABLE TRIGGER stock_audit;
