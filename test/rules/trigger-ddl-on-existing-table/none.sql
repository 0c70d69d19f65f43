-- expect: none
BEGIN;
CREATE TABLE regions (code text);
CREATE TRIGGER regions_audit AFTER UPDATE ON regions FOR EACH ROW EXECUTE FUNCTION audit_regions();
ALTER TABLE regions DISABLE TRIGGER regions_audit;
DROP TRIGGER regions_audit ON regions;
COMMIT;
CREATE EVENT TRIGGER ddl_log ON ddl_command_end EXECUTE FUNCTION log_ddl();
DROP EVENT TRIGGER ddl_log;
ALTER TABLE stock ADD COLUMN note text;
