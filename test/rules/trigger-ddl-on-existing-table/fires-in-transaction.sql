-- expect: trigger-ddl-on-existing-table@4
-- settings: {"assumeInTransaction": true}
SET LOCAL lock_timeout = '2s';
CREATE CONSTRAINT TRIGGER stock_check AFTER INSERT ON stock DEFERRABLE FOR EACH ROW EXECUTE FUNCTION check_stock();
-- the lock stays held while this runs
UPDATE stock SET checked = true WHERE id < 1000;
