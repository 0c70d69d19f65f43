-- expect: statement-after-access-exclusive@5
-- settings: {"assumeInTransaction": true}
SET lock_timeout = '2s';
ALTER TABLE warehouses ADD COLUMN code text;
CREATE UNIQUE INDEX warehouses_code_key ON warehouses (code); -- safeshift-ignore require-concurrent-index-creation
