-- expect: none
DELETE FROM stock_movements WHERE created_at < now() - interval '2 years';
DELETE FROM stock_movements WHERE CURRENT OF c;
CREATE TABLE scratch (id bigint);
DELETE FROM scratch;
CREATE RULE keep_clean AS ON INSERT TO audit DO ALSO DELETE FROM audit_buffer;
BEGIN;
DELETE FROM warehouses WHERE id = 1;
COMMIT;
