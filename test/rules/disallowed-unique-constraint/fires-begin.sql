-- expect: disallowed-unique-constraint@3
BEGIN;
ALTER TABLE warehouses ADD CONSTRAINT warehouses_code_key UNIQUE (code);
COMMIT;
