-- expect: prefer-robust-stmts@5
BEGIN;
ALTER TABLE shipments ADD COLUMN city text;
ROLLBACK;
ALTER TABLE shipments ADD COLUMN state text;
