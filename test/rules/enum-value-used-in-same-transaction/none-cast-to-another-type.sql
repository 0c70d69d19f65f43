-- expect: none
BEGIN;
ALTER TYPE order_status ADD VALUE 'refunded' AFTER 'paid';
-- the literal is text here, never read as an order_status
INSERT INTO audit_log (event) VALUES ('refunded'::text);
SELECT count(*) FROM notes WHERE body = CAST('refunded' AS varchar);
COMMIT;
