-- expect: wide-lock-window@5, wide-lock-window@6
-- settings: {"assumeInTransaction": true}
CREATE INDEX stock_sku_idx ON stock (sku); -- safeshift-ignore require-concurrent-index-creation
ALTER TABLE stock ADD COLUMN region text;
CREATE TRIGGER audit_warehouses AFTER UPDATE ON warehouses FOR EACH ROW EXECUTE FUNCTION audit();
LOCK TABLE shipments, stock IN SHARE MODE;
