-- expect: transaction-nesting@3, transaction-nesting@5
ALTER TABLE warehouses ADD COLUMN city text;
COMMIT;
ALTER TABLE warehouses ADD COLUMN state text;
ROLLBACK;
